/* parser.y: tokens -> syntax tree (ast.h), with a span on every node.
 *
 * A pure (reentrant) LALR(1) parser without conflicts.  On a syntax error
 * it reports, skips to the next declaration and goes on, so one run shows
 * every error in a file.  Recovery is per declaration, not per bracket: an
 * unclosed '(' must not swallow the rest of the file. */
%define api.pure full
%define api.prefix {vdl_yy}
%define api.location.type {vdl_span}
%define parse.error detailed
%locations
%expect 0
%param {void *scanner}
%parse-param {struct parse_ctx *ctx}
%initial-action { @$ = (vdl_span){ 1, 1, 1, 1 }; }

%code requires {
#include "ast.h"
struct parse_ctx;
}

%code provides {
int vdl_yylex(VDL_YYSTYPE *val, vdl_span *loc, void *scanner);
}

%code {
#include "parse.h"
#define YYSTYPE VDL_YYSTYPE
#define YYLTYPE VDL_YYLTYPE
#include "lexer.h"
#include "mem.h"

#include <string.h>

#define YYMALLOC mem_alloc
#define YYFREE mem_free

static void vdl_yyerror(vdl_span *loc, void *scanner, struct parse_ctx *ctx, const char *msg);
static ast_expr *mk_binary(ast_op op, ast_expr *a, ast_expr *b, vdl_span sp);
static ast_expr *mk_unary(ast_op op, ast_expr *a, vdl_span sp);
static void add_unit(struct parse_ctx *ctx, const char *name);
static void push_rules(struct parse_ctx *ctx, void *list, const char *per, vdl_span sp, const ast_phase *ph);
static void titem_init(ast_test_item *t, test_item_kind k, vdl_span sp);
static void word(struct parse_ctx *ctx, char *got, const char *want, vdl_span sp);

}

%union {
    char        *str;
    num_t        num;
    vdl_date     date;
    ast_expr    *expr;
    struct { ast_expr **v; int n; } list;
    struct { ast_expr *where; char *within; vdl_span within_span; } clauses;
    struct { vdl_date from, until; } dates;
    struct { char **v; int n; } names;
    ast_ann      ann;
    ast_column   col;
    ast_dataset  ds;
    ast_param    param;
    ast_rule     rule;
    struct { ast_rule *v; int n; } rules;
    ast_phase    phase;
    ast_test     test;
    ast_test_item titem;
    ast_ctype    ctype;
    struct { ast_ctype *v; int n; } ctypes;
    ast_extern   ext;
    struct { ast_name *v; int n; } idlist;
}

%token LAW "law" ID "id" VALID "valid" FROM "from" UNTIL "until"
%token DATASET "dataset" KEY "key" JOIN "join" COLUMN "column" GROUP "group"
%token NOTE "note" PARAM "param" RULE "rule" PER "per" ALL "all"
%token OUTPUT "output" UNIT "unit" IF "if" THEN "then" ELSE "else"
%token AND "and" OR "or" NOT "not" WHERE "where" WITHIN "within"
%token TRUE "true" FALSE "false" TEXT "text" INTEGER "integer"
%token DECIMAL "decimal" BOOL "bool"
%token PHASE "phase" BONUS "bonus" CRITERION "criterion" TEST "test" EXTERN "extern"
%token EQ "==" NE "!=" LE "<=" GE ">="
%token <str> IDENT "name" UNITNAME "unit name" STRING "string" CITE "citation"
%token <num> NUMBER "number"
%token <date> DATE "date"

%type <expr> expr call within_opt
%type <list> args argl
%type <clauses> clauses
%type <dates> dates
%type <names> names
%type <str> cite_opt
%type <ann> ann_opt unit_opt paid_opt unitexpr
%type <col> column column_head coltype
%type <ds> ds_head ds_opts dataset ds_items
%type <param> param pvalues
%type <rule> rule item
%type <phase> phase_head
%type <test> test_items
%type <titem> test_item
%type <ctype> ctype
%type <ctypes> ctypes ctype_list
%type <ext> extern_decl
%type <rules> phase_items
%type <rules> rules
%type <idlist> idlist

%destructor { mem_free($$); } <str>
%destructor { ast_expr_free($$); } <expr>
%destructor { for (int i = 0; i < $$.n; i++) ast_expr_free($$.v[i]); mem_free($$.v); } <list>
%destructor { ast_expr_free($$.where); mem_free($$.within); } <clauses>
%destructor { for (int i = 0; i < $$.n; i++) mem_free($$.v[i]); mem_free($$.v); } <names>
%destructor { mem_free($$.name); } <ann>
%destructor { ast_column_free(&$$); } <col>
%destructor { ast_dataset_free(&$$); } <ds>
%destructor { ast_param_free(&$$); } <param>
%destructor { ast_rule_free(&$$); } <rule>
%destructor { for (int i = 0; i < $$.n; i++) ast_rule_free(&$$.v[i]); mem_free($$.v); } <rules>
%destructor { mem_free($$.name.name); mem_free($$.title); mem_free($$.cite); } <phase>
%destructor { ast_test_free(&$$); } <test>
%destructor { ast_test_item_free(&$$); } <titem>
%destructor { mem_free($$.unit.name); } <ctype>
%destructor { for (int i = 0; i < $$.n; i++) mem_free($$.v[i].unit.name); mem_free($$.v); } <ctypes>
%destructor { ast_extern_free(&$$); } <ext>
%destructor { for (int i = 0; i < $$.n; i++) mem_free($$.v[i].name); mem_free($$.v); } <idlist>

%precedence ELSE
%left OR
%left AND
%precedence NOT
%nonassoc EQ NE '<' LE '>' GE
%left '+' '-'
%left '*' '/'
%precedence UMINUS

%%

file:
    law_opt decls
    ;

/* The title is handed to the tree in a rule of its own, so that error
 * recovery inside the attributes cannot free it a second time. */
law_opt:
    %empty
  | law_head law_attrs           { ctx->out->law.at = @$; }
  ;

law_head:
    LAW STRING                   { ctx->out->law.present = true; ctx->out->law.title = $2; ctx->out->law.span = @2; }
  ;

law_attrs:
    %empty
  | law_attrs ID STRING          { mem_free(ctx->out->law.id); ctx->out->law.id = $3; }
  | law_attrs VALID FROM DATE    { ctx->out->law.valid_from = $4; }
  | law_attrs CITE               { mem_free(ctx->out->law.cite); ctx->out->law.cite = $2; }
  ;

decls:
    %empty
  | decls decl
  ;

decl:
    dataset                      { AST_PUSH(ctx->out->datasets, ctx->out->ndatasets, $1); }
  | param                        { AST_PUSH(ctx->out->params, ctx->out->nparams, $1); }
  | item                         { AST_PUSH(ctx->out->rules, ctx->out->nrules, $1); }
  | PER IDENT '{' rules '}'      { push_rules(ctx, &$4, $2, @2, NULL); mem_free($2); }
  | PER ALL '{' rules '}'        { push_rules(ctx, &$4, "all", @2, NULL); }
  | extern_decl                  { AST_PUSH(ctx->out->externs, ctx->out->nexterns, $1); }
  | EXTERN error                 { }
  | TEST STRING cite_opt '{' test_items '}' {
        $5.name = $2; $5.span = @2; $5.cite = $3; $5.at = @$;
        AST_PUSH(ctx->out->tests, ctx->out->ntests, $5);
    }
  | TEST error '}'               { }
  | phase_head '{' phase_items '}' {
        push_rules(ctx, &$3, NULL, @1, &$1);
        AST_PUSH(ctx->out->phases, ctx->out->nphases, $1);
    }
  | OUTPUT idlist                {
        for (int i = 0; i < $2.n; i++) AST_PUSH(ctx->out->outputs, ctx->out->noutputs, $2.v[i]);
        mem_free($2.v);
    }
  | UNIT IDENT                   {
        add_unit(ctx, $2);
        AST_PUSH(ctx->out->units, ctx->out->nunits, ((ast_name){ $2, @2 }));
    }
  | UNIT UNITNAME                {
        diag_add(ctx->diags, DIAG_ERROR, ctx->file, @2, "unit '%s' is already declared", $2);
        mem_free($2);
    }
  | error                        { }
  | PER error '}'                { }
  | DATASET error '}'            { }
  ;

idlist:
    IDENT                        { $$.v = NULL; $$.n = 0; AST_PUSH($$.v, $$.n, ((ast_name){ $1, @1 })); }
  | idlist ',' IDENT             { $$ = $1; AST_PUSH($$.v, $$.n, ((ast_name){ $3, @3 })); }
  ;

/* dataset NAME [from "file"] [key COL] [join DATASET] { columns and notes } */
dataset:
    ds_head '{' ds_items '}'     {
        $$ = $1; $$.cols = $3.cols; $$.ncols = $3.ncols; $$.notes = $3.notes; $$.nnotes = $3.nnotes; $$.at = @$;
    }
  ;

ds_head:
    DATASET IDENT ds_opts        { $$ = $3; $$.name = (ast_name){ $2, @2 }; }
  ;

ds_opts:
    %empty                       { memset(&$$, 0, sizeof $$); }
  | ds_opts FROM STRING          { $$ = $1; mem_free($$.path); $$.path = $3; $$.path_span = @3; }
  | ds_opts KEY IDENT            { $$ = $1; mem_free($$.key.name); $$.key = (ast_name){ $3, @3 }; }
  | ds_opts JOIN IDENT           { $$ = $1; mem_free($$.join.name); $$.join = (ast_name){ $3, @3 }; }
  ;

ds_items:
    %empty                       { memset(&$$, 0, sizeof $$); }
  | ds_items column              { $$ = $1; AST_PUSH($$.cols, $$.ncols, $2); }
  | ds_items NOTE STRING         { $$ = $1; AST_PUSH($$.notes, $$.nnotes, $3); }
  ;

/* NAME TYPE [UNIT] [group LEVEL] [citation] {column "header" [or "header"] [dates] [citation]} */
column:
    column_head                  { $$ = $1; $$.at = @$; }
  | column COLUMN names dates cite_opt {
        $$ = $1; $$.at = @$;
        ast_source s = { $3.v, $3.n, $4.from, $4.until, $5, @3 };
        AST_PUSH($$.sources, $$.nsources, s);
    }
  ;

column_head:
    IDENT coltype                { $$ = $2; $$.name = (ast_name){ $1, @1 }; }
  | column_head GROUP IDENT      {
        $$ = $1;
        if ($$.group.name) {
            diag_add(ctx->diags, DIAG_ERROR, ctx->file, @3, "column '%s' already names a group level", $$.name.name);
            mem_free($3);
        } else $$.group = (ast_name){ $3, @3 };
    }
  | column_head CITE             { $$ = $1; mem_free($$.cite); $$.cite = $2; }
  ;

coltype:
    TEXT                         { memset(&$$, 0, sizeof $$); $$.type = TY_TEXT; }
  | BOOL                         { memset(&$$, 0, sizeof $$); $$.type = TY_BOOL; }
  | INTEGER unit_opt             { memset(&$$, 0, sizeof $$); $$.type = TY_NUM; $$.integer = true; $$.unit = $2; }
  | DECIMAL unit_opt             { memset(&$$, 0, sizeof $$); $$.type = TY_NUM; $$.unit = $2; }
  | UNITNAME                     { memset(&$$, 0, sizeof $$); $$.type = TY_NUM; $$.unit = (ast_ann){ $1, @1 }; }
  | IDENT                        {
        diag_add(ctx->diags, DIAG_ERROR, ctx->file, @1, "unknown type '%s'", $1);
        diag_hint(ctx->diags, "a column is text, bool, integer, decimal, or a unit such as places; declare a new unit with `unit %s` first", $1);
        memset(&$$, 0, sizeof $$); $$.type = TY_NUM; mem_free($1);
    }
  ;

unit_opt:
    %empty                       { $$ = (ast_ann){ NULL, @$ }; }
  | unitexpr
  ;

/* places, euro/places, persons*places: kept as text, read by the checker */
unitexpr:
    UNITNAME                     { $$ = (ast_ann){ $1, @1 }; }
  | unitexpr '/' UNITNAME        { $$.name = diag_fmt("%s/%s", $1.name, $3); $$.span = @$; mem_free($1.name); mem_free($3); }
  | unitexpr '*' UNITNAME        { $$.name = diag_fmt("%s*%s", $1.name, $3); $$.span = @$; mem_free($1.name); mem_free($3); }
  ;

names:
    STRING                       { $$.v = NULL; $$.n = 0; AST_PUSH($$.v, $$.n, $1); }
  | names OR STRING              { $$ = $1; AST_PUSH($$.v, $$.n, $3); }
  ;

dates:
    %empty                       { $$.from = 0; $$.until = 0; }
  | FROM DATE                    { $$.from = $2; $$.until = 0; }
  | UNTIL DATE                   { $$.from = 0; $$.until = $2; }
  | FROM DATE UNTIL DATE         {
        $$.from = $2; $$.until = $4;
        if ($4 < $2) diag_add(ctx->diags, DIAG_ERROR, ctx->file, @$, "the validity ends before it starts");
    }
  ;

cite_opt:
    %empty                       { $$ = NULL; }
  | CITE                         { $$ = $1; }
  ;

/* param NAME [: UNIT] [citation] = VALUE [dates] [citation] ... */
param:
    PARAM IDENT ann_opt cite_opt pvalues {
        $$ = $5; $$.name = (ast_name){ $2, @2 }; $$.ann = $3; $$.cite = $4; $$.at = @$;
    }
  ;

pvalues:
    '=' expr dates cite_opt      {
        memset(&$$, 0, sizeof $$);
        ast_pvalue v = { $2, $3.from, $3.until, $4, @2 };
        AST_PUSH($$.values, $$.nvalues, v);
    }
  | pvalues '=' expr dates cite_opt {
        $$ = $1;
        ast_pvalue v = { $3, $4.from, $4.until, $5, @3 };
        AST_PUSH($$.values, $$.nvalues, v);
    }
  ;

ann_opt:
    %empty                       { $$ = (ast_ann){ NULL, @$ }; }
  | ':' unitexpr                 { $$ = $2; }
  | ':' BOOL                     { $$ = (ast_ann){ mem_strdup("bool"), @2 }; }
  | ':' TEXT                     { $$ = (ast_ann){ mem_strdup("text"), @2 }; }
  | ':' INTEGER                  { $$ = (ast_ann){ mem_strdup("integer"), @2 }; }
  | ':' DECIMAL                  { $$ = (ast_ann){ mem_strdup("decimal"), @2 }; }
  | ':' IDENT                    {
        diag_add(ctx->diags, DIAG_ERROR, ctx->file, @2, "unknown unit '%s'", $2);
        diag_hint(ctx->diags, "the units are places, persons and euro; declare another with `unit %s`", $2);
        $$ = (ast_ann){ NULL, @2 }; mem_free($2);
    }
  ;

/* rule NAME [: UNIT] = EXPR [citation] */
rule:
    RULE IDENT ann_opt '=' expr cite_opt {
        memset(&$$, 0, sizeof $$);
        $$.name = (ast_name){ $2, @2 }; $$.ann = $3; $$.expr = $5; $$.cite = $6; $$.cite_span = @6;
        if (!$6) $$.cite_span = @5;
        $$.at = @$;
    }
  | RULE IDENT ann_opt error     {
        memset(&$$, 0, sizeof $$);
        $$.name = (ast_name){ $2, @2 }; mem_free($3.name);
        $$.expr = ast_expr_new(EX_NUM, @2);
        $$.cite = mem_strdup("");
    }
  ;

/* bonus NAME [: euro] = EXPR [paid at PHASE] [citation] */
/* criterion NAME = CONDITION [citation] */
item:
    rule
  | BONUS IDENT ann_opt '=' expr paid_opt cite_opt {
        memset(&$$, 0, sizeof $$);
        $$.kind = RK_BONUS;
        $$.name = (ast_name){ $2, @2 }; $$.ann = $3; $$.expr = $5; $$.paid = $6;
        $$.cite = $7; $$.cite_span = $7 ? @7 : @5; $$.at = @$;
    }
  | CRITERION IDENT '=' expr cite_opt {
        memset(&$$, 0, sizeof $$);
        $$.kind = RK_CRITERION;
        $$.name = (ast_name){ $2, @2 }; $$.expr = $4; $$.cite = $5; $$.cite_span = $5 ? @5 : @4; $$.at = @$;
    }
  | BONUS IDENT error            { memset(&$$, 0, sizeof $$); $$.kind = RK_BONUS; $$.name = (ast_name){ $2, @2 };
                                   $$.expr = ast_expr_new(EX_NUM, @2); $$.cite = mem_strdup(""); }
  | CRITERION IDENT error        { memset(&$$, 0, sizeof $$); $$.kind = RK_CRITERION; $$.name = (ast_name){ $2, @2 };
                                   $$.expr = ast_expr_new(EX_BOOL, @2); $$.cite = mem_strdup(""); }
  ;

/* `paid at PHASE`: "paid" and "at" are not reserved (a column may be
 * called paid); nothing else can follow an expression here. */
paid_opt:
    %empty                       { $$ = (ast_name){ NULL, @$ }; }
  | IDENT IDENT IDENT            {
        if (strcmp($1, "paid") != 0 || strcmp($2, "at") != 0) {
            diag_add(ctx->diags, DIAG_ERROR, ctx->file, @1, "expected `paid at PHASE` or a citation after the bonus");
        }
        $$ = (ast_name){ $3, @3 };
        mem_free($1); mem_free($2);
    }
  ;

rules:
    %empty                       { $$.v = NULL; $$.n = 0; }
  | rules item                   { $$ = $1; AST_PUSH($$.v, $$.n, $2); }
  ;

/* extern NAME(TYPE, ...) : TYPE from "LIBRARY" [symbol "SYMBOL"] [citation] */
extern_decl:
    EXTERN IDENT '(' ctypes ')' ':' ctype FROM STRING cite_opt {
        memset(&$$, 0, sizeof $$);
        $$.name = (ast_name){ $2, @2 }; $$.params = $4.v; $$.nparams = $4.n; $$.ret = $7;
        $$.lib = $9; $$.lib_span = @9; $$.cite = $10; $$.at = @$;
    }
  | EXTERN IDENT '(' ctypes ')' ':' ctype FROM STRING IDENT STRING cite_opt {
        memset(&$$, 0, sizeof $$);
        $$.name = (ast_name){ $2, @2 }; $$.params = $4.v; $$.nparams = $4.n; $$.ret = $7;
        $$.lib = $9; $$.lib_span = @9; $$.symbol = $11; $$.cite = $12; $$.at = @$;
        word(ctx, $10, "symbol", @10);
    }
  ;

ctypes:
    %empty                       { $$.v = NULL; $$.n = 0; }
  | ctype_list
  ;

ctype_list:
    ctype                        { $$.v = NULL; $$.n = 0; AST_PUSH($$.v, $$.n, $1); }
  | ctype_list ',' ctype         { $$ = $1; AST_PUSH($$.v, $$.n, $3); }
  ;

/* text, bool, integer [UNIT], decimal [UNIT], UNIT, approximate(D) [UNIT] */
ctype:
    TEXT                         { memset(&$$, 0, sizeof $$); $$.type = TY_TEXT; $$.span = @$; }
  | BOOL                         { memset(&$$, 0, sizeof $$); $$.type = TY_BOOL; $$.span = @$; }
  | INTEGER unit_opt             { memset(&$$, 0, sizeof $$); $$.type = TY_NUM; $$.integer = true; $$.unit = $2; $$.span = @$; }
  | DECIMAL unit_opt             { memset(&$$, 0, sizeof $$); $$.type = TY_NUM; $$.unit = $2; $$.span = @$; }
  | UNITNAME                     { memset(&$$, 0, sizeof $$); $$.type = TY_NUM; $$.unit = (ast_ann){ $1, @1 }; $$.span = @$; }
  | IDENT '(' NUMBER ')' unit_opt {
        memset(&$$, 0, sizeof $$); $$.type = TY_NUM; $$.approximate = true; $$.unit = $5; $$.span = @$;
        $$.digits = num_is_int($3) && $3.n >= 0 && $3.n <= 18 ? (int)$3.n : 6;
        if (!num_is_int($3) || $3.n < 0 || $3.n > 18)
            diag_add(ctx->diags, DIAG_ERROR, ctx->file, @3, "approximate(D) keeps D = 0 to 18 decimals");
        word(ctx, $1, "approximate", @1);
    }
  ;

/* The lines of a test block.  Their words (date, data, set, expect, for)
 * are not reserved: a test reads like prose, and a rule file
 * may still call a column `data` or `date`.  Each line is a fixed shape of
 * names, checked by its first word. */
test_items:
    %empty                       { memset(&$$, 0, sizeof $$); }
  | test_items test_item         { $$ = $1; if ($2.name || $2.date) AST_PUSH($$.items, $$.nitems, $2); else ast_test_item_free(&$2); }
  ;

test_item:
    IDENT DATE                   { titem_init(&$$, TI_DATE, @$); $$.date = $2; word(ctx, $1, "date", @1); }
  | IDENT STRING                 { titem_init(&$$, TI_DATA, @$); $$.file = $2; $$.name = mem_strdup(""); word(ctx, $1, "data", @1); }
  | IDENT IDENT STRING           { titem_init(&$$, TI_DATA, @$); $$.name = $2; $$.file = $3; word(ctx, $1, "data", @1); }
  | IDENT IDENT '=' expr within_opt {
        titem_init(&$$, TI_SET, @$); $$.name = $2; $$.value = $4; $$.within = $5;
        if (strcmp($1, "expect") == 0) { $$.kind = TI_EXPECT; mem_free($1); }
        else word(ctx, $1, "set", @1);
        if ($$.kind == TI_SET && $5) diag_add(ctx->diags, DIAG_ERROR, ctx->file, @5, "a setting takes no tolerance");
    }
  | IDENT IDENT IDENT STRING '=' expr within_opt {
        titem_init(&$$, TI_EXPECT, @$); $$.name = $2; $$.key = $4; $$.value = $6; $$.within = $7;
        word(ctx, $1, "expect", @1); word(ctx, $3, "for", @3);
    }
  | IDENT IDENT IDENT IDENT STRING '=' expr within_opt {
        titem_init(&$$, TI_EXPECT, @$); $$.name = $2; $$.level = $4; $$.key = $5; $$.value = $7; $$.within = $8;
        word(ctx, $1, "expect", @1); word(ctx, $3, "for", @3);
    }
  ;

within_opt:
    %empty                       { $$ = NULL; }
  | WITHIN expr                  { $$ = $2; }
  ;

/* phase NAME ["title"] [from DATE] [until DATE] [citation] { items and per blocks } */
phase_head:
    PHASE IDENT                  { memset(&$$, 0, sizeof $$); $$.name = (ast_name){ $2, @2 }; $$.at = @$; }
  | phase_head STRING            { $$ = $1; mem_free($$.title); $$.title = $2; $$.at = @$; }
  | phase_head FROM DATE         { $$ = $1; $$.from = $3; $$.at = @$; }
  | phase_head UNTIL DATE        { $$ = $1; $$.until = $3; $$.at = @$; }
  | phase_head CITE              { $$ = $1; mem_free($$.cite); $$.cite = $2; $$.at = @$; }
  ;

phase_items:
    %empty                       { $$.v = NULL; $$.n = 0; }
  | phase_items item             { $$ = $1; AST_PUSH($$.v, $$.n, $2); }
  | phase_items PER IDENT '{' rules '}' {
        $$ = $1;
        for (int i = 0; i < $5.n; i++) {
            $5.v[i].per = (ast_name){ mem_strdup($3), @3 };
            AST_PUSH($$.v, $$.n, $5.v[i]);
        }
        mem_free($5.v); mem_free($3);
    }
  | phase_items PER ALL '{' rules '}' {
        $$ = $1;
        for (int i = 0; i < $5.n; i++) {
            $5.v[i].per = (ast_name){ mem_strdup("all"), @3 };
            AST_PUSH($$.v, $$.n, $5.v[i]);
        }
        mem_free($5.v);
    }
  ;

expr:
    NUMBER                       { $$ = ast_expr_new(EX_NUM, @1); $$->num = $1; }
  | STRING                       { $$ = ast_expr_new(EX_STR, @1); $$->str = $1; }
  | TRUE                         { $$ = ast_expr_new(EX_BOOL, @1); $$->bval = true; }
  | FALSE                        { $$ = ast_expr_new(EX_BOOL, @1); $$->bval = false; }
  | IDENT                        { $$ = ast_expr_new(EX_NAME, @1); $$->str = $1; }
  | call
  | '(' expr ')'                 { $$ = $2; }
  | '-' expr %prec UMINUS        { $$ = mk_unary(OPR_NEG, $2, @$); }
  | NOT expr                     { $$ = mk_unary(OPR_NOT, $2, @$); }
  | expr '+' expr                { $$ = mk_binary(OPR_ADD, $1, $3, @$); }
  | expr '-' expr                { $$ = mk_binary(OPR_SUB, $1, $3, @$); }
  | expr '*' expr                { $$ = mk_binary(OPR_MUL, $1, $3, @$); }
  | expr '/' expr                { $$ = mk_binary(OPR_DIV, $1, $3, @$); }
  | expr EQ expr                 { $$ = mk_binary(OPR_EQ, $1, $3, @$); }
  | expr NE expr                 { $$ = mk_binary(OPR_NE, $1, $3, @$); }
  | expr '<' expr                { $$ = mk_binary(OPR_LT, $1, $3, @$); }
  | expr LE expr                 { $$ = mk_binary(OPR_LE, $1, $3, @$); }
  | expr '>' expr                { $$ = mk_binary(OPR_GT, $1, $3, @$); }
  | expr GE expr                 { $$ = mk_binary(OPR_GE, $1, $3, @$); }
  | expr AND expr                { $$ = mk_binary(OPR_AND, $1, $3, @$); }
  | expr OR expr                 { $$ = mk_binary(OPR_OR, $1, $3, @$); }
  | IF expr THEN expr ELSE expr %prec ELSE {
        $$ = ast_expr_new(EX_IF, @$); $$->a = $2; $$->b = $4; $$->c = $6;
    }
  ;

/* NAME ( [ARG {, ARG}] [where COND] [within LEVEL] ) */
call:
    IDENT '(' argl clauses ')'   {
        $$ = ast_expr_new(EX_CALL, @$); $$->str = $1;
        $$->args = $3.v; $$->nargs = $3.n;
        $$->where = $4.where; $$->within = $4.within; $$->within_span = $4.within_span;
    }
  ;

argl:
    %empty                       { $$.v = NULL; $$.n = 0; }
  | args
  ;

args:
    expr                         { $$.v = NULL; $$.n = 0; AST_PUSH($$.v, $$.n, $1); }
  | args ',' expr                { $$ = $1; AST_PUSH($$.v, $$.n, $3); }
  ;

clauses:
    %empty                       { $$.where = NULL; $$.within = NULL; }
  | clauses WHERE expr           {
        $$ = $1;
        if ($$.where) {
            diag_add(ctx->diags, DIAG_ERROR, ctx->file, @3, "a second 'where'");
            diag_hint(ctx->diags, "combine the conditions with 'and'");
            ast_expr_free($3);
        } else $$.where = $3;
    }
  | clauses WITHIN IDENT         { $$ = $1; mem_free($$.within); $$.within = $3; $$.within_span = @3; }
  | clauses WITHIN ALL           { $$ = $1; mem_free($$.within); $$.within = mem_strdup("all"); $$.within_span = @3; }
  ;

%%

static ast_expr *mk_binary(ast_op op, ast_expr *a, ast_expr *b, vdl_span sp)
{
    ast_expr *e = ast_expr_new(EX_BINARY, sp);
    e->op = op; e->a = a; e->b = b;
    return e;
}

static ast_expr *mk_unary(ast_op op, ast_expr *a, vdl_span sp)
{
    ast_expr *e = ast_expr_new(EX_UNARY, sp);
    e->op = op; e->a = a;
    return e;
}

static void titem_init(ast_test_item *t, test_item_kind k, vdl_span sp)
{
    memset(t, 0, sizeof *t);
    t->kind = k;
    t->span = sp;
}

/* A test line's word must be the one its shape needs; frees `got`. */
static void word(struct parse_ctx *ctx, char *got, const char *want, vdl_span sp)
{
    if (strcmp(got, want) != 0) {
        diag_add(ctx->diags, DIAG_ERROR, ctx->file, sp, "expected '%s' here, not '%s'", want, got);
        diag_hint(ctx->diags, "a test line is one of: date D; data [\"DATASET\"] \"FILE\"; set NAME = VALUE; "
                              "expect NAME [for [LEVEL] \"KEY\"] = VALUE [within TOLERANCE]");
    }
    mem_free(got);
}

/* Move a block's rules into the file, each marked with its `per` level
 * (when given) and its phase (when given); the list's array is freed. */
static void push_rules(struct parse_ctx *ctx, void *list, const char *per, vdl_span sp, const ast_phase *ph)
{
    struct { ast_rule *v; int n; } *l = list;
    for (int i = 0; i < l->n; i++) {
        if (per) l->v[i].per = (ast_name){ mem_strdup(per), sp };
        if (ph) l->v[i].phase = (ast_name){ mem_strdup(ph->name.name), ph->name.span };
        AST_PUSH(ctx->out->rules, ctx->out->nrules, l->v[i]);
    }
    mem_free(l->v);
}

static void add_unit(struct parse_ctx *ctx, const char *name)
{
    ctx->units = mem_realloc(ctx->units, (size_t)(ctx->nunits + 1) * sizeof *ctx->units);
    ctx->units[ctx->nunits++] = mem_strdup(name);
}

static void vdl_yyerror(vdl_span *loc, void *scanner, struct parse_ctx *c, const char *msg)
{
    (void)scanner;
    diag_add(c->diags, DIAG_ERROR, c->file, *loc, "%s", msg);
}

int parse_file(const src_file *f, ast_file *out, diag_list *diags)
{
    struct parse_ctx ctx = { 0 };
    ctx.file = f;
    ctx.diags = diags;
    ctx.out = out;
    static const char *const builtin_units[] = { "places", "persons", "euro" };
    for (size_t i = 0; i < 3; i++) add_unit(&ctx, builtin_units[i]);
    size_t before = diags->nerrors;
    yyscan_t sc;
    if (vdl_yylex_init_extra(&ctx, &sc) != 0) {
        fprintf(stderr, "verdeel: cannot start the scanner\n");
        exit(71);
    }
    ctx.scanner = sc;
    YY_BUFFER_STATE buf = vdl_yy_scan_bytes(f->text, (int)f->len, sc);
    vdl_yyparse(sc, &ctx);
    vdl_yy_delete_buffer(buf, sc);
    vdl_yylex_destroy(sc);
    for (int i = 0; i < ctx.nunits; i++) mem_free(ctx.units[i]);
    mem_free(ctx.units);
    return (int)(diags->nerrors - before);
}
