/*
 * Python 3.8–3.14 syntax, written for Unblock from the Python Language Reference (chapters 6–8 and
 * the full grammar specification). Not a translation of CPython's PEG grammar: rules are
 * left-factored so that nearly every decision is LL(1), and some checks CPython makes in the grammar
 * (which expressions may be assigned to, argument order) are left to later passes.
 * Binary and unary operators share one left-recursive rule, `expr`, whose alternatives are ordered
 * from the tightest binding to the loosest.
 */
parser grammar PythonParser;

options { tokenVocab = PythonLexer; contextSuperClass = PythonContext; }

file_input : (NEWLINE | stmt)* EOF;

// ===== statements =====

stmt : compound_stmt | simple_stmts;

simple_stmts : simple_stmt (SEMI simple_stmt)* SEMI? NEWLINE;

simple_stmt
    : expr_stmt
    | type_alias
    | return_stmt
    | import_stmt
    | raise_stmt
    | pass_stmt
    | del_stmt
    | yield_stmt
    | assert_stmt
    | break_stmt
    | continue_stmt
    | global_stmt
    | nonlocal_stmt
    ;

// An expression, an assignment (possibly chained), an augmented or an annotated assignment.
expr_stmt
    : star_expressions
      ( annotation (EQUAL assigned_value)?
      | augassign assigned_value
      | (EQUAL assigned_value)*
      )
    ;

annotation : COLON expression;

assigned_value : yield_expr | star_expressions;

augassign
    : PLUSEQUAL | MINEQUAL | STAREQUAL | ATEQUAL | SLASHEQUAL | PERCENTEQUAL | AMPEREQUAL | VBAREQUAL
    | CIRCUMFLEXEQUAL | LEFTSHIFTEQUAL | RIGHTSHIFTEQUAL | DOUBLESTAREQUAL | DOUBLESLASHEQUAL
    ;

type_alias : TYPE name type_params? EQUAL expression;

return_stmt   : RETURN star_expressions?;
raise_stmt    : RAISE (expression (FROM expression)?)?;
pass_stmt     : PASS;
break_stmt    : BREAK;
continue_stmt : CONTINUE;
del_stmt      : DEL targets;
yield_stmt    : yield_expr;
assert_stmt   : ASSERT expression (COMMA expression)?;
global_stmt   : GLOBAL name (COMMA name)*;
nonlocal_stmt : NONLOCAL name (COMMA name)*;

import_stmt : import_name | import_from;
import_name : IMPORT dotted_as_name (COMMA dotted_as_name)*;
import_from
    : FROM (DOT | ELLIPSIS)* dotted_name? IMPORT
      ( STAR
      | LPAR import_as_name (COMMA import_as_name)* COMMA? RPAR
      | import_as_name (COMMA import_as_name)*
      )
    ;
import_as_name : name (AS name)?;
dotted_as_name : dotted_name (AS name)?;
dotted_name    : name (DOT name)*;

compound_stmt
    : function_def
    | if_stmt
    | class_def
    | with_stmt
    | for_stmt
    | try_stmt
    | while_stmt
    | match_stmt
    | decorated
    | async_stmt
    ;

async_stmt : ASYNC (function_def | with_stmt | for_stmt);

decorated : decorator+ (class_def | function_def | async_stmt);
decorator : AT named_expression NEWLINE;

function_def : DEF name type_params? LPAR parameters? RPAR (RARROW expression)? COLON block;

// Parameters in any order (`/`, `*`, `*args`, `**kwargs`, defaults); their order is checked later.
parameters : parameter (COMMA parameter)* COMMA?;
parameter
    : SLASH
    | STAR (name (COLON star_expression)?)?
    | DOUBLESTAR name (COLON expression)?
    | name (COLON expression)? (EQUAL expression)?
    ;

class_def : CLASS name type_params? (LPAR arguments? RPAR)? COLON block;

type_params : LSQB type_param (COMMA type_param)* COMMA? RSQB;
type_param
    : name (COLON expression)? (EQUAL expression)?
    | STAR name (EQUAL star_expression)?
    | DOUBLESTAR name (EQUAL expression)?
    ;

block : NEWLINE INDENT stmt+ DEDENT | simple_stmts;

if_stmt   : IF named_expression COLON block elif_clause* else_clause?;
elif_clause : ELIF named_expression COLON block;
else_clause : ELSE COLON block;

while_stmt : WHILE named_expression COLON block else_clause?;

for_stmt : FOR targets IN star_expressions COLON block else_clause?;

// `with (a, b):` is read as parenthesized items when that is the only way (`as` inside); a plain
// parenthesized expression otherwise.
with_stmt
    : WITH ( LPAR with_item (COMMA with_item)* COMMA? RPAR COLON
           | with_item (COMMA with_item)* COLON
           ) block
    ;
with_item : expression (AS target)?;

try_stmt
    : TRY COLON block
      ( except_clause+ else_clause? finally_clause?
      | finally_clause
      )
    ;
// `except*` (3.11) and `except A, B:` without parentheses (PEP 758, 3.14).
except_clause : EXCEPT STAR? (expression (COMMA expression)* (AS name)?)? COLON block;
finally_clause : FINALLY COLON block;

// ===== match statement (PEP 634) =====

match_stmt : MATCH subject COLON NEWLINE INDENT case_block+ DEDENT;
subject    : star_named_expression (COMMA star_named_expression)* COMMA?;
case_block : CASE patterns guard? COLON block;
guard      : IF named_expression;

patterns : maybe_star_pattern (COMMA maybe_star_pattern)* COMMA?;
maybe_star_pattern : STAR name | pattern;
pattern    : or_pattern (AS name)?;
or_pattern : closed_pattern (VBAR closed_pattern)*;
closed_pattern
    : literal_pattern
    | name_or_attr (LPAR class_pattern_args? RPAR)?     // capture, wildcard, value or class pattern
    | LPAR patterns? RPAR                               // group or tuple
    | LSQB patterns? RSQB
    | LBRACE mapping_items? RBRACE
    ;
literal_pattern
    : signed_number ((PLUS | MINUS) NUMBER)?
    | strings
    | NONE
    | TRUE
    | FALSE
    ;
signed_number : MINUS? NUMBER;
name_or_attr  : name (DOT name)*;
mapping_items : mapping_item (COMMA mapping_item)* COMMA?;
mapping_item
    : (literal_pattern | name_or_attr) COLON pattern
    | DOUBLESTAR name
    ;
class_pattern_args : class_pattern_arg (COMMA class_pattern_arg)* COMMA?;
class_pattern_arg  : name EQUAL pattern | pattern;

// ===== expressions =====

star_expressions : star_expression (COMMA star_expression)* COMMA?;
star_expression  : STAR expr | expression;

star_named_expression : STAR expr | named_expression;

named_expression : expression (COLONEQUAL expression)?;

expression
    : disjunction (IF disjunction ELSE expression)?
    | lambdef
    ;

disjunction : conjunction (OR conjunction)*;
conjunction : inversion (AND inversion)*;
// `not` lives above `expr` so that `a is not b` has one reading.
inversion   : NOT inversion | expr;

lambdef : LAMBDA lambda_parameters? COLON expression;
lambda_parameters : lambda_parameter (COMMA lambda_parameter)* COMMA?;
lambda_parameter  : SLASH | STAR name? | DOUBLESTAR name | name (EQUAL expression)?;

yield_expr : YIELD (FROM expression | star_expressions)?;

expr
    : AWAIT? primary                                                    # primaryExpr
    | <assoc = right> expr DOUBLESTAR expr                              # powerExpr
    | (PLUS | MINUS | TILDE) expr                                       # unaryExpr
    | expr (STAR | AT | SLASH | PERCENT | DOUBLESLASH) expr             # productExpr
    | expr (PLUS | MINUS) expr                                          # sumExpr
    | expr (LEFTSHIFT | RIGHTSHIFT) expr                                # shiftExpr
    | expr AMPER expr                                                   # bitAndExpr
    | expr CIRCUMFLEX expr                                              # bitXorExpr
    | expr VBAR expr                                                    # bitOrExpr
    | expr comp_op expr                                                 # comparisonExpr
    ;

comp_op : LESS | GREATER | EQEQUAL | GREATEREQUAL | LESSEQUAL | NOTEQUAL | IN | NOT IN | IS NOT?;

primary : atom trailer*;

trailer
    : DOT name
    | LPAR arguments? RPAR
    | LSQB slices RSQB
    ;

atom
    : name
    | NUMBER
    | strings
    | NONE
    | TRUE
    | FALSE
    | ELLIPSIS
    | LPAR (yield_expr | testlist_comp)? RPAR
    | LSQB testlist_comp? RSQB
    | LBRACE dict_or_set? RBRACE
    ;

// The body of a tuple, a parenthesized expression, a list, or a generator / list comprehension.
testlist_comp : star_named_expression (comprehension | (COMMA star_named_expression)* COMMA?);

dict_or_set
    : DOUBLESTAR expr dict_rest
    | STAR expr set_rest
    | expression ( COLON expression dict_rest | (COLONEQUAL expression)? set_rest )
    ;
dict_rest : comprehension | (COMMA dict_item)* COMMA?;
dict_item : DOUBLESTAR expr | expression COLON expression;
set_rest  : comprehension | (COMMA star_named_expression)* COMMA?;

// The `for`/`if` clauses of a comprehension, flat: nesting them would make every later clause ambiguous.
comprehension : for_if_clause+;
for_if_clause : ASYNC? FOR targets IN disjunction (IF disjunction)*;

slices : slice (COMMA slice)* COMMA?;
slice
    : expression (COLONEQUAL expression | slice_tail)?
    | slice_tail
    | STAR expr
    ;
slice_tail : COLON expression? (COLON expression?)?;

// Call arguments; which of them may be keywords is checked later.
arguments : argument (COMMA argument)* COMMA?;
argument
    : expression (COLONEQUAL expression | EQUAL expression | comprehension)?
    | STAR expression
    | DOUBLESTAR expression
    ;

// Assignment targets of `for`, comprehensions, `del` and `with … as`: primaries (names, attributes,
// subscripts, parenthesized and bracketed lists of targets), so `in` is never read as a comparison.
targets : target (COMMA target)* COMMA?;
target  : STAR? primary;

strings : (STRING | fstring)+;

fstring : FSTRING_START fstring_part* FSTRING_END;
fstring_part : FSTRING_MIDDLE | fstring_field;
fstring_field
    : LBRACE (yield_expr | star_expressions) EQUAL? (EXCLAMATION name)? (COLON format_spec_part*)? RBRACE
    ;
format_spec_part : FSTRING_MIDDLE | fstring_field;

name : NAME | MATCH | CASE | TYPE;
