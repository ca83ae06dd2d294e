/* ast.h: the syntax tree of a rule file, with a span on every node.
 *
 * The parser builds it, the checker annotates it (the fields under
 * "checked"), the code generator reads it.  A tree owns all its nodes and
 * strings; ast_file_free() frees the lot. */
#ifndef VDL_AST_H
#define VDL_AST_H
#include <stdbool.h>
#include <stdint.h>
#include "diag.h"
#include "num.h"

/* A date as yyyymmdd, so that dates compare as integers; 0 = none. */
typedef int32_t vdl_date;

typedef enum {
    EX_NUM, EX_STR, EX_BOOL, EX_NAME, EX_UNARY, EX_BINARY, EX_IF, EX_CALL
} ex_kind;

/* Binary and unary operators (the parser's token numbers are not used in
 * the tree, so that the tree does not depend on the generated header). */
typedef enum {
    OPR_ADD, OPR_SUB, OPR_MUL, OPR_DIV, OPR_NEG,
    OPR_EQ, OPR_NE, OPR_LT, OPR_LE, OPR_GT, OPR_GE,
    OPR_AND, OPR_OR, OPR_NOT
} ast_op;

/* Value types. */
typedef enum { TY_ERROR, TY_NUM, TY_BOOL, TY_TEXT, TY_METHOD } vdl_type;

/* A unit as exponents of the base units (places, persons, euro, and the
 * file's own `unit` declarations): places*persons/persons = places. */
#define UNIT_MAX 8
typedef struct { int8_t e[UNIT_MAX]; } vdl_unit;

/* Evaluation levels: every entity, every group of a group level, or one
 * value for all.  Group levels are numbered from LEVEL_GROUP0 up. */
enum { LEVEL_ALL = 0, LEVEL_ENTITY = 1, LEVEL_GROUP0 = 2 };

typedef struct ast_expr ast_expr;
struct ast_expr {
    ex_kind   kind;
    vdl_span  span;
    ast_op    op;          /* EX_UNARY, EX_BINARY */
    num_t     num;         /* EX_NUM */
    bool      bval;        /* EX_BOOL */
    char     *str;         /* EX_STR text, EX_NAME and EX_CALL name */
    ast_expr *a, *b, *c;   /* operands; EX_IF: cond, then, else */
    ast_expr **args;       /* EX_CALL */
    int       nargs;
    ast_expr *where;       /* EX_CALL: `where` filter or NULL */
    char     *within;      /* EX_CALL: `within LEVEL` or NULL */
    vdl_span  within_span;
    /* checked */
    vdl_type  type;
    vdl_unit  unit;
    bool      unit_free;   /* a bare literal: takes the unit of its partner */
    int       level;       /* LEVEL_* */
    int       sym;         /* EX_NAME: symbol index; EX_CALL: builtin id */
    int       agg_level;   /* EX_CALL aggregate/apportion: level reduced to */
    int       inner_level; /* EX_CALL aggregate: level of the rows reduced */
};

/* `name` with its place in the file, for names that are not expressions. */
typedef struct { char *name; vdl_span span; } ast_name;

/* `: places`, `: bool`, ...; name NULL when absent. */
typedef ast_name ast_ann;

typedef struct {
    char   **names;        /* `column "a" or "b"`: header names to try */
    int      nnames;
    vdl_date from, until;  /* validity, 0 = open */
    char    *cite;
    vdl_span span;
} ast_source;

typedef struct {
    ast_name    name;
    int         type;      /* TY_NUM, TY_BOOL, TY_TEXT */
    bool        integer;   /* declared `integer`: values must be whole */
    ast_ann     unit;
    ast_name    group;     /* `group LEVEL`, name NULL when absent */
    char       *cite;
    ast_source *sources;
    int         nsources;
    vdl_span    at;        /* the whole declaration */
} ast_column;

typedef struct {
    ast_name    name;
    char       *path;       /* `from "file.csv"`, relative to the rule file */
    vdl_span    path_span;
    ast_name    key;
    ast_name    join;       /* `join DATASET`: joined to it by key */
    ast_column *cols;
    int         ncols;
    char      **notes;
    int         nnotes;
    vdl_span    at;
} ast_dataset;

typedef struct {
    ast_expr *value;
    vdl_date  from, until;
    char     *cite;
    vdl_span  span;
} ast_pvalue;

typedef struct {
    ast_name    name;
    ast_ann     ann;
    char       *cite;
    ast_pvalue *values;
    int         nvalues;
    vdl_span    at;
} ast_param;

/* What a rule-like declaration is: a plain rule, a bonus (money, paid at
 * a phase) or a criterion (a check that yields findings). */
typedef enum { RK_RULE, RK_BONUS, RK_CRITERION } rule_kind;

typedef struct {
    rule_kind kind;
    ast_name  name;
    ast_ann   ann;
    ast_expr *expr;
    char     *cite;
    vdl_span  cite_span;
    ast_name  per;          /* `per LEVEL { ... }`, name NULL at top level */
    ast_name  phase;        /* the phase block it is in, name NULL outside */
    ast_name  paid;         /* bonus: `paid at PHASE`, name NULL when absent */
    vdl_span  at;           /* the whole declaration */
} ast_rule;

/* One type of an extern's signature: text, bool, integer [UNIT], decimal
 * [UNIT], or (for the result only) approximate(D): a C double rounded half
 * away from zero to D decimals as it enters verdeel. */
typedef struct {
    int      type;          /* TY_NUM, TY_BOOL, TY_TEXT */
    bool     integer;
    bool     approximate;
    int      digits;        /* approximate: decimals kept */
    ast_ann  unit;
    vdl_span span;
} ast_ctype;

/* extern NAME(TYPE, ...) : TYPE from "LIBRARY" [symbol "SYMBOL"] [citation] */
typedef struct {
    ast_name   name;
    ast_ctype *params;
    int        nparams;
    ast_ctype  ret;
    char      *lib;
    vdl_span   lib_span;
    char      *symbol;      /* NULL: the extern's name */
    char      *cite;
    vdl_span   at;
} ast_extern;

/* A comment, with its place: the formatter puts it back. */
typedef struct {
    char    *text;          /* from '#' to the end of the line */
    vdl_span span;
} ast_comment;

/* One line of a test block. */
typedef enum {
    TI_DATE,        /* date 2024-02-01 */
    TI_DATA,        /* data ["DATASET"] "file.csv" */
    TI_SET,         /* set NAME = VALUE */
    TI_EXPECT,      /* expect NAME [for [LEVEL] "KEY"] = VALUE [within TOL];
                       a criterion's finding: expect NAME for "KEY" = false */
} test_item_kind;

typedef struct {
    test_item_kind kind;
    vdl_span  span;
    vdl_date  date;
    char     *name;         /* the value, parameter, criterion or dataset */
    char     *level;        /* `for LEVEL "KEY"`: the level, or NULL */
    char     *key;          /* `for "KEY"`, or NULL */
    char     *file;         /* TI_DATA */
    ast_expr *value;        /* TI_SET, TI_EXPECT */
    ast_expr *within;       /* TI_EXPECT tolerance, or NULL */
} ast_test_item;

/* test "name" [citation] { items } */
typedef struct {
    char          *name;
    vdl_span       span;
    char          *cite;
    ast_test_item *items;
    int            nitems;
    vdl_span       at;
} ast_test;

/* phase NAME "title" [from DATE] [until DATE] [citation] { ... } */
typedef struct {
    ast_name  name;
    char     *title;
    vdl_date  from, until;
    char     *cite;
    vdl_span  at;           /* `phase` to the end of its head */
} ast_phase;

typedef struct {
    char     *title;
    char     *id;
    vdl_date  valid_from;
    char     *cite;
    vdl_span  span;
    vdl_span  at;           /* `law` to its last attribute */
    bool      present;
} ast_law;

typedef struct {
    ast_law      law;
    ast_dataset *datasets; int ndatasets;
    ast_param   *params;   int nparams;
    ast_rule    *rules;    int nrules;
    ast_name    *outputs;  int noutputs;
    ast_name    *units;    int nunits;
    ast_phase   *phases;   int nphases;
    ast_test    *tests;    int ntests;
    ast_comment *comments; int ncomments;
    ast_extern  *externs;  int nexterns;
} ast_file;

ast_expr *ast_expr_new(ex_kind k, vdl_span sp);
void      ast_expr_free(ast_expr *e);
void      ast_file_free(ast_file *f);
void      ast_column_free(ast_column *c);
void      ast_dataset_free(ast_dataset *d);
void      ast_param_free(ast_param *p);
void      ast_rule_free(ast_rule *r);
void      ast_test_free(ast_test *t);
void      ast_extern_free(ast_extern *x);
void      ast_test_item_free(ast_test_item *it);

/* Append helpers used by the parser (grow by doubling). */
#define AST_PUSH(arr, n, item) do { \
    (arr) = mem_realloc((arr), ((size_t)(n) + 1) * sizeof *(arr)); \
    (arr)[(n)++] = (item); } while (0)

/* Are two expressions the same structure (spans and checked fields are
 * not compared)? */
bool ast_expr_equal(const ast_expr *x, const ast_expr *y);

/* Checks a yyyymmdd value is a real calendar date. */
bool ast_date_valid(vdl_date d);
/* Writes "2024-02-01" into buf (11 bytes). */
void ast_date_format(vdl_date d, char *buf);

#endif
