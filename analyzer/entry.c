/* Walking a translation unit's function definitions. The walk is syntactic:
 * it records calls and stores; paths and order belong to the evaluator. */
#include "entry.h"

#include <clang-c/Index.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"
#include "inputs.h"

/* Driver-object fields that install entry points. */
static const char *const dispatch_fields[] = { "MajorFunction", "AddDevice", "DriverUnload",
					       "DriverStartIo" };

struct walk {
	CXTranslationUnit tu;
	struct function_facts *fn;
	int loop_depth;
	struct strvec table_pointers; /* USRs of variables pointing into MajorFunction */
};

static char *spelling(CXCursor c)
{
	CXString s = clang_getCursorSpelling(c);
	const char *p = clang_getCString(s);
	char *r = xstrdup(p ? p : "");
	clang_disposeString(s);
	return r;
}

static char *usr_of(CXCursor c)
{
	CXString s = clang_getCursorUSR(c);
	const char *p = clang_getCString(s);
	char *r = xstrdup(p ? p : "");
	clang_disposeString(s);
	return r;
}

struct child_list {
	CXCursor items[3];
	unsigned n;
};

static enum CXChildVisitResult take_child(CXCursor c, CXCursor parent, CXClientData data)
{
	struct child_list *list = data;
	if (list->n < 3)
		list->items[list->n] = c;
	list->n++;
	return CXChildVisit_Continue;
}

static struct child_list children_of(CXCursor c)
{
	struct child_list list = { .n = 0 };
	clang_visitChildren(c, take_child, &list);
	return list;
}

/* Looks through implicit casts, parentheses and explicit casts. */
static CXCursor strip(CXCursor c)
{
	while (c.kind == CXCursor_UnexposedExpr || c.kind == CXCursor_ParenExpr ||
	       c.kind == CXCursor_CStyleCastExpr) {
		struct child_list kids = children_of(c);
		if (kids.n == 0)
			break;
		c = kids.items[kids.n > 1 && c.kind == CXCursor_CStyleCastExpr ? kids.n - 1 : 0];
	}
	return c;
}

/* The spelling of the first token at or after `offset` within the cursor. */
static char *token_after(CXTranslationUnit tu, CXCursor c, unsigned offset)
{
	CXToken *tokens = NULL;
	unsigned n = 0;
	char *result = NULL;
	clang_tokenize(tu, clang_getCursorExtent(c), &tokens, &n);
	for (unsigned i = 0; i < n && !result; i++) {
		unsigned off;
		clang_getSpellingLocation(clang_getTokenLocation(tu, tokens[i]), NULL, NULL, NULL, &off);
		if (off >= offset) {
			CXString s = clang_getTokenSpelling(tu, tokens[i]);
			result = xstrdup(clang_getCString(s));
			clang_disposeString(s);
		}
	}
	clang_disposeTokens(tu, tokens, n);
	return result;
}

static unsigned end_offset(CXCursor c)
{
	unsigned off;
	clang_getSpellingLocation(clang_getRangeEnd(clang_getCursorExtent(c)), NULL, NULL, NULL, &off);
	return off;
}

static bool is_assignment(CXTranslationUnit tu, CXCursor binop, CXCursor lhs)
{
	char *op = token_after(tu, binop, end_offset(lhs));
	bool yes = op && !strcmp(op, "=");
	free(op);
	return yes;
}

static bool is_dispatch_field(const char *name)
{
	for (size_t i = 0; i < sizeof(dispatch_fields) / sizeof(*dispatch_fields); i++)
		if (!strcmp(name, dispatch_fields[i]))
			return true;
	return false;
}

/* Whether `c` is a reference to the MajorFunction array member. */
static bool is_major_function(CXCursor c)
{
	c = strip(c);
	if (c.kind != CXCursor_MemberRefExpr)
		return false;
	char *name = spelling(c);
	bool yes = !strcmp(name, "MajorFunction");
	free(name);
	return yes;
}

static enum CXChildVisitResult find_major_function(CXCursor c, CXCursor parent, CXClientData data)
{
	if (is_major_function(c)) {
		*(bool *)data = true;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

static bool mentions_major_function(CXCursor c)
{
	bool found = is_major_function(c);
	if (!found)
		clang_visitChildren(c, find_major_function, &found);
	return found;
}

static bool is_constant(CXCursor expr)
{
	CXEvalResult r = clang_Cursor_Evaluate(expr);
	if (!r)
		return false;
	bool yes = clang_EvalResult_getKind(r) == CXEval_Int;
	clang_EvalResult_dispose(r);
	return yes;
}

/* The variable a DeclRefExpr names, as a USR, or NULL. */
static char *referenced_variable(CXCursor c)
{
	c = strip(c);
	if (c.kind != CXCursor_DeclRefExpr)
		return NULL;
	CXCursor decl = clang_getCursorReferenced(c);
	if (decl.kind != CXCursor_VarDecl && decl.kind != CXCursor_ParmDecl)
		return NULL;
	return usr_of(decl);
}

static bool is_table_pointer(struct walk *w, CXCursor c)
{
	char *usr = referenced_variable(c);
	bool yes = usr && strvec_contains(&w->table_pointers, usr);
	free(usr);
	return yes;
}

/* A store through `lhs`: records entry-point writes and table fills. */
static void note_store(struct walk *w, CXCursor lhs)
{
	lhs = strip(lhs);
	if (lhs.kind == CXCursor_MemberRefExpr) {
		char *name = spelling(lhs);
		if (is_dispatch_field(name))
			w->fn->writes_dispatch = true;
		free(name);
		return;
	}
	if (lhs.kind == CXCursor_ArraySubscriptExpr) {
		struct child_list kids = children_of(lhs);
		if (kids.n < 2)
			return;
		if (is_major_function(kids.items[0])) {
			w->fn->writes_dispatch = true;
			if (w->loop_depth > 0 && !is_constant(kids.items[1]))
				w->fn->fills_dispatch_table = true;
		} else if (w->loop_depth > 0 && is_table_pointer(w, kids.items[0])) {
			w->fn->writes_dispatch = w->fn->fills_dispatch_table = true;
		}
		return;
	}
	if (lhs.kind == CXCursor_UnaryOperator && w->loop_depth > 0) {
		/* *p = Dispatch or *p++ = Dispatch, p walking the table. */
		struct child_list kids = children_of(lhs);
		if (kids.n >= 1) {
			CXCursor operand = strip(kids.items[0]);
			if (operand.kind == CXCursor_UnaryOperator) {
				struct child_list inner = children_of(operand);
				if (inner.n >= 1)
					operand = inner.items[0];
			}
			if (is_table_pointer(w, operand))
				w->fn->writes_dispatch = w->fn->fills_dispatch_table = true;
		}
	}
}

static void note_call(struct walk *w, CXCursor call)
{
	CXCursor callee = clang_getCursorReferenced(call);
	char *name = clang_Cursor_isNull(callee) ? spelling(call) : spelling(callee);
	if (name[0] && !strvec_contains(&w->fn->callees, name))
		strvec_push(&w->fn->callees, name);
	free(name);
}

static void walk_node(struct walk *w, CXCursor c);

static enum CXChildVisitResult walk_child(CXCursor c, CXCursor parent, CXClientData data)
{
	walk_node(data, c);
	return CXChildVisit_Continue;
}

static void walk_node(struct walk *w, CXCursor c)
{
	enum CXCursorKind kind = clang_getCursorKind(c);
	switch (kind) {
	case CXCursor_CallExpr:
		note_call(w, c);
		break;
	case CXCursor_BinaryOperator: {
		struct child_list kids = children_of(c);
		if (kids.n == 2 && is_assignment(w->tu, c, kids.items[0])) {
			note_store(w, kids.items[0]);
			char *usr = referenced_variable(kids.items[0]);
			if (usr && mentions_major_function(kids.items[1]))
				strvec_push(&w->table_pointers, usr);
			free(usr);
		}
		break;
	}
	case CXCursor_VarDecl: {
		/* PDRIVER_DISPATCH *p = DriverObject->MajorFunction; */
		if (mentions_major_function(c)) {
			char *usr = usr_of(c);
			strvec_push(&w->table_pointers, usr);
			free(usr);
		}
		break;
	}
	default:
		break;
	}
	bool loop = kind == CXCursor_ForStmt || kind == CXCursor_WhileStmt || kind == CXCursor_DoStmt;
	w->loop_depth += loop;
	clang_visitChildren(c, walk_child, w);
	w->loop_depth -= loop;
}

/* Whether the cursor's expansion location is in the main file: a definition
 * produced by a macro expanded there counts (isFromMainFile alone says no). */
static bool in_main_file(CXCursor c)
{
	CXSourceLocation loc = clang_getCursorLocation(c);
	if (clang_Location_isFromMainFile(loc))
		return true;
	CXFile f = NULL;
	clang_getExpansionLocation(loc, &f, NULL, NULL, NULL);
	CXTranslationUnit tu = clang_Cursor_getTranslationUnit(c);
	CXString main_name = clang_getTranslationUnitSpelling(tu);
	CXFile main_file = clang_getFile(tu, clang_getCString(main_name));
	clang_disposeString(main_name);
	return f && main_file && clang_File_isEqual(f, main_file);
}

static void summarize_diagnostics(const struct parsed_unit *u, CXCursor fn, struct function_facts *f)
{
	unsigned start, end;
	CXSourceRange extent = clang_getCursorExtent(fn);
	clang_getExpansionLocation(clang_getRangeStart(extent), NULL, NULL, NULL, &start);
	clang_getExpansionLocation(clang_getRangeEnd(extent), NULL, NULL, NULL, &end);
	unsigned errors = 0;
	for (size_t i = 0; i < u->ndiags; i++) {
		const struct unit_diagnostic *d = &u->diags[i];
		if (!d->in_main_file || d->offset < start || d->offset > end ||
		    d->severity < CXDiagnostic_Warning)
			continue;
		f->diagnostics++;
		if (d->severity >= CXDiagnostic_Error && errors++ == 0)
			f->first_error = xasprintf("%u:%u: %s", d->line, d->column, d->message);
	}
	f->analyzable = errors == 0 && !clang_isInvalidDeclaration(fn);
	if (!f->analyzable && !f->first_error)
		f->first_error = xstrdup("its declaration is invalid");
}

struct collect {
	const struct parsed_unit *u;
	struct unit_facts *out;
};

static enum CXChildVisitResult collect_top(CXCursor c, CXCursor parent, CXClientData data)
{
	struct collect *ctx = data;
	enum CXCursorKind kind = clang_getCursorKind(c);
	if (!in_main_file(c))
		return CXChildVisit_Continue;
	if (kind == CXCursor_LinkageSpec || kind == CXCursor_Namespace ||
	    kind == CXCursor_UnexposedDecl || kind == CXCursor_ClassDecl ||
	    kind == CXCursor_StructDecl) {
		clang_visitChildren(c, collect_top, ctx);
		return CXChildVisit_Continue;
	}
	if ((kind != CXCursor_FunctionDecl && kind != CXCursor_CXXMethod) ||
	    !clang_isCursorDefinition(c))
		return CXChildVisit_Continue;

	struct unit_facts *out = ctx->out;
	GROW(out->functions, out->cap, out->nfunctions + 1);
	struct function_facts *f = &out->functions[out->nfunctions++];
	memset(f, 0, sizeof(*f));
	f->name = spelling(c);
	clang_getExpansionLocation(clang_getCursorLocation(c), NULL, &f->line, &f->column, NULL);
	f->is_static = clang_getCursorLinkage(c) == CXLinkage_Internal;
	f->is_driver_entry = kind == CXCursor_FunctionDecl && !strcmp(f->name, "DriverEntry");

	struct walk w = { .tu = ctx->u->tu, .fn = f };
	clang_visitChildren(c, walk_child, &w);
	strvec_clear(&w.table_pointers);
	summarize_diagnostics(ctx->u, c, f);
	return CXChildVisit_Continue;
}

void entry_collect(const struct parsed_unit *u, struct unit_facts *out)
{
	memset(out, 0, sizeof(*out));
	out->path = xstrdup(u->input->path);
	out->display = xstrdup(u->input->display);
	out->dir = path_dirname(u->input->path);
	out->flavour = u->includes.flavour;
	strvec_push_all(&out->includes, &u->includes.names);
	struct collect ctx = { u, out };
	clang_visitChildren(clang_getTranslationUnitCursor(u->tu), collect_top, &ctx);
}

void unit_facts_release(struct unit_facts *facts)
{
	for (size_t i = 0; i < facts->nfunctions; i++) {
		struct function_facts *f = &facts->functions[i];
		free(f->name);
		strvec_clear(&f->callees);
		free(f->first_error);
	}
	free(facts->functions);
	free(facts->path);
	free(facts->display);
	free(facts->dir);
	strvec_clear(&facts->includes);
	memset(facts, 0, sizeof(*facts));
}
