/* Walking a translation unit's function definitions. The walk is syntactic:
 * it records calls and stores; paths and order belong to the evaluator. */
#include "entry.h"

#include <clang-c/Index.h>
#include <stdlib.h>
#include <string.h>

#include "cursor.h"
#include "decls.h"
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

static bool is_dispatch_field(const char *name)
{
	for (size_t i = 0; i < sizeof(dispatch_fields) / sizeof(*dispatch_fields); i++)
		if (!strcmp(name, dispatch_fields[i]))
			return true;
	return false;
}

static bool is_table_pointer(struct walk *w, CXCursor c)
{
	char *usr = cursor_referenced_variable(c);
	bool yes = usr && strvec_contains(&w->table_pointers, usr);
	free(usr);
	return yes;
}

/* A store through `lhs`: records entry-point writes and table fills. */
static void note_store(struct walk *w, CXCursor lhs)
{
	lhs = cursor_strip(lhs);
	if (lhs.kind == CXCursor_MemberRefExpr) {
		char *name = cursor_spelling(lhs);
		if (is_dispatch_field(name))
			w->fn->writes_dispatch = true;
		free(name);
		return;
	}
	if (lhs.kind == CXCursor_ArraySubscriptExpr) {
		struct cursor_list kids = cursor_children(lhs);
		if (kids.n < 2)
			return;
		if (cursor_is_major_function(kids.items[0])) {
			w->fn->writes_dispatch = true;
			if (w->loop_depth > 0 && !cursor_is_constant(kids.items[1]))
				w->fn->fills_dispatch_table = true;
		} else if (w->loop_depth > 0 && is_table_pointer(w, kids.items[0])) {
			w->fn->writes_dispatch = w->fn->fills_dispatch_table = true;
		}
		return;
	}
	if (lhs.kind == CXCursor_UnaryOperator && w->loop_depth > 0) {
		/* *p = Dispatch or *p++ = Dispatch, p walking the table. */
		struct cursor_list kids = cursor_children(lhs);
		if (kids.n >= 1) {
			CXCursor operand = cursor_strip(kids.items[0]);
			if (operand.kind == CXCursor_UnaryOperator) {
				struct cursor_list inner = cursor_children(operand);
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
	char *name = clang_Cursor_isNull(callee) ? cursor_spelling(call) : cursor_spelling(callee);
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
		struct cursor_list kids = cursor_children(c);
		if (kids.n == 2 && cursor_is_assignment(w->tu, c, kids.items[0])) {
			note_store(w, kids.items[0]);
			char *usr = cursor_referenced_variable(kids.items[0]);
			if (usr && cursor_mentions_major_function(kids.items[1]))
				strvec_push(&w->table_pointers, usr);
			free(usr);
		}
		break;
	}
	case CXCursor_VarDecl: {
		/* PDRIVER_DISPATCH *p = DriverObject->MajorFunction; */
		if (cursor_mentions_major_function(c)) {
			char *usr = cursor_usr(c);
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
	const struct strvec *entry_names;
};

/* C linkage shows as an unmangled name. */
static bool c_linkage(CXCursor c, const char *name)
{
	CXString m = clang_Cursor_getMangling(c);
	const char *mangled = clang_getCString(m);
	bool yes = mangled && !strcmp(mangled, name);
	clang_disposeString(m);
	return yes;
}

static void collect_definition(CXCursor c, void *data)
{
	struct collect *ctx = data;
	enum CXCursorKind kind = clang_getCursorKind(c);
	struct unit_facts *out = ctx->out;
	GROW(out->functions, out->cap, out->nfunctions + 1);
	struct function_facts *f = &out->functions[out->nfunctions++];
	memset(f, 0, sizeof(*f));
	f->name = cursor_spelling(c);
	clang_getExpansionLocation(clang_getCursorLocation(c), NULL, &f->line, &f->column, NULL);
	f->is_static = clang_getCursorLinkage(c) == CXLinkage_Internal;
	f->is_driver_entry = kind == CXCursor_FunctionDecl &&
			     (!strcmp(f->name, "DriverEntry") ||
			      (ctx->entry_names && strvec_contains(ctx->entry_names, f->name)));

	struct walk w = { .tu = ctx->u->tu, .fn = f };
	clang_visitChildren(c, walk_child, &w);
	strvec_clear(&w.table_pointers);
	summarize_diagnostics(ctx->u, c, f);
	f->c_linkage = !ctx->out->cplusplus || c_linkage(c, f->name);
	f->cfg = cfg_build(ctx->u->tu, c);
}

void entry_collect(const struct parsed_unit *u, const struct strvec *entry_names, struct unit_facts *out)
{
	memset(out, 0, sizeof(*out));
	out->path = xstrdup(u->input->path);
	out->display = xstrdup(u->input->display);
	out->dir = path_dirname(u->input->path);
	out->flavour = u->includes.flavour;
	strvec_push_all(&out->includes, &u->includes.names);
	out->cplusplus = u->input->cplusplus;
	struct collect ctx = { u, out, entry_names };
	cursor_visit_definitions(u->tu, collect_definition, &ctx);
	decls_collect(u->tu, u->input->path, out);
}

void unit_facts_release(struct unit_facts *facts)
{
	for (size_t i = 0; i < facts->nfunctions; i++) {
		struct function_facts *f = &facts->functions[i];
		free(f->name);
		strvec_clear(&f->callees);
		free(f->first_error);
		cfg_free(f->cfg);
	}
	decls_release(facts);
	free(facts->functions);
	free(facts->path);
	free(facts->display);
	free(facts->dir);
	strvec_clear(&facts->includes);
	memset(facts, 0, sizeof(*facts));
}
