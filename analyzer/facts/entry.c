/* SPDX-License-Identifier: Apache-2.0 */
/* Per-file facts: each function definition of the main file with its
 * control-flow graph, what classification needs from it, and whether parse
 * errors touched it. Paths and order belong to the evaluator. */
#include "facts/entry.h"

#include <clang-c/Index.h>
#include <stdlib.h>
#include <string.h>

#include "front/cursor.h"
#include "facts/decls.h"
#include "facts/sections.h"
#include "front/frontend.h"
#include "project/inputs.h"
#include "base/alloc.h"
#include "base/path.h"
#include "base/strvec.h"

/* Driver-object fields that install entry points. */
static const char *const dispatch_fields[] = { "MajorFunction", "AddDevice", "DriverUnload",
					       "DriverStartIo" };

static bool is_dispatch_field(const char *name)
{
	for (size_t i = 0; name && i < sizeof(dispatch_fields) / sizeof(*dispatch_fields); i++)
		if (!strcmp(name, dispatch_fields[i]))
			return true;
	return false;
}

/* What classification needs, read off the function's graph: the functions it
 * calls, and whether it installs entry points or fills the dispatch table. */
static void summarize_events(const struct cfg *g, struct function_facts *f)
{
	for (size_t i = 0; i < g->ncalls; i++) {
		const char *callee = g->calls[i].callee;
		if (callee && !strvec_contains(&f->callees, callee))
			strvec_push(&f->callees, callee);
		/* And qualified, which resolves where the name alone is two
		 * namespaces' or classes' (Start of ProcessWatch and of HandleGuard). */
		if (callee && g->calls[i].scope) {
			char *qualified = alloc_printf("%s::%s", g->calls[i].scope, callee);
			if (!strvec_contains(&f->callees, qualified))
				strvec_push(&f->callees, qualified);
			free(qualified);
		}
	}
	for (size_t i = 0; i < g->ncalls; i++)
		for (size_t a = 0; a < g->calls[i].nargs; a++)
			if (g->calls[i].args[a].kind == VALUE_FUNCTION && g->calls[i].args[a].name &&
			    !strvec_contains(&f->referenced, g->calls[i].args[a].name))
				strvec_push(&f->referenced, g->calls[i].args[a].name);
	for (size_t b = 0; b < g->nblocks; b++) {
		for (size_t i = 0; i < g->blocks[b].nevents; i++) {
			const struct cfg_event *e = &g->blocks[b].events[i];
			if (e->kind != EVENT_STORE && e->kind != EVENT_ASSIGN)
				continue;
			if (e->value.kind == VALUE_FUNCTION && e->value.name &&
			    !strvec_contains(&f->referenced, e->value.name))
				strvec_push(&f->referenced, e->value.name);
			f->fills_dispatch_table |= e->fills_table;
			f->writes_dispatch |= e->fills_table || is_dispatch_field(e->target.field);
		}
	}
}

struct lambdas {
	CXTranslationUnit tu;
	struct function_facts *fn;
};

static enum CXChildVisitResult summarize_lambda(CXCursor c, CXCursor parent, CXClientData data)
{
	struct lambdas *l = data;
	(void)parent;
	if (c.kind != CXCursor_LambdaExpr)
		return CXChildVisit_Recurse;
	struct cfg *g = cfg_build(l->tu, c);
	summarize_events(g, l->fn);
	cfg_free(g);
	return CXChildVisit_Recurse;
}

struct returns {
	CXFile file;
	unsigned *offsets;
	size_t len, cap;
};

static enum CXChildVisitResult collect_return(CXCursor c, CXCursor parent, CXClientData data)
{
	struct returns *r = data;
	(void)parent;
	if (c.kind == CXCursor_ReturnStmt) {
		CXFile file;
		unsigned offset;
		/* Where the `return` is written: a macro's argument, too. */
		clang_getFileLocation(clang_getRangeStart(clang_getCursorExtent(c)), &file, NULL, NULL, &offset);
		if (clang_File_isEqual(file, r->file)) {
			GROW(r->offsets, r->cap, r->len + 1);
			r->offsets[r->len++] = offset;
		}
	}
	return CXChildVisit_Recurse;
}

/* Whether clang dropped a `return` written in the definition: a statement
 * that uses a declaration clang rejected elsewhere in the file (a routine
 * whose definition conflicts with its implicit declaration) leaves no trace
 * in the tree, and no error inside the function says so. Sets *line and
 * *column to the first such `return`. */
static bool dropped_return(CXTranslationUnit tu, CXCursor fn, unsigned *line, unsigned *column)
{
	CXSourceRange extent = clang_getCursorExtent(fn);
	CXFile file;
	unsigned start, end;
	clang_getExpansionLocation(clang_getRangeStart(extent), &file, NULL, NULL, &start);
	clang_getExpansionLocation(clang_getRangeEnd(extent), NULL, NULL, NULL, &end);
	if (!file)
		return false;
	struct returns r = { file, NULL, 0, 0 };
	clang_visitChildren(fn, collect_return, &r);
	CXToken *tokens = NULL;
	unsigned n = 0;
	clang_tokenize(tu, extent, &tokens, &n);
	CXSourceRangeList *skipped = NULL;
	bool dropped = false;
	for (unsigned i = 0; i < n && !dropped; i++) {
		if (clang_getTokenKind(tokens[i]) != CXToken_Keyword)
			continue;
		CXString spelling = clang_getTokenSpelling(tu, tokens[i]);
		bool is_return = !strcmp(clang_getCString(spelling), "return");
		clang_disposeString(spelling);
		if (!is_return)
			continue;
		CXSourceLocation at = clang_getTokenLocation(tu, tokens[i]);
		unsigned offset, expanded;
		clang_getFileLocation(at, NULL, line, column, &offset);
		/* A definition a macro's invocation makes spans the invocation; the
		 * macro's body, where the tokens are, was checked where it expands. */
		clang_getExpansionLocation(at, NULL, NULL, NULL, &expanded);
		if (expanded < start || expanded > end)
			continue;
		bool kept = false;
		for (size_t k = 0; k < r.len && !kept; k++)
			kept = r.offsets[k] == offset;
		if (kept)
			continue;
		/* The lexer also reads the branches the preprocessor left out. */
		if (!skipped)
			skipped = clang_getSkippedRanges(tu, file);
		bool inactive = false;
		for (unsigned k = 0; skipped && k < skipped->count && !inactive; k++) {
			unsigned from, to;
			clang_getExpansionLocation(clang_getRangeStart(skipped->ranges[k]), NULL, NULL, NULL, &from);
			clang_getExpansionLocation(clang_getRangeEnd(skipped->ranges[k]), NULL, NULL, NULL, &to);
			inactive = offset >= from && offset <= to;
		}
		dropped = !inactive;
	}
	if (skipped)
		clang_disposeSourceRangeList(skipped);
	clang_disposeTokens(tu, tokens, n);
	free(r.offsets);
	return dropped;
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
			f->first_error = alloc_printf("%u:%u: %s", d->line, d->column, d->message);
	}
	f->analyzable = errors == 0 && !clang_isInvalidDeclaration(fn);
	if (!f->analyzable && !f->first_error)
		f->first_error = alloc_strdup("its declaration is invalid");
	unsigned line, column;
	if (f->analyzable && dropped_return(u->tu, fn, &line, &column)) {
		f->analyzable = false;
		f->first_error = alloc_printf("%u:%u: clang left this return statement out: it uses a declaration "
					   "clang rejected elsewhere in the file", line, column);
	}
	/* Names the front end had to declare itself, used inside the definition. */
	for (size_t i = 0; i < u->synth.len; i++) {
		const struct synth_decl *d = &u->synth.items[i];
		if (!d->file || strcmp(d->file, u->input->path) || d->offset < start || d->offset > end)
			continue;
		char *what = alloc_printf("%s (%s)", d->name, d->assumed);
		if (!strvec_contains(&f->assumed, what))
			strvec_push(&f->assumed, what);
		free(what);
	}
}

struct collect {
	const struct parsed_unit *u;
	struct unit_facts *out;
	const struct strvec *entry_names;
	CXCursor *in_headers;      /* definitions in the driver's own headers */
	size_t nin_headers, cap;
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

static bool is_entry_name(const struct collect *ctx, const char *name)
{
	return !strcmp(name, "DriverEntry") || (ctx->entry_names && strvec_contains(ctx->entry_names, name));
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
	f->file = cursor_included_source(c);
	if (!f->file && !cursor_in_main_file(c)) {
		CXFile file = NULL;
		clang_getExpansionLocation(clang_getCursorLocation(c), &file, NULL, NULL, NULL);
		char *name = file ? cxstring_take(clang_getFileName(file)) : NULL;
		f->file = name ? path_absolute(name, NULL) : NULL;
		free(name);
		f->in_header = true;
	}
	clang_getExpansionLocation(clang_getCursorLocation(c), NULL, &f->line, &f->column, NULL);
	f->is_static = clang_getCursorLinkage(c) == CXLinkage_Internal;
	/* A DriverEntry defined in the driver's header is the driver's entry, as
	 * one in an included source file is: checked at its place in the header. */
	bool entry = kind == CXCursor_FunctionDecl && is_entry_name(ctx, f->name);
	if (entry)
		f->in_header = false;
	f->is_driver_entry = entry;

	summarize_diagnostics(ctx->u, c, f);
	f->c_linkage = !ctx->out->cplusplus || c_linkage(c, f->name);
	f->section = sections_code_seg(ctx->u->tu, c);
	if (kind == CXCursor_CXXMethod || kind == CXCursor_Constructor || kind == CXCursor_Destructor ||
	    kind == CXCursor_ConversionFunction) {
		CXCursor parent = clang_getCursorSemanticParent(c);
		f->scope = clang_Cursor_isNull(parent) ? NULL : cursor_class_name(parent);
	} else {
		f->scope = cursor_namespace_name(c);
	}
	f->cfg = cfg_build(ctx->u->tu, c);
	summarize_events(f->cfg, f);
	/* A lambda's body runs when the function calls it: for classification
	 * it counts as the function's own. */
	struct lambdas l = { ctx->u->tu, f };
	clang_visitChildren(c, summarize_lambda, &l);
}

static void note_in_header(CXCursor c, void *data)
{
	struct collect *ctx = data;
	if (clang_getCursorKind(c) == CXCursor_FunctionDecl) {
		char *name = cursor_spelling(c);
		bool entry = is_entry_name(ctx, name);
		free(name);
		if (entry) {
			collect_definition(c, ctx);
			return;
		}
	}
	GROW(ctx->in_headers, ctx->cap, ctx->nin_headers + 1);
	ctx->in_headers[ctx->nin_headers++] = c;
}

/* A helper the driver defines in its own header (a static inline allocator,
 * a logging routine) is as visible as one in a source file: the unit keeps
 * those its functions call, directly or through one another. */
static void collect_called_in_headers(struct collect *ctx)
{
	struct unit_facts *out = ctx->out;
	bool *taken = alloc_zeroed(ctx->nin_headers + 1, sizeof(*taken));
	char **names = alloc_zeroed(ctx->nin_headers + 1, sizeof(*names));
	for (size_t i = 0; i < ctx->nin_headers; i++)
		names[i] = cursor_spelling(ctx->in_headers[i]);
	/* Each round takes what the functions collected so far call. */
	for (size_t scanned = 0; scanned < out->nfunctions;) {
		size_t upto = out->nfunctions;
		for (size_t i = 0; i < ctx->nin_headers; i++) {
			if (taken[i])
				continue;
			for (size_t f = scanned; f < upto && !taken[i]; f++)
				taken[i] = strvec_contains(&out->functions[f].callees, names[i]);
			if (taken[i])
				collect_definition(ctx->in_headers[i], ctx);
		}
		scanned = upto;
	}
	for (size_t i = 0; i < ctx->nin_headers; i++)
		free(names[i]);
	free(names);
	free(taken);
}

void entry_collect(const struct parsed_unit *u, const struct strvec *entry_names, struct unit_facts *out)
{
	memset(out, 0, sizeof(*out));
	out->path = alloc_strdup(u->input->path);
	out->display = alloc_strdup(u->input->display);
	out->dir = path_dirname(u->input->path);
	out->flavour = u->includes.flavour;
	strvec_push_all(&out->includes, &u->includes.names);
	out->cplusplus = u->input->cplusplus;
	strvec_push_all(&out->missing_headers, &u->missing);
	for (size_t i = 0; i < u->synth.len; i++)
		if (synth_shapes_declarations(&u->synth.items[i]))
			strvec_push(&out->assumed_names, u->synth.items[i].name);
	struct collect ctx = { u, out, entry_names, NULL, 0, 0 };
	cursor_visit_all_definitions(u->tu, collect_definition, note_in_header, &ctx);
	collect_called_in_headers(&ctx);
	free(ctx.in_headers);
	sections_collect(u, out);
	decls_collect(u->tu, u->input->path, out);
}

void unit_facts_add_unformed(struct unit_facts *u, const char *name, unsigned line, unsigned column,
			     const char *why)
{
	GROW(u->functions, u->cap, u->nfunctions + 1);
	struct function_facts *f = &u->functions[u->nfunctions++];
	memset(f, 0, sizeof(*f));
	f->name = alloc_strdup(name);
	f->line = line;
	f->column = column;
	f->is_driver_entry = true;
	f->c_linkage = true;
	f->diagnostics = 1;
	f->first_error = alloc_strdup(why);
	f->unformed = true;
}

void unit_facts_release(struct unit_facts *facts)
{
	for (size_t i = 0; i < facts->nfunctions; i++) {
		struct function_facts *f = &facts->functions[i];
		free(f->name);
		free(f->file);
		strvec_clear(&f->callees);
		strvec_clear(&f->referenced);
		free(f->first_error);
		free(f->section);
		free(f->scope);
		strvec_clear(&f->assumed);
		cfg_free(f->cfg);
	}
	decls_release(facts);
	free(facts->functions);
	free(facts->path);
	free(facts->display);
	free(facts->dir);
	strvec_clear(&facts->includes);
	strvec_clear(&facts->missing_headers);
	strvec_clear(&facts->assumed_names);
	strvec_clear(&facts->set_fields);
	strvec_clear(&facts->zeroed);
	memset(facts, 0, sizeof(*facts));
}
