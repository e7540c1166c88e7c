package dev.unblock.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.junit.jupiter.api.Test;

/** The tree has the shape the engine relies on: which rule a construct lands in, precedence, tokens. */
class GrammarShapeTest {

    @Test
    void softKeywordsAreNamesUnlessTheyStartTheirStatement() throws Exception {
        SourceFile f = parse("match = 1\nmatch(x)\nmatch x:\n    case _:\n        pass\ntype = 2\ntype T = int\n");
        assertThat(all(f.tree(), PythonParser.Match_stmtContext.class)).hasSize(1);
        assertThat(all(f.tree(), PythonParser.Type_aliasContext.class)).hasSize(1);
        assertThat(all(f.tree(), PythonParser.Expr_stmtContext.class)).extracting(f::text)
                .containsExactly("match = 1", "match(x)", "type = 2");
    }

    @Test
    void operatorsBindAsInPython() throws Exception {
        SourceFile f = parse("y = -x ** 2\nz = a is not b\nw = not a == b\nv = await c ** 2\n");
        PythonParser.UnaryExprContext unary = first(f.tree(), PythonParser.UnaryExprContext.class);
        assertThat(f.text(unary.expr())).isEqualTo("x ** 2");
        PythonParser.Comp_opContext isNot = first(f.tree(), PythonParser.Comp_opContext.class);
        assertThat(isNot.getText()).isEqualTo("isnot");
        PythonParser.InversionContext not = all(f.tree(), PythonParser.InversionContext.class).stream()
                .filter(i -> i.NOT() != null).findFirst().orElseThrow();
        assertThat(f.text(not.inversion())).isEqualTo("a == b");
        PythonParser.PowerExprContext power = all(f.tree(), PythonParser.PowerExprContext.class).get(1);
        assertThat(f.text(power.expr(0))).isEqualTo("await c");
    }

    @Test
    void indentAndDedentAreZeroWidthAndFileRebuildsFromTokens() throws Exception {
        String text = "if x:\n    y = 1\n# done\n";
        SourceFile f = parse(text);
        List<Token> indents = f.tokens().stream()
                .filter(t -> t.getType() == PythonLexer.INDENT || t.getType() == PythonLexer.DEDENT).toList();
        assertThat(indents).hasSize(2).allSatisfy(t -> {
            assertThat(t.getText()).isEmpty();
            assertThat(f.end(t)).isEqualTo(f.start(t));
        });
        assertThat(f.joinedTokens()).isEqualTo(text);
    }

    @Test
    void fstringFieldsFormatSpecsAndNestedQuotesAreTokenized() throws Exception {
        SourceFile f = parse("s = f\"{a:=^10} {f\"{b!r}\"} {c=} {d:{w}.{p}}\"\n");
        List<String> kinds = new ArrayList<>();
        for (Token t : f.tokens()) {
            if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                kinds.add(PythonLexer.VOCABULARY.getSymbolicName(t.getType()) + ":" + t.getText());
            }
        }
        assertThat(kinds).containsSubsequence("LBRACE:{", "NAME:a", "COLON::", "FSTRING_MIDDLE:=^10", "RBRACE:}");
        assertThat(kinds).containsSubsequence("FSTRING_START:f\"", "LBRACE:{", "NAME:b", "EXCLAMATION:!", "NAME:r",
                "RBRACE:}", "FSTRING_END:\"");
        assertThat(kinds).containsSubsequence("NAME:c", "EQUAL:=", "RBRACE:}");
        assertThat(all(f.tree(), PythonParser.Fstring_fieldContext.class)).hasSize(7);
        assertThat(all(f.tree(), PythonParser.FstringContext.class)).hasSize(2);
    }

    @Test
    void exceptWithoutParenthesesTakesEveryType() throws Exception {
        SourceFile f = parse("try:\n    pass\nexcept A, B:\n    pass\n");
        assertThat(first(f.tree(), PythonParser.Except_clauseContext.class).expression()).hasSize(2);
    }

    @Test
    void positionsFollowPythonLineEndsAndCountCharsInColumns() throws Exception {
        SourceFile f = parse("a = 1\r\nb = '😀'\rc = 3\n");
        assertThat(f.lineCount()).isEqualTo(3);
        int c = f.text().indexOf('c');
        assertThat(f.line(c)).isEqualTo(3);
        assertThat(f.column(c)).isEqualTo(1);
        assertThat(f.offset(3, 1)).isEqualTo(c);
        Token three = f.tokens().stream().filter(t -> t.getText().equals("3")).findFirst().orElseThrow();
        assertThat(f.start(three)).isEqualTo(f.text().indexOf('3'));
        assertThat(f.text().substring(f.start(three), f.end(three))).isEqualTo("3");
    }

    @Test
    void nodesKnowTheirTokensAndLeadingComments() throws Exception {
        SourceFile f = parse("x = 1  # not mine\n\n# about f\n# more\ndef f():\n    # inner\n    return x\n");
        PythonParser.Function_defContext def = first(f.tree(), PythonParser.Function_defContext.class);
        assertThat(f.leadingComments((ParserRuleContext) def.getParent().getParent())).extracting(Token::getText)
                .containsExactly("# about f", "# more");
        PythonParser.StmtContext ret = all(f.tree(), PythonParser.StmtContext.class).get(2);
        assertThat(f.leadingComments(ret)).extracting(Token::getText).containsExactly("# inner");
        assertThat(f.tokensOf(def).get(0).getText()).isEqualTo("def");
        assertThat(f.text(def)).startsWith("def f():").endsWith("return x\n");
    }

    static SourceFile parse(String text) throws PythonSyntaxError {
        return PythonSource.parse("test.py", text);
    }

    static <T extends ParseTree> T first(ParseTree root, Class<T> type) {
        return all(root, type).get(0);
    }

    static <T extends ParseTree> List<T> all(ParseTree root, Class<T> type) {
        List<T> found = new ArrayList<>();
        collect(root, type, found);
        return found;
    }

    private static <T extends ParseTree> void collect(ParseTree node, Class<T> type, List<T> found) {
        if (type.isInstance(node)) {
            found.add(type.cast(node));
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            collect(node.getChild(i), type, found);
        }
    }
}
