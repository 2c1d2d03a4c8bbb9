/* SPDX-License-Identifier: Apache-2.0 */
/* Loops that walk a constant table by index (`for (i = 0; i < ARRAYSIZE(Steps);
 * i++) status = Steps[i].Init();`, and the unwind `while (--i > 0)
 * Steps[i].Undo();` or `for (j = i - 1; j > 0; j--)`): when the counter's
 * values are known as the loop is lowered (its start folds, with the
 * counters of the loops around it), the body is lowered once per value, the
 * counter assigned it, and `Steps[i].Member` reads as that row's
 * initializer (tables.c), so a call through `Steps[i].Init` calls the
 * row's function and `if (Steps[i].Undo)` is decided. Loops over other
 * things stay loops. */
#include "cfg/build.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

/* Longer walks stay loops: each copy is the body again. */
#define WALK_MAX 8

/* What the loop's counter takes: `values[0..n)`, then `after` once it ends. */
struct walk {
	CXCursor var;
	long long values[WALK_MAX];
	size_t n;
	long long after;
};

static bool is_counter_ref(CXCursor c, CXCursor var)
{
	c = cursor_strip(c);
	return c.kind == CXCursor_DeclRefExpr && clang_equalCursors(clang_getCursorReferenced(c), var);
}

/* `var` of a `var++`, `++var`, `var--`, `--var`: +1 or -1 (`pre` when the
 * operator comes first), or 0. */
static int step_of(struct builder *b, CXCursor e, CXCursor *var, bool *pre)
{
	e = cursor_strip(e);
	struct cursor_list kids = cursor_children(e);
	if (e.kind != CXCursor_UnaryOperator || kids.n != 1)
		return 0;
	CXCursor operand = cursor_strip(kids.items[0]);
	if (operand.kind != CXCursor_DeclRefExpr)
		return 0;
	char *op = cfg_unary_op(b, e);
	int step = cfg_op_is(op, "++") ? 1 : cfg_op_is(op, "--") ? -1 : 0;
	free(op);
	/* libclang spells both forms alike: the operand's place tells them apart */
	CXSourceRange opr = clang_getCursorExtent(operand), all = clang_getCursorExtent(e);
	unsigned o, a;
	clang_getSpellingLocation(clang_getRangeStart(opr), NULL, NULL, NULL, &o);
	clang_getSpellingLocation(clang_getRangeStart(all), NULL, NULL, NULL, &a);
	*pre = o > a;
	*var = clang_getCursorReferenced(operand);
	return step;
}

/* Whether `v OP bound` holds. */
static bool holds(const char *op, long long v, long long bound)
{
	return cfg_op_is(op, "<")    ? v < bound
	       : cfg_op_is(op, "<=") ? v <= bound
	       : cfg_op_is(op, ">")  ? v > bound
	       : cfg_op_is(op, ">=") ? v >= bound
	       : cfg_op_is(op, "!=") ? v != bound
				     : false;
}

/* The comparison `cond` makes of the counter: its operator and bound, and
 * the counter's update inside it (`--i > 0`), if any. */
static bool compare_of(struct builder *b, CXCursor cond, CXCursor *var, char **op, long long *bound, int *step,
		       bool *pre)
{
	CXCursor c = cursor_strip(cond);
	struct cursor_list k = cursor_children(c);
	if (c.kind != CXCursor_BinaryOperator || k.n != 2 || !cfg_counter_constant(b, k.items[1], bound))
		return false;
	*op = cursor_binary_operator(b->tu, c);
	*step = step_of(b, k.items[0], var, pre);
	if (!*step) {
		CXCursor s = cursor_strip(k.items[0]);
		if (s.kind != CXCursor_DeclRefExpr) {
			free(*op);
			return false;
		}
		*var = clang_getCursorReferenced(s);
	}
	return true;
}

/* Whether `body` reads a member of a row of a constant table indexed by
 * `var`: only such loops are walked. */
struct row_use {
	struct builder *b;
	CXCursor var;
	bool found;
	CXCursor table;          /* the table's variable */
};

static enum CXChildVisitResult find_row_use(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct row_use *u = data;
	if (c.kind == CXCursor_ArraySubscriptExpr && cfg_table_indexed(u->b, c, u->var)) {
		u->found = true;
		u->table = clang_getCursorReferenced(cursor_strip(cursor_children(c).items[0]));
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* Whether a function the body calls indexes the table too (an unwind
 * helper `UndoSteps(i)` walking it from a parameter): that walk stays a
 * loop whose rows no path can tell apart, so the rows this one names would
 * be undone by guesses. Such a walk stays a loop too. */
struct helper_use {
	CXCursor table;
	bool found;
};

static enum CXChildVisitResult find_table_ref(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct helper_use *h = data;
	if (c.kind == CXCursor_DeclRefExpr && clang_equalCursors(clang_getCursorReferenced(c), h->table)) {
		h->found = true;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

static enum CXChildVisitResult find_helper_use(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct helper_use *h = data;
	if (c.kind != CXCursor_CallExpr)
		return CXChildVisit_Recurse;
	CXCursor def = clang_getCursorDefinition(clang_getCursorReferenced(c));
	if (def.kind == CXCursor_FunctionDecl || def.kind == CXCursor_CXXMethod)
		clang_visitChildren(def, find_table_ref, h);
	return h->found ? CXChildVisit_Break : CXChildVisit_Recurse;
}

static bool walkable_body(struct builder *b, CXCursor body, CXCursor var)
{
	struct row_use u = { b, var, false, clang_getNullCursor() };
	clang_visitChildren(body, find_row_use, &u);
	/* a label in the body would be defined once per copy */
	if (!u.found || cfg_body_has_label(body))
		return false;
	struct helper_use h = { u.table, false };
	clang_visitChildren(body, find_helper_use, &h);
	return !h.found;
}

/* `var = value` at `at`. */
static void assign_counter(struct builder *b, CXCursor var, long long value, CXCursor at)
{
	struct cfg_event *ev = cfg_event_add(b, EVENT_ASSIGN, at);
	cfg_place_set_root(b, var, &ev->target);
	ev->target.path = alloc_strdup(ev->target.root);
	ev->value.kind = VALUE_CONSTANT;
	ev->value.number = value;
	ev->value.call = -1;
	ev->value.text = alloc_printf("%lld", value);
	snprintf(ev->op, sizeof(ev->op), "=");
}

/* Lowers `body` once per value of the walk; `break` leaves, `continue` goes
 * to the next value. */
static void lower_walk(struct builder *b, const struct walk *w, CXCursor body, CXCursor at)
{
	struct target end = TARGET("walk.end");
	for (size_t i = 0; i < w->n; i++) {
		struct target next = TARGET("walk.next");
		struct frame f = { .kind = FRAME_LOOP, .brk = &end, .cont = &next };
		cfg_block_ensure(b);
		assign_counter(b, w->var, w->values[i], at);
		GROW(b->counters, b->counters_cap, b->ncounters + 1);
		b->counters[b->ncounters++] = (struct table_counter){ w->var, w->values[i] };
		cfg_frame_push(b, &f);
		cfg_lower_stmt(b, body);
		b->nframes--;
		b->ncounters--;
		cfg_target_place(b, &next, false);
		cfg_target_release(&next);
	}
	cfg_block_ensure(b);
	assign_counter(b, w->var, w->after, at);
	cfg_target_place(b, &end, false);
	cfg_target_release(&end);
}

/* The end both walks share: `op` freed, and when the walk holds, its
 * counter's declaration `decl` (or a null cursor) then its body lowered. */
static bool finish_walk(struct builder *b, struct walk *w, bool ok, long long after, char *op, CXCursor body,
			CXCursor at, CXCursor decl)
{
	free(op);
	if (!ok)
		return false;
	w->after = after;
	if (!clang_Cursor_isNull(decl))
		cfg_lower_stmt(b, decl); /* declares the counter (and destroys nothing) */
	lower_walk(b, w, body, at);
	return true;
}

bool cfg_lower_table_walk_for(struct builder *b, CXCursor init, CXCursor cond, CXCursor inc, CXCursor body)
{
	CXCursor var, ivar, ref;
	char *op = NULL;
	long long bound, v;
	int cstep;
	bool pre = false, ipre = false;
	if (clang_Cursor_isNull(init) || clang_Cursor_isNull(cond) || clang_Cursor_isNull(inc) ||
	    clang_Cursor_isNull(body) || !compare_of(b, cond, &var, &op, &bound, &cstep, &pre))
		return false;
	int step = step_of(b, inc, &ivar, &ipre);
	/* `var = start` or `T var = start` */
	CXCursor s = cursor_strip(init);
	struct cursor_list kids = cursor_children(s);
	bool started = false;
	if (s.kind == CXCursor_BinaryOperator && kids.n == 2 && is_counter_ref(kids.items[0], var)) {
		char *assign = cursor_binary_operator(b->tu, s);
		started = cfg_op_is(assign, "=") && cfg_counter_constant(b, kids.items[1], &v);
		free(assign);
	} else if (s.kind == CXCursor_DeclStmt && kids.n == 1 && clang_equalCursors(kids.items[0], var)) {
		ref = clang_Cursor_getVarDeclInitializer(var);
		started = !clang_Cursor_isNull(ref) && cfg_counter_constant(b, ref, &v);
	}
	struct walk w = { var, { 0 }, 0, 0 };
	bool ok = started && cstep == 0 && step && clang_equalCursors(ivar, var) && walkable_body(b, body, var);
	for (; ok && holds(op, v, bound); v += step)
		if (w.n == WALK_MAX)
			ok = false;
		else
			w.values[w.n++] = v;
	return finish_walk(b, &w, ok, v, op, body, init, s.kind == CXCursor_DeclStmt ? init : clang_getNullCursor());
}

bool cfg_lower_table_walk_while(struct builder *b, CXCursor cond, CXCursor body)
{
	CXCursor var;
	char *op = NULL;
	long long bound, v;
	int step;
	bool pre = false;
	if (!compare_of(b, cond, &var, &op, &bound, &step, &pre))
		return false;
	/* only a test that updates the counter, walking from its known value */
	bool ok = step && cfg_counter_value(b, var, &v) && walkable_body(b, body, var);
	struct walk w = { var, { 0 }, 0, 0 };
	while (ok) {
		long long tested = pre ? v + step : v;
		v += step;
		if (!holds(op, tested, bound))
			break;
		if (w.n == WALK_MAX)
			ok = false;
		else
			w.values[w.n++] = v;
	}
	return finish_walk(b, &w, ok, v, op, body, cond, clang_getNullCursor());
}
