/* SPDX-License-Identifier: Apache-2.0 */
/* Scope guards that hold a lambda (`auto g = make_scope_exit([&] {
 * IoDeleteDevice(dev); });`, dismissed by `g.release()`): the guard's
 * class is a template instantiated on the lambda's type, its destructor
 * calls the lambda while a flag member says so, and a method clears that
 * flag. The lambda's body is lowered where the guard is destroyed, under a
 * test of the flag, so what it undoes is undone on the paths that leave
 * while the guard is armed; its names are the enclosing function's (a
 * capture reads the variable it captures). The evaluator cannot follow the
 * template's call of the lambda, so without this the guard hid the path. */
#include "cfg/build.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/strvec.h"

struct lambdas {
	CXCursor first;
	unsigned n;
};

static enum CXChildVisitResult find_lambdas(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (c.kind == CXCursor_LambdaExpr) {
		struct lambdas *l = data;
		if (l->n++ == 0)
			l->first = c;
		return CXChildVisit_Continue;
	}
	return CXChildVisit_Recurse;
}

/* What keeps a lambda's body from being lowered in place: a jump to a
 * label, a try, a throw; and for a guard's body (`returns` false) a return,
 * break or continue too, which would leave the enclosing function or loop. */
struct unfit_scan {
	bool returns;        /* its returns are lowered (lambdacalls.c) */
	bool unfit;
};

static enum CXChildVisitResult find_unfit(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct unfit_scan *u = data;
	switch (c.kind) {
	case CXCursor_ReturnStmt:
	case CXCursor_BreakStmt:
	case CXCursor_ContinueStmt:
		if (u->returns)
			return CXChildVisit_Recurse;
		/* fall through */
	case CXCursor_GotoStmt:
	case CXCursor_IndirectGotoStmt:
	case CXCursor_LabelStmt:
	case CXCursor_CXXTryStmt:
	case CXCursor_SEHTryStmt:
	case CXCursor_SEHLeaveStmt:
	case CXCursor_CXXThrowExpr:
		u->unfit = true;
		return CXChildVisit_Break;
	case CXCursor_LambdaExpr:
		return CXChildVisit_Continue;
	default:
		return CXChildVisit_Recurse;
	}
}

bool cfg_lambda_body_unfit(CXCursor body, bool returns)
{
	struct unfit_scan u = { returns, false };
	clang_visitChildren(body, find_unfit, &u);
	return u.unfit;
}

/* The body of the one lambda `init` holds, when it takes no parameter and
 * only ends at its end; else a null cursor. */
static CXCursor lambda_body(CXCursor init, CXCursor *lambda)
{
	struct lambdas found = { clang_getNullCursor(), 0 };
	clang_visitChildren(init, find_lambdas, &found);
	CXCursor body = clang_getNullCursor();
	if (found.n != 1)
		return body;
	struct cursor_vec kids;
	cursor_vec_children(found.first, &kids);
	bool params = false;
	for (size_t i = 0; i < kids.len; i++) {
		params |= kids.items[i].kind == CXCursor_ParmDecl;
		if (kids.items[i].kind == CXCursor_CompoundStmt)
			body = kids.items[i];
	}
	cursor_vec_release(&kids);
	*lambda = found.first;
	return params || clang_Cursor_isNull(body) || cfg_lambda_body_unfit(body, false) ? clang_getNullCursor()
											: body;
}

/* Whether the class `type` names is instantiated on the lambda's type. */
static bool holds_lambda(CXType type, CXCursor lambda)
{
	CXCursor closure = clang_getTypeDeclaration(clang_getCanonicalType(clang_getCursorType(lambda)));
	int n = clang_Type_getNumTemplateArguments(type);
	for (int i = 0; i < n; i++) {
		CXType arg = clang_getCanonicalType(clang_Type_getTemplateArgumentAsType(type, (unsigned)i));
		if (arg.kind != CXType_Invalid && clang_equalCursors(clang_getTypeDeclaration(arg), closure))
			return true;
	}
	return false;
}

/* The member a MemberRefExpr (under casts and `!`) names, with whether a
 * `!` negates it. */
static char *tested_member(CXCursor e, bool *negated)
{
	*negated = false;
	for (unsigned depth = 0; depth < 8; depth++) {
		e = cursor_strip(e);
		struct cursor_list kids = cursor_children(e);
		if (e.kind == CXCursor_MemberRefExpr &&
		    clang_getCursorKind(clang_getCursorReferenced(e)) == CXCursor_FieldDecl)
			return cursor_spelling(e);
		if (e.kind != CXCursor_UnaryOperator || kids.n != 1)
			return NULL;
		*negated = !*negated; /* the only unary operator a flag's test takes */
		e = kids.items[0];
	}
	return NULL;
}

struct flag_scan {
	char *flag;
	bool negated;
	bool other;          /* a test of something else */
};

static enum CXChildVisitResult find_flag_test(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct flag_scan *fs = data;
	if (c.kind != CXCursor_IfStmt)
		return CXChildVisit_Recurse;
	struct cursor_list kids = cursor_children(c);
	bool negated;
	char *flag = kids.n ? tested_member(kids.items[0], &negated) : NULL;
	if (!flag || fs->flag) {
		fs->other = true;
		free(flag);
		return CXChildVisit_Break;
	}
	fs->flag = flag;
	fs->negated = negated;
	return CXChildVisit_Continue;
}

struct dismiss_scan {
	const char *flag;
	long long value;     /* what it is set to */
	bool found;
};

static enum CXChildVisitResult find_flag_store(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct dismiss_scan *ds = data;
	struct cursor_list kids = cursor_children(c);
	if (c.kind != CXCursor_BinaryOperator || kids.n != 2)
		return CXChildVisit_Recurse;
	bool negated;
	char *member = tested_member(kids.items[0], &negated);
	long long value;
	if (member && !negated && !strcmp(member, ds->flag) && cfg_int_constant(kids.items[1], &value)) {
		ds->value = value != 0;
		ds->found = true;
	}
	free(member);
	return CXChildVisit_Continue;
}

static CXCursor definition_body(CXCursor decl)
{
	CXCursor def = clang_getCursorDefinition(decl);
	struct cursor_list kids = cursor_children(clang_Cursor_isNull(def) ? decl : def);
	return kids.n && kids.last.kind == CXCursor_CompoundStmt ? kids.last : clang_getNullCursor();
}

/* The methods of `record` (the class template when an instantiation's are
 * not visited) that store into the flag the value that disarms the guard. */
static bool find_dismissers(CXCursor record, struct guard *gd)
{
	CXCursor pattern = clang_getSpecializedCursorTemplate(record);
	struct cursor_vec kids;
	cursor_vec_children(clang_Cursor_isNull(pattern) ? record : pattern, &kids);
	long long disarmed = gd->flag_negated ? 1 : 0;
	bool shape = true;
	for (size_t i = 0; i < kids.len && shape; i++) {
		if (kids.items[i].kind != CXCursor_CXXMethod)
			continue;
		struct dismiss_scan ds = { gd->flag, 0, false };
		CXCursor body = definition_body(kids.items[i]);
		if (!clang_Cursor_isNull(body))
			clang_visitChildren(body, find_flag_store, &ds);
		if (!ds.found)
			continue;
		shape = ds.value == disarmed; /* a method that arms it again: not this shape */
		char *name = cursor_spelling(kids.items[i]);
		strvec_push(&gd->dismissers, name);
		free(name);
	}
	cursor_vec_release(&kids);
	return shape;
}

bool cfg_lambda_guard_note(CXCursor var, CXCursor record, CXCursor dtor, struct guard *gd)
{
	CXCursor init = clang_Cursor_getVarDeclInitializer(var);
	CXCursor lambda = clang_getNullCursor();
	if (clang_Cursor_isNull(init) || clang_Cursor_isNull(dtor))
		return false;
	CXCursor body = lambda_body(init, &lambda);
	CXCursor dbody = definition_body(dtor);
	if (clang_Cursor_isNull(body) || clang_Cursor_isNull(dbody) ||
	    !holds_lambda(clang_getCanonicalType(clang_getCursorType(var)), lambda))
		return false;
	struct flag_scan fs = { NULL, false, false };
	clang_visitChildren(dbody, find_flag_test, &fs);
	if (fs.other) {
		free(fs.flag);
		return false;
	}
	gd->lambda_body = body;
	gd->flag = fs.flag;
	gd->flag_negated = fs.negated;
	if (gd->flag && !find_dismissers(record, gd)) {
		cfg_guard_release(gd);
		return false;
	}
	return true;
}

/* `var.flag = value` at `at`. */
static void store_flag(struct builder *b, const char *var, const struct guard *gd, long long value, CXCursor at)
{
	struct cfg_event *ev = cfg_event_add(b, EVENT_STORE, at);
	ev->target.root = alloc_strdup(var);
	ev->target.path = alloc_printf("%s.%s", var, gd->flag);
	ev->target.field = alloc_strdup(gd->flag);
	ev->value.kind = VALUE_CONSTANT;
	ev->value.number = value;
	ev->value.call = -1;
	ev->value.text = alloc_printf("%lld", value);
	snprintf(ev->op, sizeof(ev->op), "=");
}

void cfg_lambda_guard_arm(struct builder *b, const struct guard *gd, CXCursor at)
{
	if (!gd->flag)
		return;
	char *var = cursor_spelling(gd->var);
	store_flag(b, var, gd, gd->flag_negated ? 0 : 1, at);
	free(var);
}

void cfg_lambda_guard_dismissed(struct builder *b, const struct cfg_call *call, CXCursor at)
{
	if (!call->object.root || call->object_arrow || !call->callee || !call->object.path ||
	    strcmp(call->object.root, call->object.path))
		return;
	for (size_t s = b->nscopes; s-- > 0;)
		for (size_t i = 0; i < b->scopes[s].n; i++) {
			const struct guard *gd = &b->scopes[s].guards[i];
			if (clang_Cursor_isNull(gd->lambda_body) || !gd->flag ||
			    !strvec_contains(&gd->dismissers, call->callee))
				continue;
			char *var = cursor_spelling(gd->var);
			bool same = !strcmp(var, call->object.root);
			if (same)
				store_flag(b, var, gd, gd->flag_negated ? 1 : 0, at);
			free(var);
			if (same)
				return;
		}
}

void cfg_lambda_guard_run(struct builder *b, const struct guard *gd, CXCursor at)
{
	struct target run = TARGET("guard.run"), end = TARGET("guard.end");
	if (gd->flag) {
		cfg_block_ensure(b);
		int blk = b->cur;
		char *var = cursor_spelling(gd->var);
		struct cfg_cond *cond = &b->g->blocks[blk].cond;
		memset(cond, 0, sizeof(*cond));
		cond->kind = COND_NONNULL;
		cond->var = alloc_printf("%s.%s", var, gd->flag);
		cond->text = alloc_strdup(cond->var);
		cond->loc = cfg_loc_of(b, at);
		strvec_push(&cond->names, var);
		free(var);
		/* The TRUE successor is the flag set: armed, unless negated. */
		cfg_edge_to_target(b, blk, gd->flag_negated ? &end : &run);
		cfg_edge_to_target(b, blk, gd->flag_negated ? &run : &end);
		b->cur = -1;
		cfg_target_place(b, &run, false);
	}
	cfg_lower_stmt(b, gd->lambda_body);
	if (gd->flag) {
		cfg_goto_target(b, &end);
		cfg_target_place(b, &end, false);
	}
	cfg_target_release(&run);
	cfg_target_release(&end);
}

void cfg_guard_release(struct guard *gd)
{
	free(gd->flag);
	gd->flag = NULL;
	strvec_clear(&gd->dismissers);
	gd->lambda_body = clang_getNullCursor();
}
