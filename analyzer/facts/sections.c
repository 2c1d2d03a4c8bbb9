/* SPDX-License-Identifier: Apache-2.0 */
/* Which code section a function is placed in. The kit's compilers take it
 * from `#pragma alloc_text(SECTION, f, ...)`, from a `#pragma
 * code_seg("SECTION")` region, or from `__declspec(code_seg("SECTION"))` on the
 * definition (often through a macro, INIT_CODE_SEG). Pragmas are not in the
 * syntax tree, so they are read from the main file's tokens, leaving out the
 * branches the preprocessor skipped. */
#include "facts/sections.h"

#include <stdlib.h>
#include <string.h>

#include "front/cursor.h"
#include "front/frontend.h"
#include "project/inputs.h"
#include "base/alloc.h"
#include "base/strvec.h"

struct tokens {
	CXTranslationUnit tu;
	CXToken *items;
	unsigned len;
};

static char *spelling(const struct tokens *t, unsigned i)
{
	return cxstring_take(clang_getTokenSpelling(t->tu, t->items[i]));
}

static bool spelled(const struct tokens *t, unsigned i, const char *s)
{
	if (i >= t->len)
		return false;
	char *text = spelling(t, i);
	bool yes = !strcmp(text, s);
	free(text);
	return yes;
}

/* A section name as written: INIT or "INIT". */
static char *section_name(const struct tokens *t, unsigned i)
{
	if (i >= t->len)
		return NULL;
	char *text = spelling(t, i);
	size_t n = strlen(text);
	if (n >= 2 && text[0] == '"' && text[n - 1] == '"') {
		memmove(text, text + 1, n - 2);
		text[n - 2] = '\0';
	} else if (clang_getTokenKind(t->items[i]) != CXToken_Identifier) {
		free(text);
		return NULL;
	}
	return text;
}

/* `code_seg ( ... "X" )` at token i: X, the last string before the closing
 * parenthesis (push and a label may come first); "" for code_seg() and
 * code_seg(pop), which return to the default. */
static char *code_seg_at(const struct tokens *t, unsigned i, bool *pop)
{
	*pop = false;
	if (!spelled(t, i, "code_seg") || !spelled(t, i + 1, "("))
		return NULL;
	char *name = NULL;
	for (unsigned k = i + 2; k < t->len && !spelled(t, k, ")"); k++) {
		if (clang_getTokenKind(t->items[k]) == CXToken_Literal) {
			free(name);
			name = section_name(t, k);
		} else if (spelled(t, k, "pop")) {
			*pop = true;
		}
	}
	return name ? name : alloc_strdup("");
}

static unsigned token_line(const struct tokens *t, unsigned i)
{
	unsigned line;
	clang_getSpellingLocation(clang_getTokenLocation(t->tu, t->items[i]), NULL, &line, NULL, NULL);
	return line;
}

/* Whether the skipped range opens with a test of ALLOC_PRAGMA (or
 * ALLOC_DATA_PRAGMA): the kit's headers define it for the compilers that
 * build drivers, the header model does not, and the branch is what the
 * build compiles. */
static bool alloc_pragma_branch(CXTranslationUnit tu, CXSourceRange range)
{
	CXToken *tokens = NULL;
	unsigned n = 0;
	CXSourceLocation start = clang_getRangeStart(range);
	CXFile file;
	unsigned line;
	clang_getSpellingLocation(start, &file, &line, NULL, NULL);
	CXSourceRange first = clang_getRange(start, clang_getLocation(tu, file, line, 200));
	clang_tokenize(tu, first, &tokens, &n);
	bool yes = false;
	for (unsigned i = 0; i < n && !yes; i++) {
		unsigned at;
		clang_getSpellingLocation(clang_getTokenLocation(tu, tokens[i]), NULL, &at, NULL, NULL);
		if (at != line)
			break;
		char *text = cxstring_take(clang_getTokenSpelling(tu, tokens[i]));
		yes = !strcmp(text, "ALLOC_PRAGMA") || !strcmp(text, "ALLOC_DATA_PRAGMA");
		free(text);
	}
	clang_disposeTokens(tu, tokens, n);
	return yes;
}

static bool skipped(const CXSourceRangeList *ranges, CXTranslationUnit tu, CXToken token)
{
	unsigned at;
	clang_getSpellingLocation(clang_getTokenLocation(tu, token), NULL, NULL, NULL, &at);
	for (unsigned k = 0; ranges && k < ranges->count; k++) {
		if (alloc_pragma_branch(tu, ranges->ranges[k]))
			continue;
		unsigned from, to;
		clang_getSpellingLocation(clang_getRangeStart(ranges->ranges[k]), NULL, NULL, NULL, &from);
		clang_getSpellingLocation(clang_getRangeEnd(ranges->ranges[k]), NULL, NULL, NULL, &to);
		if (at >= from && at <= to)
			return true;
	}
	return false;
}

static void place(struct unit_facts *out, const char *function, unsigned from_line, const char *section)
{
	for (size_t f = 0; f < out->nfunctions; f++) {
		struct function_facts *fn = &out->functions[f];
		if (fn->section || (function && strcmp(fn->name, function)) ||
		    (!function && (fn->file || fn->line < from_line)))
			continue;
		fn->section = alloc_strdup(section);
	}
}

/* A code_seg region: functions of the main file defined from `line` on,
 * until the next code_seg pragma (applied before it, from the bottom up). */
struct region {
	unsigned line;
	char *section;              /* "" for the default */
};

void sections_collect(const struct parsed_unit *u, struct unit_facts *out)
{
	CXFile file = clang_getFile(u->tu, u->input->path);
	if (!file)
		return;
	size_t size = 0;
	clang_getFileContents(u->tu, file, &size);
	struct tokens t = { u->tu, NULL, 0 };
	CXSourceRange all = clang_getRange(clang_getLocationForOffset(u->tu, file, 0),
					   clang_getLocationForOffset(u->tu, file, (unsigned)size));
	clang_tokenize(u->tu, all, &t.items, &t.len);
	CXSourceRangeList *inactive = clang_getSkippedRanges(u->tu, file);
	struct region *regions = NULL;
	size_t nregions = 0, cap = 0;
	struct strvec stack = STRVEC_INIT;
	for (unsigned i = 0; i + 2 < t.len; i++) {
		if (!spelled(&t, i, "#") || !spelled(&t, i + 1, "pragma") || skipped(inactive, u->tu, t.items[i]))
			continue;
		if (spelled(&t, i + 2, "alloc_text") && spelled(&t, i + 3, "(")) {
			char *section = section_name(&t, i + 4);
			for (unsigned k = i + 5; section && k < t.len && !spelled(&t, k, ")"); k++) {
				if (clang_getTokenKind(t.items[k]) != CXToken_Identifier)
					continue;
				char *name = spelling(&t, k);
				place(out, name, 0, section);
				free(name);
			}
			free(section);
		} else {
			bool pop;
			char *section = code_seg_at(&t, i + 2, &pop);
			if (!section)
				continue;
			if (pop) {
				free(section);
				if (stack.len)
					free(stack.items[--stack.len]);
				section = alloc_strdup(stack.len ? stack.items[stack.len - 1] : "");
			} else if (*section) {
				strvec_push(&stack, section);
			}
			GROW(regions, cap, nregions + 1);
			regions[nregions++] = (struct region){ token_line(&t, i), section };
		}
	}
	/* The latest region first, so each function takes the one it is in. */
	for (size_t r = nregions; r-- > 0;) {
		if (*regions[r].section)
			place(out, NULL, regions[r].line, regions[r].section);
		else
			place(out, NULL, regions[r].line, "");
		free(regions[r].section);
	}
	for (size_t f = 0; f < out->nfunctions; f++) {
		if (out->functions[f].section && !*out->functions[f].section) {
			free(out->functions[f].section);
			out->functions[f].section = NULL;
		}
	}
	free(regions);
	strvec_clear(&stack);
	if (inactive)
		clang_disposeSourceRangeList(inactive);
	clang_disposeTokens(u->tu, t.items, t.len);
}

/* __declspec(code_seg("X")) among the tokens from the definition's start to
 * its name, or in the definition of a macro used there. */
static char *declspec_in(CXTranslationUnit tu, CXSourceRange range, int depth)
{
	struct tokens t = { tu, NULL, 0 };
	clang_tokenize(tu, range, &t.items, &t.len);
	char *section = NULL;
	for (unsigned i = 0; i < t.len && !section; i++) {
		bool pop;
		section = code_seg_at(&t, i, &pop);
		if (section || depth > 0 || clang_getTokenKind(t.items[i]) != CXToken_Identifier)
			continue;
		CXCursor at = clang_getCursor(tu, clang_getTokenLocation(tu, t.items[i]));
		if (clang_getCursorKind(at) != CXCursor_MacroExpansion)
			continue;
		CXCursor def = clang_getCursorReferenced(at);
		if (!clang_Cursor_isNull(def))
			section = declspec_in(tu, clang_getCursorExtent(def), depth + 1);
	}
	clang_disposeTokens(tu, t.items, t.len);
	if (section && !*section) {
		free(section);
		section = NULL;
	}
	return section;
}

struct attrs {
	CXTranslationUnit tu;
	char *section;
};

static enum CXChildVisitResult visit_attr(CXCursor c, CXCursor parent, CXClientData data)
{
	struct attrs *a = data;
	(void)parent;
	if (clang_isAttribute(clang_getCursorKind(c)) && !a->section)
		a->section = declspec_in(a->tu, clang_getCursorExtent(c), 0);
	return CXChildVisit_Continue;
}

char *sections_code_seg(CXTranslationUnit tu, CXCursor fn)
{
	/* The attribute's own tokens (clang keeps code_seg as an unexposed
	 * attribute), or those from the definition's start to its name. */
	struct attrs a = { tu, NULL };
	clang_visitChildren(fn, visit_attr, &a);
	if (a.section)
		return a.section;
	CXSourceRange extent = clang_getCursorExtent(fn);
	CXSourceLocation name = clang_getCursorLocation(fn);
	return declspec_in(tu, clang_getRange(clang_getRangeStart(extent), name), 0);
}
