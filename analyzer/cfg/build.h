/* SPDX-License-Identifier: Apache-2.0 */
/* What the pieces of the CFG builder share: the builder state and the
 * functions one piece calls in another. Private to analyzer/cfg/. */
#ifndef ENTRYCHECK_CFG_BUILD_H
#define ENTRYCHECK_CFG_BUILD_H

#include "cfg/cfg.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "front/cursor.h"

/* A jump target whose block may not exist yet. An edge to it leaves a slot
 * in the source's successors, patched when the target is placed: block
 * numbers follow the source, and a branch keeps TRUE in succ[0]. */
struct slot {
	int block;
	size_t index;
};

struct target {
	int block;                   /* -1 until placed */
	const char *label;
	struct slot *pending;
	size_t npending, cap;
};

#define TARGET(name) { -1, (name), NULL, 0, 0 }

enum frame_kind { FRAME_LOOP, FRAME_SWITCH, FRAME_FINALLY, FRAME_HANDLERS };

struct switch_ctx {
	int block;                   /* the block that branches */
	int *blocks;                 /* one per case, in source order */
	char **texts;
	long long *values;           /* each case's value, when `known` */
	bool *known;
	size_t n, cap;
	int default_block;           /* -1 when there is no default */
};

/* What encloses the statement being lowered: where break, continue and
 * __leave go, which __finally bodies run on the way out, where an
 * exception goes. */
struct frame {
	enum frame_kind kind;
	struct target *brk, *cont;   /* LOOP; SWITCH (brk only) */
	struct switch_ctx *sw;       /* SWITCH */
	CXCursor finally_body;       /* FINALLY */
	CXCursor try_stmt;           /* FINALLY, HANDLERS */
	struct target *leave;        /* a __try's end, for __leave; NULL for C++ try */
	int *sources;                /* HANDLERS: blocks an exception may leave */
	size_t nsources, sources_cap;
	size_t scopes;               /* the scopes open when it was pushed: a break or a
				      * continue destroys the guards of those opened since */
};

#define MAX_TRY_NESTING 16

struct label {
	char *name;
	struct target t;
	CXCursor trys[MAX_TRY_NESTING]; /* the __try/__finally statements around the label */
	unsigned ntrys;
};

struct exc_edge {
	int from, to;
};

/* What a counted for-loop's counter runs through, when it is that simple. */
struct loop_range {
	char *counter;
	long long first, last;
	bool valid;
};

/* A counted for-loop as built: its body's blocks are [from, to), entered at
 * `body`; `latch` goes back to the test. */
struct counted_loop {
	char *counter;
	long long first, last;
	int body, latch, from, to;
	bool jumps;                  /* a break, continue, return or goto in its body */
};

/* A C++ local whose class has a destructor: its destructor runs when the
 * block that declares it ends or a return leaves it (RAII guards). */
struct guard {
	CXCursor var;
	bool has_destructor;         /* its class declares one (else its parts may have) */
	/* A guard holding a lambda (lambdaguards.c): the body its destructor
	 * runs, else a null cursor; the member that says whether it runs
	 * (NULL: always), run when zero if negated; the methods that disarm it. */
	CXCursor lambda_body;
	char *flag;
	bool flag_negated;
	struct strvec dismissers;
};

/* A local that shadows one of an enclosing block (shadows.c): the outer
 * declaration, the name both spell, and where the outer value is saved. */
struct shadow {
	CXCursor outer;
	char *name, *saved;
};

struct scope {
	CXCursor stmt;               /* the compound statement */
	struct guard *guards;
	size_t n, cap;
	CXCursor *locals;            /* the variables it declares so far */
	size_t nlocals, locals_cap;
	struct shadow *shadows;
	size_t nshadows, shadows_cap;
};

/* A loop counter whose value is known while a copy of a table walk's body
 * is lowered (tableloops.c). */
struct table_counter {
	CXCursor var;
	long long value;
};

/* A lambda's body being lowered in place of its call (lambdacalls.c): where
 * its returns go, the variable they assign, the scopes open when it began. */
struct lambda_call {
	struct target exit;
	char *result;
	size_t scopes;
	struct lambda_call *outer;
};

/* A range-for variable over a constant table, and the row it stands for in
 * the copy of the body being lowered (tables.c). */
struct table_row {
	CXCursor var, row;
};

/* A table not declared const, and whether the file never writes it. */
struct table_scan {
	CXCursor decl;
	bool unwritten;
};

struct builder {
	CXTranslationUnit tu;
	CXCursor fn;
	struct cfg *g;
	int cur;                     /* the block being filled, or -1 after a jump */
	int loop_depth;
	struct frame *frames;
	size_t nframes, frames_cap;
	struct label **labels;
	size_t nlabels, labels_cap;
	struct target exit;
	struct exc_edge *exc;
	size_t nexc, exc_cap;
	CXCursor *call_cursors;      /* parallel to g->calls */
	size_t call_cursors_cap;
	struct strvec table_pointers; /* USRs of variables pointing into MajorFunction */
	struct strvec table_refs;    /* USRs of range-for variables bound to MajorFunction's slots
				      * (for (auto &f : DriverObject->MajorFunction)) */
	CXCursor *table_ref_ranges;  /* and the range each is bound to */
	size_t table_ref_cap;
	struct strvec byte_aliases;  /* USRs of pointers set to `(PUCHAR)&x`, */
	CXCursor byte_targets[16];   /* and the x each points at */
	struct loop_range *loops;    /* the for-loops being lowered, innermost last */
	size_t nloops, loops_cap;
	struct counted_loop *counted; /* the counted for-loops built so far */
	size_t ncounted, counted_cap;
	struct scope *scopes;        /* the blocks being lowered, with their guard objects */
	size_t nscopes, scopes_cap;
	struct strvec alias_names;   /* locals that only ever hold a global object's address, */
	struct strvec alias_targets; /* and that object ("Globals.Port") (aliases.c) */
	struct strvec escaped;       /* locals whose address is kept other than as a call's argument */
	struct table_row *rows;      /* the rows being lowered, innermost last */
	size_t nrows, rows_cap;
	struct table_counter *counters; /* the table walks being lowered, innermost last */
	size_t ncounters, counters_cap;
	struct table_scan *scanned;  /* tables not declared const, looked for writes (tables.c) */
	size_t nscanned, scanned_cap;
	struct lambda_call *lambda;  /* the innermost lambda lowered in place, or NULL */
	unsigned lambda_depth;
	struct cursor_vec tops;      /* the statements of the function's body itself, a
				      * label's statement for the label (cfg_return_event) */
};


/* tokens.c */
/* `s` as one string of g->files (or g->file), shared by every location. */
const char *cfg_file_intern(struct cfg *g, const char *s);
/* The absolute path of `f`; the caller frees it. */
char *cfg_file_path(CXFile f);
struct cfg_loc cfg_loc_of(struct builder *b, CXCursor c);
/* The source text of `c`, its tokens joined; the caller frees it. */
char *cfg_cursor_text(struct builder *b, CXCursor c);
CXCursor cfg_strip_implicit(CXCursor c);
bool cfg_op_is(const char *op, const char *want);
char *cfg_unary_op(struct builder *b, CXCursor c);
/* The value of integer constant expression `c`, when libclang folds it. */
bool cfg_int_constant(CXCursor c, long long *out);
bool cfg_has_side_effects(struct builder *b, CXCursor c);

/* shadows.c */
/* Notes `var`, declared in the innermost block; when it shadows a variable
 * of an enclosing block or a parameter, saves the outer value. */
void cfg_shadow_note(struct builder *b, CXCursor var);
/* Gives back the outer values the scopes [from, nscopes) shadow. */
void cfg_shadows_restore(struct builder *b, size_t from, CXCursor at);
/* The same for a goto to `label`: the scopes it leaves. */
void cfg_shadows_leave_to(struct builder *b, CXCursor label, CXCursor at);
void cfg_shadows_release(struct scope *sc);

/* blocks.c */
int cfg_block_new(struct builder *b, const char *label);
/* Adds `to` to the successors of `from`; the slot's index. */
size_t cfg_edge_add(struct builder *b, int from, int to);
void cfg_edge_to_target(struct builder *b, int from, struct target *t);
void cfg_goto_target(struct builder *b, struct target *t);
void cfg_target_place(struct builder *b, struct target *t, bool always);
void cfg_target_release(struct target *t);
void cfg_block_ensure(struct builder *b);
void cfg_block_start(struct builder *b, const char *label);
size_t cfg_frame_push(struct builder *b, const struct frame *f);
/* The index of the innermost frame of kind k1 or k2, or -1. */
int cfg_frame_innermost(const struct builder *b, enum frame_kind k1, enum frame_kind k2);
/* Lowers, innermost first, the __finally bodies of the frames above `depth`
 * a jump out of them runs; false when one ends the path. */
bool cfg_run_finally(struct builder *b, size_t depth);
void cfg_jump_via_finally(struct builder *b, struct target *t, size_t depth);
/* Marks the current block as ending in a jump the text wrote (cfg_block.jumps). */
void cfg_mark_jump(struct builder *b, CXCursor at);
/* The event of a return at `at`: a return inside __try runs the __finally
 * bodies around it first, so it comes after them (what they undo is done on
 * the path that returns; the value is read there). NULL when one of them
 * ends the path itself. */
struct cfg_event *cfg_return_event(struct builder *b, CXCursor at);
void cfg_note_may_throw(struct builder *b);
void cfg_exc_edges_add(struct builder *b, const int *sources, size_t n, int handler);

/* values.c */
void cfg_place_release(struct cfg_place *p);
void cfg_place_copy(struct cfg_place *dst, const struct cfg_place *src);
void cfg_value_release(struct cfg_value *v);
void cfg_place_set_root(struct builder *b, CXCursor decl, struct cfg_place *p);
/* Whether the variable `decl` declares lives as long as the driver: at file
 * or namespace scope, static or extern, or a class's static data member. */
bool cfg_is_global_variable(CXCursor decl);
/* Notes a global variable `decl` in the graph's internals when it is the
 * file's own (internal linkage, or a static local). */
void cfg_note_internal(struct builder *b, CXCursor decl);
void cfg_place_build(struct builder *b, CXCursor c, struct cfg_place *p);
/* Whether `c` reads `d->DeviceObject` of a DRIVER_OBJECT (CFG_DEVICE_LIST). */
bool cfg_reads_device_list(CXCursor c);
bool cfg_is_place_expr(struct builder *b, CXCursor s);
int cfg_call_index(const struct builder *b, CXCursor call);
char *cfg_type_spelling(CXType t);
void cfg_value_build(struct builder *b, CXCursor c, struct cfg_value *v);
/* The operand of `c` when it is the unary operator `op` (through
 * parentheses), else a null cursor. */
CXCursor cfg_unary_operand(struct builder *b, CXCursor c, const char *op);

/* aliases.c */
void cfg_aliases_find(struct builder *b, CXCursor body);
/* A place reached through such a local, as the global object's. */
void cfg_alias_rewrite(struct builder *b, struct cfg_place *p);
/* A member reached straight from a device's extension cast to its type
 * (`((PX_EXT)dev->DeviceExtension)->Lower`, what an EXT(dev) macro writes):
 * the member of that type's one extension object, "<extension T>.Lower",
 * as a local given the extension makes it. `c` is the place's cursor. */
void cfg_extension_rewrite(CXCursor c, struct cfg_place *p);
/* The value of such a local itself (`Teardown(ctx)`) is the address of the
 * object it holds: `p` becomes that object's place and true is returned
 * (the caller makes the value VALUE_ADDRESS); false, `p` untouched, for any
 * other place. */
bool cfg_alias_address(const struct builder *b, struct cfg_place *p);
/* Whether `var` (a place as written) is rooted at such an object. */
bool cfg_alias_names_global(const struct builder *b, const char *var);

/* templateargs.c */
/* The function a call reaches through a template's function parameter
 * (`template <typename T, void (*Close)(T)> ... Close(h)`) in a method of
 * an instantiation (`unique_handle<HANDLE, &close_handle>`), by name; NULL
 * for any other call. */
char *cfg_template_callee(struct builder *b, CXCursor call);

/* quietreads.c */
/* The names the text between the statements of the compound statement
 * `block` reads (none of it compiled). */
void cfg_quiet_gaps(struct builder *b, CXCursor block);

/* events.c */
struct cfg_event *cfg_event_add(struct builder *b, enum cfg_event_kind kind, CXCursor at);
/* MSVC's __noop (what KdPrint becomes in a free build): no call happens, and
 * its arguments are not evaluated; nor does a lambda's conversion to a
 * function pointer call anything. */
bool cfg_is_noop_intrinsic(CXCursor call);
int cfg_call_record(struct builder *b, CXCursor call);
void cfg_note_table_ref(struct builder *b, CXCursor var, CXCursor range);
void cfg_note_table_pointer(struct builder *b, CXCursor var, CXCursor value);
/* A clang_visitChildren visitor: cfg_lower_expr on each child. */
enum CXChildVisitResult cfg_lower_expr_visitor(CXCursor c, CXCursor parent, CXClientData data);
void cfg_lower_expr(struct builder *b, CXCursor c);
/* Whether `p`, written `lhs`, is a plain variable (an assignment's target,
 * not a store's). */
bool cfg_is_plain_variable(const struct cfg_place *p, CXCursor lhs);

/* kitstores.c */
/* The stores the kit routine `callee` makes through the address it is
 * given (an exchange, a bit set, a string pointed at a buffer), as events
 * after its call. */
void cfg_kit_stores(struct builder *b, CXCursor call, const char *callee, int nargs);

/* destructors.c */
/* `var` a guard of the innermost scope when its class has a destructor;
 * the guard when it holds a lambda, else NULL. */
const struct guard *cfg_note_guard(struct builder *b, CXCursor var);
/* `delete p`: the destructor call of the object it deletes. */
void cfg_lower_delete(struct builder *b, CXCursor expr);
/* Runs the destructors of the guards of scopes [from, nscopes), innermost
 * first. */
void cfg_scopes_destroy(struct builder *b, size_t from, CXCursor at);
/* Drops the innermost scope with its guards. */
void cfg_scope_pop(struct builder *b);
/* Leaving a destructor: its members' and bases' destructor calls. */
void cfg_members_destroy(struct builder *b, CXCursor at);
/* A constructor's written member and base initializers, before its body. */
void cfg_lower_initializers(struct builder *b);
/* `target = new T(...)`: lowered to a branch, the constructor and a non-NULL
 * value on one side, NULL on the other; `new (p) T(...)` assigns p. False
 * when `rhs` is no new-expression. */
/* The placement argument of a non-allocating `new (p) T(...)` (its value
 * is p), or a null cursor. */
CXCursor cfg_placement_pointer(CXCursor nx);
bool cfg_lower_new(struct builder *b, CXCursor at, CXCursor rhs, const struct cfg_place *target, bool plain);

/* lambdaguards.c */
/* Whether guard `gd` of `var` (class `record`, destructor `dtor`) holds the
 * lambda of its initializer; fills the guard's lambda fields when so. */
bool cfg_lambda_guard_note(CXCursor var, CXCursor record, CXCursor dtor, struct guard *gd);
/* The guard's declaration: its flag set armed (the initializer is not lowered). */
void cfg_lambda_guard_arm(struct builder *b, const struct guard *gd, CXCursor at);
/* After `call`: a disarming method called on a lambda guard in scope clears its flag. */
void cfg_lambda_guard_dismissed(struct builder *b, const struct cfg_call *call, CXCursor at);
/* Destroying the guard: the lambda's body, under the test of its flag. */
void cfg_lambda_guard_run(struct builder *b, const struct guard *gd, CXCursor at);
void cfg_guard_release(struct guard *gd);
/* Whether a lambda's body cannot be lowered in place: a goto, a label, a
 * try or a throw; a return, break or continue too unless `returns`. */
bool cfg_lambda_body_unfit(CXCursor body, bool returns);

/* lambdacalls.c */
/* `call` of a lambda held in a local, lowered as the lambda's body; false,
 * with nothing lowered, for any other call or a body that cannot be. */
bool cfg_lambda_call_inline(struct builder *b, CXCursor call);
/* The value of such a call: the variable its returns assign. */
bool cfg_lambda_result(struct builder *b, CXCursor call, struct cfg_value *v);
/* A return inside such a body: an assignment and a jump past the body. */
bool cfg_lambda_return(struct builder *b, CXCursor s);

/* accessors.c */
/* The value of a call of a C++ accessor whose body is `return &m_X;` or
 * `return m_X;`: that member of the object called on; false for any other
 * call. */
bool cfg_accessor_result(struct builder *b, CXCursor call, struct cfg_value *v);

/* declarations.c */
void cfg_lower_decl(struct builder *b, CXCursor var);

/* ifs.c */
/* An if statement: its head, the condition's branch, then and else. */
void cfg_lower_if(struct builder *b, CXCursor s);

/* outparams.c: the parameters (bit i for the i-th, 0-based) the kit's
 * declaration `decl` marks as written by the routine (OUT, _Out_, _Inout_). */
unsigned cfg_written_params(CXTranslationUnit tu, CXCursor decl);

/* tokens.c */
bool cfg_token_is(const struct cursor_tokens *t, size_t i, const char *s);
/* The index of the token closing the bracket at `open`, or t->len. */
size_t cfg_closing_bracket(const struct cursor_tokens *t, size_t open);

/* conditions.c */
/* Whether leaf `e` is a comparison of pointers (`p == 0` is a NULL test). */
bool cfg_compares_pointer(CXCursor e);
/* What the expression `e` tests, as a branch on it would: `cond`, with
 * `swap` when its TRUE successor is the expression's false. */
void cfg_classify(struct builder *b, CXCursor e, struct cfg_cond *cond, bool *swap);
/* Whether the variable `var` (a place as written) that test `e` reads has a
 * global root. */
bool cfg_test_names_global(struct builder *b, CXCursor e, const char *var);

/* lowertests.c */
void cfg_lower_cond(struct builder *b, CXCursor e, struct target *t, struct target *f);

/* macroconds.c */
/* What leaf `e` tests when its tokens `t` are a macro's invocation whose
 * body holds the test: false when that is not found. */
bool cfg_macro_cond(struct builder *b, CXCursor e, const struct cursor_tokens *t, struct cfg_cond *cond,
		    bool *swap);

/* loopranges.c */
/* The variable a DeclRefExpr names, or NULL; the caller frees it. */
char *cfg_decl_ref_name(CXCursor c);
/* What the counter of the for-loop with `init` and `cond` runs through: false,
 * with `out` cleared, when the loop is not counted from one constant to another. */
bool cfg_loop_range(struct builder *b, CXCursor init, CXCursor cond, struct loop_range *out);
/* Whether a loop body holds a statement that leaves an iteration early. */
bool cfg_body_jumps(CXCursor body);
/* Marks the calls of counted loops that act on element [counter] of an array
 * (cfg_event.each_*); before empty blocks are merged. */
void cfg_counted_loops_mark(struct builder *b);

/* enumops.c */
/* Whether `call` is a flag enumeration's own operator; `op` gets it ("|", "~", "|=" ...). */
bool cfg_enum_operator(CXCursor call, char op[4]);
/* The value of `c`, a constant or such operators of constants, when it folds. */
bool cfg_enum_fold(CXCursor c, long long *out);
/* The flag-word update `lhs = rhs` or `lhs op= rhs` makes ("|=", "&=", "&~=" for `x = x & ~m`),
 * with its mask in `operand`; NULL (and `operand` rhs) when it is no such update. */
const char *cfg_bits_update(struct builder *b, CXCursor lhs, CXCursor rhs, const char *compound_op,
			    CXCursor *operand);

/* tables.c */
/* Whether something under `scope` stores into `decl`'s storage; for a
 * `table`, in the main file, or takes its address or hands its array on. */
bool cfg_writes(struct builder *b, CXCursor scope, CXCursor decl, bool table);
/* Lowers the range-for over `range` with variable `var` and `body` once per
 * row when it walks a constant table short enough; false, with nothing
 * lowered, when it does not. */
bool cfg_lower_table_for(struct builder *b, CXCursor var, CXCursor range, CXCursor body);
/* A member of a row being lowered as its initializer; else `c` itself. */
CXCursor cfg_table_member(struct builder *b, CXCursor c);
/* The value of a test or index that reads a row being lowered: false when it
 * reads none or does not fold. */
bool cfg_table_constant(struct builder *b, CXCursor c, long long *out);

/* Whether `body` defines a label (a copy of it would define it again). */
bool cfg_body_has_label(CXCursor body);
/* The value of integer expression `c` with the counters of the table walks
 * being lowered known; false when it does not fold. */
bool cfg_counter_constant(struct builder *b, CXCursor c, long long *out);
/* The value the walks being lowered give counter `var`. */
bool cfg_counter_value(struct builder *b, CXCursor var, long long *out);
/* Whether subscript `c` is `T[var]` of a constant table short enough. */
bool cfg_table_indexed(struct builder *b, CXCursor c, CXCursor var);
/* The function a call through a row's member calls (`Steps[i].Init(x)`
 * with i known), by name; NULL for any other call. */
char *cfg_table_callee(struct builder *b, CXCursor call);

/* tableloops.c */
/* Lowers `for (init; cond; inc) body` once per value of its counter when
 * the body reads a constant table's row by it and the values are known;
 * false, with nothing lowered, when not. */
bool cfg_lower_table_walk_for(struct builder *b, CXCursor init, CXCursor cond, CXCursor inc, CXCursor body);
/* The same for `while (--i > 0) body`, walking from i's known value. */
bool cfg_lower_table_walk_while(struct builder *b, CXCursor cond, CXCursor body);

/* statements.c */
void cfg_lower_stmt(struct builder *b, CXCursor s);
void cfg_labels_scan(struct builder *b, CXCursor c, CXCursor *trys, unsigned ntrys);

#endif
