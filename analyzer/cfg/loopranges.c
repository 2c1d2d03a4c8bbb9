/* SPDX-License-Identifier: Apache-2.0 */
/* Counted for-loops: `for (v = C1; v < C2; ...)` recognized, with the values
 * its counter takes, so a table a loop fills is known to be filled whole, and
 * the calls of its body that act on element [v] of an array marked with the
 * elements they reach. The loop itself is lowered by statements.c. */
#include "cfg/build.h"

#include "base/alloc.h"

/* The variable a DeclRefExpr names, or NULL. */
char *cfg_decl_ref_name(CXCursor c)
{
	c = cursor_strip(c);
	return c.kind == CXCursor_DeclRefExpr ? cursor_spelling(c) : NULL;
}

/* Finds `var = C` (or `T var = C`) in a for-loop's init, through commas. */
static bool counter_start(struct builder *b, CXCursor init, const char *var, long long *first)
{
	struct cursor_list kids = cursor_children(init);
	if (init.kind == CXCursor_DeclStmt) {
		for (unsigned i = 0; i < kids.n && i < 3; i++) {
			char *name = cursor_spelling(kids.items[i]);
			struct cursor_list v = cursor_children(kids.items[i]);
			bool ok = kids.items[i].kind == CXCursor_VarDecl && !strcmp(name, var) && v.n >= 1 &&
				  cfg_int_constant(v.last, first);
			free(name);
			if (ok)
				return true;
		}
		return false;
	}
	CXCursor e = cursor_strip(init);
	struct cursor_list a = cursor_children(e);
	if (e.kind != CXCursor_BinaryOperator || a.n != 2)
		return false;
	char *op = cursor_binary_operator(b->tu, e);
	bool comma = op && !strcmp(op, ","), assign = op && !strcmp(op, "=");
	free(op);
	if (comma)
		return counter_start(b, a.items[0], var, first) || counter_start(b, a.items[1], var, first);
	if (!assign)
		return false;
	char *name = cfg_decl_ref_name(a.items[0]);
	bool ok = name && !strcmp(name, var) && cfg_int_constant(a.items[1], first);
	free(name);
	return ok;
}

/* For `for (v = C1; v < C2; ...)` (or <=): the counter and the values it
 * takes, first to last. Such a loop runs its body at least once, so the
 * zero-trip path (a dispatch table left unfilled) is not a path at all, and
 * a table filled by it covers exactly those slots. */
bool cfg_loop_range(struct builder *b, CXCursor init, CXCursor cond, struct loop_range *out)
{
	memset(out, 0, sizeof(*out));
	if (clang_Cursor_isNull(init) || clang_Cursor_isNull(cond))
		return false;
	CXCursor c = cursor_strip(cond);
	struct cursor_list k = cursor_children(c);
	long long bound;
	if (c.kind != CXCursor_BinaryOperator || k.n != 2 || !cfg_int_constant(k.items[1], &bound))
		return false;
	char *var = cfg_decl_ref_name(k.items[0]);
	char *op = cursor_binary_operator(b->tu, c);
	long long first;
	bool ok = var && op && counter_start(b, init, var, &first);
	if (ok && !strcmp(op, "<") && first < bound)
		out->last = bound - 1;
	else if (ok && !strcmp(op, "<=") && first <= bound)
		out->last = bound;
	else
		ok = false;
	free(op);
	if (!ok) {
		free(var);
		return false;
	}
	out->counter = var;
	out->first = first;
	out->valid = true;
	return true;
}

static enum CXChildVisitResult find_jump(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	switch (clang_getCursorKind(c)) {
	case CXCursor_BreakStmt:
	case CXCursor_ContinueStmt:
	case CXCursor_ReturnStmt:
	case CXCursor_GotoStmt:
	case CXCursor_IndirectGotoStmt:
	case CXCursor_SEHLeaveStmt:
	case CXCursor_CXXThrowExpr:
		*(bool *)data = true;
		return CXChildVisit_Break;
	default:
		return CXChildVisit_Recurse;
	}
}

bool cfg_body_jumps(CXCursor body)
{
	bool jumps = false;
	if (find_jump(body, body, &jumps) == CXChildVisit_Break)
		return true;
	clang_visitChildren(body, find_jump, &jumps);
	return jumps;
}

/* The argument of `call` that is element [counter] of an array, or its
 * address (1-based), or 0. */
static int element_arg(const struct cfg_call *call, const char *counter)
{
	for (size_t a = 0; a < call->nargs; a++) {
		const struct cfg_value *v = &call->args[a];
		if ((v->kind == VALUE_PLACE || v->kind == VALUE_ADDRESS) && v->place.root && v->place.index &&
		    !v->place.index_constant && !strcmp(v->place.index, counter))
			return (int)a + 1;
	}
	return 0;
}

/* Whether every iteration of `l` on which element `element` is set passes
 * block `at`: the latch cannot be reached from the body's entry without it,
 * leaving out the sides of tests that found the element NULL. */
static bool every_iteration(const struct cfg *g, const struct counted_loop *l, int at, const char *element)
{
	if (at == l->body)
		return true;
	unsigned char *seen = alloc_zeroed(g->nblocks, 1);
	int *stack = alloc_zeroed(g->nblocks + 1, sizeof(*stack));
	size_t top = 0;
	bool reached = false;
	seen[l->body] = 1;
	stack[top++] = l->body;
	while (top && !reached) {
		const struct cfg_block *blk = &g->blocks[stack[--top]];
		bool guard = blk->cond.kind == COND_NONNULL && blk->cond.var && !strcmp(blk->cond.var, element);
		for (size_t s = 0; s < blk->nsucc - blk->nexcept; s++) {
			int to = blk->succ[s];
			if (to < 0 || to == at || seen[to] || (guard && s == 1))
				continue;
			if (to == l->latch) {
				reached = true;
				break;
			}
			seen[to] = 1;
			stack[top++] = to;
		}
	}
	free(stack);
	free(seen);
	return !reached;
}

void cfg_counted_loops_mark(struct builder *b)
{
	struct cfg *g = b->g;
	/* Inner loops come first in the list: the innermost loop of a call marks it. */
	for (size_t i = 0; i < b->ncounted; i++) {
		const struct counted_loop *l = &b->counted[i];
		for (int blk = l->from; blk < l->to && blk < (int)g->nblocks; blk++) {
			if (blk == l->latch)
				continue;
			for (size_t e = 0; e < g->blocks[blk].nevents; e++) {
				struct cfg_event *ev = &g->blocks[blk].events[e];
				if (ev->kind != EVENT_CALL || ev->call < 0 || ev->each_arg)
					continue;
				int arg = element_arg(&g->calls[ev->call], l->counter);
				if (!arg)
					continue;
				ev->each_arg = arg;
				ev->each_first = l->first;
				ev->each_last = l->last;
				ev->each_loop = l->body;
				/* A test names the element as its key does (`devs[*]`). */
				const struct cfg_place *pl = &g->calls[ev->call].args[arg - 1].place;
				ev->each_every = !l->jumps && every_iteration(g, l, blk, pl->key ? pl->key : pl->path);
			}
		}
	}
}
