/* SPDX-License-Identifier: Apache-2.0 */
/* Counted for-loops: `for (v = C1; v < C2; ...)` recognized, with the values
 * its counter takes, so a table a loop fills is known to be filled whole.
 * The loop itself is lowered by statements.c. */
#include "cfg/build.h"

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
				  cfg_int_constant(v.items[v.n - 1], first);
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
