/* SPDX-License-Identifier: Apache-2.0 */
/* The names a function's text reads where the build being parsed compiles
 * nothing: between the statements of a block, in a block the preprocessor
 * skipped (`#if DBG`) or a statement macro that expands to nothing
 * (ASSERT(NT_SUCCESS(status)) in a free build). Another build of the same
 * source reads them there. */
#include "cfg/build.h"

#include "base/alloc.h"

static void add_quiet_read(struct builder *b, CXFile file, unsigned offset, const char *name)
{
	struct cfg *g = b->g;
	unsigned line = 0, column = 0;
	clang_getFileLocation(clang_getLocationForOffset(b->tu, file, offset), NULL, &line, &column, NULL);
	char *abs = cfg_file_path(file);
	g->quiet = alloc_resize(g->quiet, (g->nquiet + 1) * sizeof(*g->quiet));
	g->quiet[g->nquiet++] = (struct cfg_quiet_read){ { cfg_file_intern(g, abs), line, column },
							 alloc_strdup(name) };
	free(abs);
}

static void add_identifiers(struct builder *b, struct cursor_span span)
{
	struct cursor_tokens t;
	cursor_tokens_of_span(b->tu, span, &t);
	for (size_t i = 0; i < t.len; i++)
		if (t.items[i].kind == CXToken_Identifier)
			add_quiet_read(b, span.file, t.items[i].begin, t.items[i].text);
	cursor_tokens_release(&t);
}

static enum CXChildVisitResult find_reference(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (c.kind == CXCursor_DeclRefExpr || c.kind == CXCursor_MemberRefExpr || c.kind == CXCursor_CallExpr) {
		*(bool *)data = true;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* A statement that compiles to nothing here: an empty one, or an expression
 * that names nothing (`((VOID)0)`, what ASSERT(x) is in a free build). */
static bool compiles_to_nothing(CXCursor c)
{
	if (c.kind == CXCursor_NullStmt)
		return true;
	if (!clang_isExpression(c.kind) || c.kind == CXCursor_DeclRefExpr || c.kind == CXCursor_CallExpr)
		return false;
	bool refers = false;
	clang_visitChildren(c, find_reference, &refers);
	return !refers;
}

struct gap_walk {
	struct builder *b;
	struct cursor_span prev;   /* what the last statement spans */
};

static enum CXChildVisitResult gap_before(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct gap_walk *w = data;
	struct cursor_span at = cursor_span_of(c);
	if (at.ok && w->prev.ok && clang_File_isEqual(at.file, w->prev.file) && at.begin > w->prev.end)
		add_identifiers(w->b, (struct cursor_span){ at.file, w->prev.end, at.begin, true });
	if (at.ok && compiles_to_nothing(c))
		add_identifiers(w->b, at);
	if (at.ok)
		w->prev = at;
	return CXChildVisit_Continue;
}

void cfg_quiet_gaps(struct builder *b, CXCursor block)
{
	struct gap_walk w = { b, cursor_span_of(block) };
	if (!w.prev.ok)
		return;
	struct cursor_span whole = w.prev;
	w.prev.end = w.prev.begin + 1; /* just past the opening brace */
	clang_visitChildren(block, gap_before, &w);
	/* After the last statement, up to the closing brace. */
	if (w.prev.ok && clang_File_isEqual(w.prev.file, whole.file) && whole.end > w.prev.end + 1)
		add_identifiers(b, (struct cursor_span){ whole.file, w.prev.end, whole.end - 1, true });
}

bool cfg_quietly_read_between(const struct cfg *g, const char *name, const struct cfg_loc *from,
			      const struct cfg_loc *to)
{
	for (size_t i = 0; i < g->nquiet; i++) {
		const struct cfg_loc *at = &g->quiet[i].loc;
		bool after = at->line > from->line || (at->line == from->line && at->column > from->column);
		bool before = at->line < to->line || (at->line == to->line && at->column < to->column);
		if (after && before && at->file == from->file && from->file == to->file && !strcmp(g->quiet[i].name, name))
			return true;
	}
	return false;
}
