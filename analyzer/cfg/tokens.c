/* SPDX-License-Identifier: Apache-2.0 */
/* Small helpers the CFG builder shares: spellings, locations, tokens and
 * expression shapes. */
#include "cfg/build.h"

#include "base/path.h"
#include "base/strvec.h"

/* ---- strings, locations, tokens ---- */

bool cfg_token_is(const struct cursor_tokens *t, size_t i, const char *s)
{
	return i < t->len && !strcmp(t->items[i].text, s);
}

/* The index of the token closing the bracket at `open`, or t->len. */
size_t cfg_closing_bracket(const struct cursor_tokens *t, size_t open)
{
	int depth = 0;
	for (size_t i = open; i < t->len; i++) {
		const char *s = t->items[i].text;
		if (!strcmp(s, "(") || !strcmp(s, "[") || !strcmp(s, "{"))
			depth++;
		else if ((!strcmp(s, ")") || !strcmp(s, "]") || !strcmp(s, "}")) && --depth == 0)
			return i;
	}
	return t->len;
}

const char *cfg_file_intern(struct cfg *g, const char *s)
{
	if (g->file && !strcmp(g->file, s))
		return g->file;
	for (size_t i = 0; i < g->files.len; i++)
		if (!strcmp(g->files.items[i], s))
			return g->files.items[i];
	strvec_push(&g->files, s);
	return g->files.items[g->files.len - 1];
}

char *cfg_file_path(CXFile f)
{
	CXString name = clang_getFileName(f);
	const char *p = clang_getCString(name);
	char *abs = path_absolute(p ? p : "", NULL);
	clang_disposeString(name);
	return abs;
}

struct cfg_loc cfg_loc_of(struct builder *b, CXCursor c)
{
	struct cfg_loc loc = { NULL, 0, 0 };
	CXFile f = NULL;
	CXSourceLocation at = clang_isDeclaration(clang_getCursorKind(c))
				      ? clang_getCursorLocation(c)
				      : clang_getRangeStart(clang_getCursorExtent(c));
	clang_getFileLocation(at, &f, &loc.line, &loc.column, NULL);
	if (f) {
		char *abs = cfg_file_path(f);
		loc.file = cfg_file_intern(b->g, abs);
		free(abs);
	}
	return loc;
}

char *cfg_cursor_text(struct builder *b, CXCursor c)
{
	struct cursor_tokens t;
	cursor_tokens_of_span(b->tu, cursor_span_of(c), &t);
	char *s = cursor_tokens_join(&t, 0, t.len);
	cursor_tokens_release(&t);
	return s;
}

/* Looks through parentheses and implicit conversions, not explicit casts. */
CXCursor cfg_strip_implicit(CXCursor c)
{
	while (c.kind == CXCursor_UnexposedExpr || c.kind == CXCursor_ParenExpr) {
		struct cursor_list kids = cursor_children(c);
		if (kids.n != 1)
			break;
		c = kids.items[0];
	}
	return c;
}

bool cfg_op_is(const char *op, const char *want)
{
	return op && !strcmp(op, want);
}

char *cfg_unary_op(struct builder *b, CXCursor c)
{
	bool postfix;
	return cursor_unary_operator(b->tu, c, &postfix);
}

bool cfg_int_constant(CXCursor c, long long *out)
{
	if (!clang_isExpression(clang_getCursorKind(c)))
		return false;
	CXEvalResult r = cursor_evaluate(c);
	if (!r)
		return false;
	bool ok = clang_EvalResult_getKind(r) == CXEval_Int;
	if (ok)
		*out = clang_EvalResult_isUnsignedInt(r) ? (long long)clang_EvalResult_getAsUnsigned(r)
							 : clang_EvalResult_getAsLongLong(r);
	clang_EvalResult_dispose(r);
	return ok;
}

struct effect_search {
	struct builder *b;
	bool found;
};

static enum CXChildVisitResult find_effect(CXCursor c, CXCursor parent, CXClientData data)
{
	struct effect_search *s = data;
	enum CXCursorKind k = clang_getCursorKind(c);
	char eop[4];
	bool effect = (k == CXCursor_CallExpr && !(cfg_enum_operator(c, eop) && !eop[1])) ||
		      k == CXCursor_CompoundAssignOperator;
	if (k == CXCursor_BinaryOperator) {
		char *op = cursor_binary_operator(s->b->tu, c);
		effect = cfg_op_is(op, "=");
		free(op);
	} else if (k == CXCursor_UnaryOperator) {
		char *op = cfg_unary_op(s->b, c);
		effect = cfg_op_is(op, "++") || cfg_op_is(op, "--");
		free(op);
	}
	if (effect) {
		s->found = true;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* Whether the expression calls or assigns anything (then it is not folded). */
bool cfg_has_side_effects(struct builder *b, CXCursor c)
{
	struct effect_search s = { b, false };
	find_effect(c, clang_getNullCursor(), &s);
	if (!s.found)
		clang_visitChildren(c, find_effect, &s);
	return s.found;
}
