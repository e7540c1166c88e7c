/*
 * Python 3.8–3.14 tokens, written for Unblock from the Python Language Reference
 * (chapter 2, "Lexical analysis"). Lossless: nothing is skipped. Whitespace, comments, line
 * continuations and a leading BOM go to the hidden channel; PythonLexerBase decides which NEWLINEs
 * are logical, adds zero-width INDENT/DEDENT tokens, and drives the f-string modes.
 * No rule starts with a semantic predicate (that would disable the lexer's DFA cache).
 */
lexer grammar PythonLexer;

options { superClass = PythonLexerBase; }

tokens { INDENT, DEDENT, FSTRING_START, FSTRING_MIDDLE, FSTRING_END, LBRACE, RBRACE }

// ---- keywords (hard) ----
FALSE    : 'False';
NONE     : 'None';
TRUE     : 'True';
AND      : 'and';
AS       : 'as';
ASSERT   : 'assert';
ASYNC    : 'async';
AWAIT    : 'await';
BREAK    : 'break';
CLASS    : 'class';
CONTINUE : 'continue';
DEF      : 'def';
DEL      : 'del';
ELIF     : 'elif';
ELSE     : 'else';
EXCEPT   : 'except';
FINALLY  : 'finally';
FOR      : 'for';
FROM     : 'from';
GLOBAL   : 'global';
IF       : 'if';
IMPORT   : 'import';
IN       : 'in';
IS       : 'is';
LAMBDA   : 'lambda';
NONLOCAL : 'nonlocal';
NOT      : 'not';
OR       : 'or';
PASS     : 'pass';
RAISE    : 'raise';
RETURN   : 'return';
TRY      : 'try';
WHILE    : 'while';
WITH     : 'with';
YIELD    : 'yield';

// ---- soft keywords: own token types, accepted wherever a name is ----
MATCH : 'match';
CASE  : 'case';
TYPE  : 'type';

// ---- literals ----
NUMBER
    : INTEGER
    | FLOAT
    | (FLOAT | DIGIT_PART) [jJ]
    ;

// Ordinary (non-f, non-t) strings and bytes, any prefix case. A backslash always escapes the next
// character for the purpose of finding the end, in raw strings too.
STRING
    : STRING_PREFIX? ( SHORT_STRING_SQ | SHORT_STRING_DQ | LONG_STRING_SQ | LONG_STRING_DQ )
    ;

// f-strings and t-strings (PEP 701, PEP 750): the start token carries prefix and quote; a mode per
// quote style (and raw-ness) lexes the literal parts.
FSTRING_START_SQ     : F_PREFIX '\''     -> type(FSTRING_START), pushMode(F_SQ);
FSTRING_START_DQ     : F_PREFIX '"'      -> type(FSTRING_START), pushMode(F_DQ);
FSTRING_START_TSQ    : F_PREFIX '\'\'\'' -> type(FSTRING_START), pushMode(F_TSQ);
FSTRING_START_TDQ    : F_PREFIX '"""'    -> type(FSTRING_START), pushMode(F_TDQ);
RFSTRING_START_SQ    : RF_PREFIX '\''     -> type(FSTRING_START), pushMode(RF_SQ);
RFSTRING_START_DQ    : RF_PREFIX '"'      -> type(FSTRING_START), pushMode(RF_DQ);
RFSTRING_START_TSQ   : RF_PREFIX '\'\'\'' -> type(FSTRING_START), pushMode(RF_TSQ);
RFSTRING_START_TDQ   : RF_PREFIX '"""'    -> type(FSTRING_START), pushMode(RF_TDQ);

NAME : ID_START ID_CONTINUE*;

// ---- operators and delimiters ----
LPAR        : '(';
RPAR        : ')';
LSQB        : '[';
RSQB        : ']';
OPEN_BRACE  : '{' -> type(LBRACE);
CLOSE_BRACE : '}' -> type(RBRACE);
COLON       : ':';
COMMA       : ',';
SEMI        : ';';
PLUS        : '+';
MINUS       : '-';
STAR        : '*';
SLASH       : '/';
VBAR        : '|';
AMPER       : '&';
LESS        : '<';
GREATER     : '>';
EQUAL       : '=';
DOT         : '.';
PERCENT     : '%';
EQEQUAL     : '==';
NOTEQUAL    : '!=';
LESSEQUAL   : '<=';
GREATEREQUAL: '>=';
TILDE       : '~';
CIRCUMFLEX  : '^';
LEFTSHIFT   : '<<';
RIGHTSHIFT  : '>>';
DOUBLESTAR  : '**';
PLUSEQUAL   : '+=';
MINEQUAL    : '-=';
STAREQUAL   : '*=';
SLASHEQUAL  : '/=';
PERCENTEQUAL: '%=';
AMPEREQUAL  : '&=';
VBAREQUAL   : '|=';
CIRCUMFLEXEQUAL : '^=';
LEFTSHIFTEQUAL  : '<<=';
RIGHTSHIFTEQUAL : '>>=';
DOUBLESTAREQUAL : '**=';
DOUBLESLASH     : '//';
DOUBLESLASHEQUAL: '//=';
AT          : '@';
ATEQUAL     : '@=';
RARROW      : '->';
ELLIPSIS    : '...';
COLONEQUAL  : ':=';
EXCLAMATION : '!';

// ---- layout ----
NEWLINE           : '\r\n' | '\r' | '\n';
WS                : [ \t\f]+ -> channel(HIDDEN);
COMMENT           : '#' ~[\r\n]* -> channel(HIDDEN);
LINE_CONTINUATION : '\\' ( '\r\n' | '\r' | '\n' | EOF ) -> channel(HIDDEN);
BOM               : '\uFEFF' -> channel(HIDDEN);

// ---- fragments ----
fragment STRING_PREFIX : [rRuUbB] | [bB][rR] | [rR][bB];
fragment F_PREFIX      : [fFtT];
fragment RF_PREFIX     : [fFtT][rR] | [rR][fFtT];

fragment SHORT_STRING_SQ : '\'' ( ESCAPE_PAIR | ~[\\\r\n'] )* '\'';
fragment SHORT_STRING_DQ : '"' ( ESCAPE_PAIR | ~[\\\r\n"] )* '"';
fragment LONG_STRING_SQ  : '\'\'\'' ( ESCAPE_PAIR | ~'\\' )*? '\'\'\'';
fragment LONG_STRING_DQ  : '"""' ( ESCAPE_PAIR | ~'\\' )*? '"""';
fragment ESCAPE_PAIR     : '\\' ( '\r\n' | . );

fragment INTEGER     : DEC_INTEGER | '0' [xX] ( '_'? HEX_DIGIT )+ | '0' [oO] ( '_'? [0-7] )+ | '0' [bB] ( '_'? [01] )+;
fragment DEC_INTEGER : [1-9] ( '_'? DIGIT )* | '0' ( '_'? '0' )*;
fragment FLOAT       : POINT_FLOAT | ( DIGIT_PART | POINT_FLOAT ) [eE] [+-]? DIGIT_PART;
fragment POINT_FLOAT : DIGIT_PART? '.' DIGIT_PART | DIGIT_PART '.';
fragment DIGIT_PART  : DIGIT ( '_'? DIGIT )*;
fragment DIGIT       : [0-9];
fragment HEX_DIGIT   : [0-9a-fA-F];

// Identifiers: XID_Start / XID_Continue plus the underscore (PEP 3131). The Other_ID_Start and
// Other_ID_Continue characters are in XID_* already.
fragment ID_START    : [_\p{XID_Start}];
fragment ID_CONTINUE : [\p{XID_Continue}];

// Literal text of f-strings. `{{`/`}}` are text; `\N{NAME}` is an escape in non-raw strings; a
// backslash before `{` is a lone backslash and the brace opens a field (as CPython does): that one is a
// token of its own, so a backslash inside the text can never be re-read as escaping the closing quote.
fragment F_ESCAPE    : '\\' ( '\r\n' | ~[{}N] ) | '\\N{' ~[}\r\n'"]* '}' | '{{' | '}}';
fragment RF_ESCAPE   : '\\' ( '\r\n' | ~[{}] ) | '{{' | '}}';

// ---- f-string modes: single quote, double quote, their triple forms; raw variants ----
mode F_SQ;
F_SQ_END     : '\'' -> popMode, type(FSTRING_END);
F_SQ_MIDDLE  : ( F_ESCAPE | ~[\\{}'\r\n] )+ -> type(FSTRING_MIDDLE);
F_SQ_BACKSLASH : '\\' -> type(FSTRING_MIDDLE);
F_SQ_LBRACE  : '{' -> type(LBRACE);
F_SQ_RBRACE  : '}' -> type(RBRACE);

mode F_DQ;
F_DQ_END     : '"' -> popMode, type(FSTRING_END);
F_DQ_MIDDLE  : ( F_ESCAPE | ~[\\{}"\r\n] )+ -> type(FSTRING_MIDDLE);
F_DQ_BACKSLASH : '\\' -> type(FSTRING_MIDDLE);
F_DQ_LBRACE  : '{' -> type(LBRACE);
F_DQ_RBRACE  : '}' -> type(RBRACE);

mode F_TSQ;
F_TSQ_END    : '\'\'\'' -> popMode, type(FSTRING_END);
F_TSQ_MIDDLE : ( F_ESCAPE | ~[\\{}'] )+ -> type(FSTRING_MIDDLE);
F_TSQ_BACKSLASH : '\\' -> type(FSTRING_MIDDLE);
F_TSQ_QUOTE  : '\'' '\''? -> type(FSTRING_MIDDLE);
F_TSQ_LBRACE : '{' -> type(LBRACE);
F_TSQ_RBRACE : '}' -> type(RBRACE);

mode F_TDQ;
F_TDQ_END    : '"""' -> popMode, type(FSTRING_END);
F_TDQ_MIDDLE : ( F_ESCAPE | ~[\\{}"] )+ -> type(FSTRING_MIDDLE);
F_TDQ_BACKSLASH : '\\' -> type(FSTRING_MIDDLE);
F_TDQ_QUOTE  : '"' '"'? -> type(FSTRING_MIDDLE);
F_TDQ_LBRACE : '{' -> type(LBRACE);
F_TDQ_RBRACE : '}' -> type(RBRACE);

mode RF_SQ;
RF_SQ_END    : '\'' -> popMode, type(FSTRING_END);
RF_SQ_MIDDLE : ( RF_ESCAPE | ~[\\{}'\r\n] )+ -> type(FSTRING_MIDDLE);
RF_SQ_BACKSLASH : '\\' -> type(FSTRING_MIDDLE);
RF_SQ_LBRACE : '{' -> type(LBRACE);
RF_SQ_RBRACE : '}' -> type(RBRACE);

mode RF_DQ;
RF_DQ_END    : '"' -> popMode, type(FSTRING_END);
RF_DQ_MIDDLE : ( RF_ESCAPE | ~[\\{}"\r\n] )+ -> type(FSTRING_MIDDLE);
RF_DQ_BACKSLASH : '\\' -> type(FSTRING_MIDDLE);
RF_DQ_LBRACE : '{' -> type(LBRACE);
RF_DQ_RBRACE : '}' -> type(RBRACE);

mode RF_TSQ;
RF_TSQ_END    : '\'\'\'' -> popMode, type(FSTRING_END);
RF_TSQ_MIDDLE : ( RF_ESCAPE | ~[\\{}'] )+ -> type(FSTRING_MIDDLE);
RF_TSQ_BACKSLASH : '\\' -> type(FSTRING_MIDDLE);
RF_TSQ_QUOTE  : '\'' '\''? -> type(FSTRING_MIDDLE);
RF_TSQ_LBRACE : '{' -> type(LBRACE);
RF_TSQ_RBRACE : '}' -> type(RBRACE);

mode RF_TDQ;
RF_TDQ_END    : '"""' -> popMode, type(FSTRING_END);
RF_TDQ_MIDDLE : ( RF_ESCAPE | ~[\\{}"] )+ -> type(FSTRING_MIDDLE);
RF_TDQ_BACKSLASH : '\\' -> type(FSTRING_MIDDLE);
RF_TDQ_QUOTE  : '"' '"'? -> type(FSTRING_MIDDLE);
RF_TDQ_LBRACE : '{' -> type(LBRACE);
RF_TDQ_RBRACE : '}' -> type(RBRACE);

// The format spec after a field's top-level `:`: text until a nested field or the closing brace.
mode FORMAT_SPEC;
SPEC_MIDDLE  : ~[{}]+ -> type(FSTRING_MIDDLE);
SPEC_LBRACE  : '{' -> type(LBRACE);
SPEC_RBRACE  : '}' -> type(RBRACE);
