/* SPDX-License-Identifier: Apache-2.0 */
/* Calls of a lambda held in a local (`auto rollback = [&](NTSTATUS s) {
 * ...; return s; }; ... return rollback(status);`): the call is lowered as
 * the lambda's body in place, its parameters assigned the arguments, each
 * of its returns an assignment of `rollback@ret` and a jump past the body,
 * and the call's value is `rollback@ret`. The body's names are the
 * enclosing function's (a capture reads the variable it captures), so what
 * it tests and undoes is what the path knows. The evaluator cannot follow
 * a closure's call operator, so without this the call hid the path. */
#include "cfg/build.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

#define LAMBDA_INLINE_DEPTH 4

static enum CXChildVisitResult first_lambda(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (c.kind == CXCursor_LambdaExpr) {
		*(CXCursor *)data = c;
		return CXChildVisit_Break;
	}
	return c.kind == CXCursor_CompoundStmt ? CXChildVisit_Continue : CXChildVisit_Recurse;
}

/* The lambda a call of a closure variable calls (`rollback(x)`: operator()
 * on a local whose initializer is the lambda), with that local; false for
 * any other call. */
static bool lambda_called(CXCursor call, CXCursor *lambda, CXCursor *var)
{
	CXCursor op = clang_getCursorReferenced(call);
	if (op.kind != CXCursor_CXXMethod)
		return false;
	char *name = cursor_spelling(op);
	bool call_op = !strcmp(name, "operator()");
	free(name);
	/* An operator call's first argument is its object. */
	if (!call_op || clang_Cursor_getNumArguments(call) < 1)
		return false;
	CXCursor object = cursor_strip(clang_Cursor_getArgument(call, 0));
	if (object.kind != CXCursor_DeclRefExpr)
		return false;
	*var = clang_getCursorReferenced(object);
	if (var->kind != CXCursor_VarDecl || cfg_is_global_variable(*var))
		return false;
	CXCursor init = clang_Cursor_getVarDeclInitializer(*var);
	*lambda = clang_getNullCursor();
	if (!clang_Cursor_isNull(init) && cursor_strip(init).kind == CXCursor_LambdaExpr)
		*lambda = cursor_strip(init);
	else if (!clang_Cursor_isNull(init))
		clang_visitChildren(init, first_lambda, lambda);
	if (clang_Cursor_isNull(*lambda))
		return false;
	/* The call operator called is this lambda's. */
	CXCursor closure = clang_getTypeDeclaration(clang_getCanonicalType(clang_getCursorType(*lambda)));
	return clang_equalCursors(clang_getCursorSemanticParent(op), closure);
}

bool cfg_lambda_result(struct builder *b, CXCursor call, struct cfg_value *v)
{
	(void)b;
	CXCursor lambda, var;
	if (!lambda_called(call, &lambda, &var))
		return false;
	char *name = cursor_spelling(var);
	v->kind = VALUE_PLACE;
	v->place.root = alloc_printf("%s@ret", name);
	v->place.path = alloc_strdup(v->place.root);
	free(name);
	return true;
}

bool cfg_lambda_call_inline(struct builder *b, CXCursor call)
{
	CXCursor lambda, var;
	if (!lambda_called(call, &lambda, &var) || b->lambda_depth >= LAMBDA_INLINE_DEPTH)
		return false;
	struct cursor_vec kids;
	cursor_vec_children(lambda, &kids);
	CXCursor body = clang_getNullCursor();
	size_t nparams = 0;
	for (size_t i = 0; i < kids.len; i++) {
		if (kids.items[i].kind == CXCursor_CompoundStmt)
			body = kids.items[i];
		nparams += kids.items[i].kind == CXCursor_ParmDecl;
	}
	bool unfit = clang_Cursor_isNull(body) || (int)nparams + 1 != clang_Cursor_getNumArguments(call);
	unfit = unfit || cfg_lambda_body_unfit(body, true);
	if (unfit) {
		cursor_vec_release(&kids);
		return false;
	}
	/* The arguments, then each parameter given its own. */
	for (size_t i = 0, a = 1; i < kids.len; i++) {
		if (kids.items[i].kind != CXCursor_ParmDecl)
			continue;
		CXCursor arg = clang_Cursor_getArgument(call, (unsigned)a++);
		cfg_lower_expr(b, arg);
		struct cfg_event *ev = cfg_event_add(b, EVENT_ASSIGN, arg);
		ev->target.root = cursor_spelling(kids.items[i]);
		ev->target.path = alloc_strdup(ev->target.root);
		cfg_value_build(b, arg, &ev->value);
		snprintf(ev->op, sizeof(ev->op), "=");
	}
	cursor_vec_release(&kids);
	char *name = cursor_spelling(var);
	struct lambda_call lc = { TARGET("lambda.end"), alloc_printf("%s@ret", name), b->nscopes, b->lambda };
	free(name);
	b->lambda = &lc;
	b->lambda_depth++;
	cfg_lower_stmt(b, body);
	b->lambda_depth--;
	b->lambda = lc.outer;
	cfg_goto_target(b, &lc.exit);
	cfg_target_place(b, &lc.exit, false);
	cfg_target_release(&lc.exit);
	free(lc.result);
	return true;
}

bool cfg_lambda_return(struct builder *b, CXCursor s)
{
	struct lambda_call *lc = b->lambda;
	if (!lc)
		return false;
	if (b->cur < 0)
		return true; /* unreachable: nothing to lower */
	struct cursor_list kids = cursor_children(s);
	if (kids.n >= 1 && clang_isExpression(clang_getCursorKind(kids.items[0]))) {
		cfg_lower_expr(b, kids.items[0]);
		struct cfg_event *ev = cfg_event_add(b, EVENT_ASSIGN, s);
		ev->target.root = alloc_strdup(lc->result);
		ev->target.path = alloc_strdup(lc->result);
		cfg_value_build(b, kids.items[0], &ev->value);
		snprintf(ev->op, sizeof(ev->op), "=");
	}
	cfg_scopes_destroy(b, lc->scopes, s);
	cfg_shadows_restore(b, lc->scopes, s);
	cfg_goto_target(b, &lc->exit);
	return true;
}
