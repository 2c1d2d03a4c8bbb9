/* SPDX-License-Identifier: Apache-2.0 */
/* Function-like macros expanded from their definitions: libclang's C API
 * gives a macro's body as one token span at its use, so the definition is
 * read, the arguments substituted, and the macros it invokes expanded. */
#include "front/macros.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/map.h"
#include "base/str.h"
#include "base/strvec.h"
#include "front/cursor.h"
#include "front/ddi.h"

/* The function-like macros of a translation unit by name (the last
 * definition of each), found in one visit of the unit's top level and kept
 * for the last few units until macros_dispose_unit: a macro's body is read once
 * per operator in it, and a visit costs as much as the headers define. */
struct macro_table {
	CXTranslationUnit tu;
	struct strindex names;
	CXCursor *defs;             /* by name number */
	size_t cap;
	/* The last invocation expanded for an operator: every operator of an
	 * expansion asks for the same one, and expanding it each time costs
	 * its length once per operator. */
	struct cursor_span last;
	bool last_expanded;
	struct strvec last_body;
};

#define MACRO_TABLES 8
static struct macro_table tables[MACRO_TABLES];
static size_t next_table;
static pthread_mutex_t tables_lock = PTHREAD_MUTEX_INITIALIZER;

static enum CXChildVisitResult add_macro(CXCursor c, CXCursor parent, CXClientData data)
{
	struct macro_table *t = data;
	(void)parent;
	/* A macro the precompiled prelude defines (SetFlag of <ntifs.h>) is not
	 * among the unit's cursors: its invocations name it. */
	if (c.kind == CXCursor_MacroExpansion) {
		c = clang_getCursorReferenced(c);
		char *name = c.kind == CXCursor_MacroDefinition ? cursor_spelling(c) : NULL;
		bool known = !name || strindex_find(&t->names, name) >= 0;
		free(name);
		if (known)
			return CXChildVisit_Continue;
	}
	if (c.kind == CXCursor_MacroDefinition && clang_Cursor_isMacroFunctionLike(c)) {
		char *name = cursor_spelling(c);
		int i = strindex_add(&t->names, name);
		alloc_grow((void **)&t->defs, &t->cap, (size_t)i + 1, sizeof(*t->defs));
		t->defs[i] = c;
		free(name);
	}
	return CXChildVisit_Continue;
}

static void table_clear(struct macro_table *t)
{
	strindex_clear(&t->names);
	free(t->defs);
	strvec_clear(&t->last_body);
	*t = (struct macro_table){ .names = STRINDEX_INIT, .last_body = STRVEC_INIT };
}

void macros_dispose_unit(CXTranslationUnit tu)
{
	pthread_mutex_lock(&tables_lock);
	for (size_t i = 0; i < MACRO_TABLES; i++)
		if (tables[i].tu == tu)
			table_clear(&tables[i]);
	pthread_mutex_unlock(&tables_lock);
	clang_disposeTranslationUnit(tu);
}

/* The table of `tu`, made on first use; called with tables_lock held. */
static struct macro_table *table_for(CXTranslationUnit tu)
{
	for (size_t i = 0; i < MACRO_TABLES; i++)
		if (tables[i].tu == tu)
			return &tables[i];
	struct macro_table *t = &tables[next_table++ % MACRO_TABLES];
	table_clear(t);
	t->tu = tu;
	clang_visitChildren(clang_getTranslationUnitCursor(tu), add_macro, t);
	return t;
}

/* The definition of the function-like macro `name` in `tu`. */
static bool find_macro(CXTranslationUnit tu, const char *name, CXCursor *def)
{
	pthread_mutex_lock(&tables_lock);
	struct macro_table *t = table_for(tu);
	int i = strindex_find(&t->names, name);
	if (i >= 0)
		*def = t->defs[i];
	pthread_mutex_unlock(&tables_lock);
	return i >= 0;
}

/* Splits `t` [from, to) at commas of bracket depth 0 into `bounds` pairs. */
static size_t split_args(const struct strvec *t, size_t from, size_t to, size_t *bounds, size_t max)
{
	size_t n = 0, start = from;
	int depth = 0;
	for (size_t i = from; i <= to && n < max; i++) {
		const char *s = i < to ? t->items[i] : ",";
		if (!strcmp(s, "(") || !strcmp(s, "[") || !strcmp(s, "{"))
			depth++;
		else if (!strcmp(s, ")") || !strcmp(s, "]") || !strcmp(s, "}"))
			depth--;
		else if (depth == 0 && !strcmp(s, ",")) {
			bounds[2 * n] = start;
			bounds[2 * n + 1] = i;
			n++;
			start = i + 1;
		}
	}
	return n;
}

size_t macro_closing(const struct strvec *t, size_t open)
{
	int depth = 0;
	for (size_t i = open; i < t->len; i++) {
		const char *s = t->items[i];
		if (!strcmp(s, "(") || !strcmp(s, "[") || !strcmp(s, "{"))
			depth++;
		else if ((!strcmp(s, ")") || !strcmp(s, "]") || !strcmp(s, "}")) && --depth == 0)
			return i;
	}
	return t->len;
}

/* A name inside a macro's body that may be another macro's invocation: any
 * identifier, as the kit spells some in mixed case (ntifs.h's SetFlag and
 * FlagOn in a driver's own AV_SET_INIT), but the status tests, read as such. */
static bool expandable(const char *s)
{
	if (!(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (const char *p = s; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_'))
			return false;
	return !ddi_is_status_test(s) && !ddi_is_error_test(s);
}

/* Longer expansions are not read this way: a condition or an operator is
 * looked for in a few statements' worth of tokens, and a hostile macro
 * (a chain of 100,000 `x +`) must not cost its length once per operator. */
#define MACRO_TOKENS_MAX 4096

bool macro_expand(CXTranslationUnit tu, const struct strvec *inv, size_t from, size_t to, int depth,
		  struct strvec *out)
{
	if (to - from > MACRO_TOKENS_MAX || out->len > MACRO_TOKENS_MAX)
		return false;
	CXCursor def_cursor;
	struct strvec def = STRVEC_INIT;
	const char *kit = ddi_flag_macro(inv->items[from]);
	if (find_macro(tu, inv->items[from], &def_cursor)) {
		struct cursor_tokens d;
		cursor_tokens_of_span(tu, cursor_span_of(def_cursor), &d);
		for (size_t i = 0; i < d.len && d.len <= MACRO_TOKENS_MAX; i++)
			strvec_push(&def, d.items[i].text);
		cursor_tokens_release(&d);
	} else if (kit) {
		for (const char *p = kit; *p; p += strspn(p, " ")) {
			size_t n = strcspn(p, " ");
			char *tok = alloc_strndup(p, n);
			strvec_push(&def, tok);
			free(tok);
			p += n;
		}
	} else {
		return false;
	}
	size_t close = def.len > 1 && !strcmp(def.items[1], "(") ? macro_closing(&def, 1) : def.len;
	if (close >= def.len) {
		strvec_clear(&def);
		return false;
	}
	size_t params[32], args[32];
	size_t np = split_args(&def, 2, close, params, 16);
	size_t na = split_args(inv, from + 2, to - 1, args, 16);
	struct strvec body = STRVEC_INIT;
	for (size_t i = close + 1; i < def.len; i++) {
		size_t p = 0;
		while (p < np && !(params[2 * p + 1] == params[2 * p] + 1 &&
				   !strcmp(def.items[params[2 * p]], def.items[i])))
			p++;
		if (p < np && p < na)
			for (size_t k = args[2 * p]; k < args[2 * p + 1]; k++)
				strvec_push(&body, inv->items[k]);
		else
			strvec_push(&body, def.items[i]);
	}
	strvec_clear(&def);
	for (size_t i = 0; i < body.len; i++) {
		size_t end = i + 1 < body.len && !strcmp(body.items[i + 1], "(") ? macro_closing(&body, i + 1) : body.len;
		if (depth > 0 && end < body.len && expandable(body.items[i]) &&
		    macro_expand(tu, &body, i, end + 1, depth - 1, out)) {
			i = end;
			continue;
		}
		strvec_push(out, body.items[i]);
	}
	strvec_clear(&body);
	return out->len <= MACRO_TOKENS_MAX;
}


/* The name an expression's text starts with (a variable, a called routine, a
 * member access's base), through the brackets, implicit conversions and left
 * operands before it; NULL when it starts with anything else (an operator, a
 * cast, a literal), as its first token is then not a name to find. */
static char *first_name(CXCursor c)
{
	for (int depth = 0; depth < 64; depth++) {
		struct cursor_list kids = cursor_children(c);
		switch (clang_getCursorKind(c)) {
		case CXCursor_DeclRefExpr:
			return cursor_spelling(c);
		case CXCursor_MemberRefExpr:
			if (kids.n == 0)
				return cursor_spelling(c);
			break;
		case CXCursor_CallExpr:
		case CXCursor_ArraySubscriptExpr:
		case CXCursor_BinaryOperator:
		case CXCursor_CompoundAssignOperator:
		case CXCursor_ConditionalOperator:
		case CXCursor_ParenExpr:
		case CXCursor_UnexposedExpr:
			break;
		default:
			return NULL;
		}
		if (kids.n == 0)
			return NULL;
		c = kids.items[0];
	}
	return NULL;
}

/* The token an operand with no name first (a constant, `(_SF)` of FlagOn
 * given FLAG_PORT or 8) is written as, where it is written: the macro's
 * argument, or its body. NULL when it is no identifier or literal. An
 * operand that is a prefix `~` or `!` (`~(_SF)` of ClearFlag), or one whose
 * token cannot be read (in a header of the prelude), is read through, and
 * *prefixed says so. `whole` is the invocation. */
static char *first_token(CXTranslationUnit tu, CXCursor c, struct cursor_span whole, bool *prefixed)
{
	for (int depth = 0; depth < 64; depth++) {
		CXFile file = NULL;
		unsigned offset;
		clang_getFileLocation(clang_getCursorLocation(c), &file, NULL, NULL, &offset);
		struct cursor_list kids = cursor_children(c);
		enum CXCursorKind k = clang_getCursorKind(c);
		if ((k == CXCursor_ParenExpr || k == CXCursor_UnexposedExpr) && kids.n == 1) {
			c = kids.items[0];
			continue;
		}
		CXToken *tokens = NULL;
		unsigned n = 0;
		/* A place in a body the prelude holds is the invocation's own: no token of the operand. */
		bool at_invocation = whole.ok && file && clang_File_isEqual(file, whole.file) && offset == whole.begin;
		if (file && !at_invocation) {
			CXSourceLocation at = clang_getLocationForOffset(tu, file, offset);
			clang_tokenize(tu, clang_getRange(at, at), &tokens, &n);
		}
		char *text = n > 0 ? cxstring_take(clang_getTokenSpelling(tu, tokens[0])) : NULL;
		bool word = n > 0 && (clang_getTokenKind(tokens[0]) == CXToken_Identifier ||
				      clang_getTokenKind(tokens[0]) == CXToken_Literal);
		clang_disposeTokens(tu, tokens, n);
		if (word)
			return text;
		bool known = n > 0 && strcmp(text, "~") && strcmp(text, "!");
		free(text);
		if (known || k != CXCursor_UnaryOperator || kids.n != 1 || *prefixed)
			return NULL;
		*prefixed = true;
		c = kids.items[0];
	}
	return NULL;
}

/* The operator before `name` in `body`, if every place agrees (see
 * macro_operator_before). */
static char *operator_before_name(const struct strvec *body, const char *name, const char *const *allowed,
				  bool prefixed)
{
	char *op = NULL;
	for (size_t i = 0; i < body->len; i++) {
		if (strcmp(body->items[i], name))
			continue;
		size_t k = i;
		while (k > 0 && !strcmp(body->items[k - 1], "("))
			k--;
		/* Read through a prefix `~` or `!`: another (`-`, `&`, `*`) could
		 * be the binary operator itself. */
		if (prefixed && (k == 0 || (strcmp(body->items[k - 1], "~") && strcmp(body->items[k - 1], "!"))))
			continue;
		for (k -= prefixed; prefixed && k > 0 && !strcmp(body->items[k - 1], "(");)
			k--;
		if (k == 0 || !str_listed(body->items[k - 1], allowed))
			continue;
		if (!op) {
			op = alloc_strdup(body->items[k - 1]);
		} else if (strcmp(op, body->items[k - 1])) {
			free(op);
			return NULL;
		}
	}
	return op;
}

static bool same_span(struct cursor_span a, struct cursor_span b)
{
	return a.ok && b.ok && clang_File_isEqual(a.file, b.file) && a.begin == b.begin && a.end == b.end;
}

/* Expands the invocation `span` covers into `body`; false when it is not one
 * macro's invocation or does not expand. */
static bool expand_span(CXTranslationUnit tu, struct cursor_span span, struct strvec *body)
{
	struct cursor_tokens t;
	cursor_tokens_of_span(tu, span, &t);
	struct strvec inv = STRVEC_INIT;
	for (size_t i = 0; i < t.len; i++)
		strvec_push(&inv, t.items[i].text);
	bool invocation = t.len >= 3 && t.items[0].kind == CXToken_Identifier && !strcmp(inv.items[1], "(") &&
			  macro_closing(&inv, 1) == inv.len - 1;
	cursor_tokens_release(&t);
	bool ok = invocation && macro_expand(tu, &inv, 0, inv.len, 4, body);
	strvec_clear(&inv);
	return ok;
}

/* The operator after `name` in `body`, through the `)` that close brackets
 * around it, if every place that has one in `allowed` agrees (`( status ) =`
 * of a status macro's `(_status) = STATUS_...`). A `member` name is one
 * after `.` or `->`; any other name, one not after them. */
static char *operator_after_name(const struct strvec *body, const char *name, const char *const *allowed, bool member)
{
	char *op = NULL;
	for (size_t i = 0; i < body->len; i++) {
		bool after_dot = i > 0 && (!strcmp(body->items[i - 1], ".") || !strcmp(body->items[i - 1], "->"));
		if (strcmp(body->items[i], name) || after_dot != member)
			continue;
		size_t k = i + 1;
		while (k < body->len && !strcmp(body->items[k], ")"))
			k++;
		if (k >= body->len || !str_listed(body->items[k], allowed))
			continue;
		if (!op) {
			op = alloc_strdup(body->items[k]);
		} else if (strcmp(op, body->items[k])) {
			free(op);
			return NULL;
		}
	}
	return op;
}

/* The operator `find` reads around `name` in the expansion of the invocation
 * `span` covers, expanded once and kept for the next operator of the same
 * invocation. */
static char *operator_in_expansion(CXTranslationUnit tu, struct cursor_span span, const char *name,
				   const char *const *allowed, bool prefixed,
				   char *(*find)(const struct strvec *, const char *, const char *const *, bool))
{
	char *op = NULL;
	pthread_mutex_lock(&tables_lock);
	struct macro_table *t = table_for(tu);
	bool known = same_span(t->last, span);
	if (known && t->last_expanded)
		op = find(&t->last_body, name, allowed, prefixed);
	pthread_mutex_unlock(&tables_lock);
	if (!known) {
		/* Expanded without the lock (expansion looks macros up), then kept. */
		struct strvec body = STRVEC_INIT;
		bool expanded = expand_span(tu, span, &body);
		if (expanded)
			op = find(&body, name, allowed, prefixed);
		pthread_mutex_lock(&tables_lock);
		t = table_for(tu);
		strvec_clear(&t->last_body);
		t->last = span;
		t->last_expanded = expanded;
		t->last_body = body;
		pthread_mutex_unlock(&tables_lock);
	}
	return op;
}

struct cursor_span macro_invocation_at(CXTranslationUnit tu, CXFile file, unsigned offset)
{
	struct cursor_span none = { NULL, 0, 0, false }, at = { file, offset, 0, true };
	size_t size = 0;
	if (!file || !clang_getFileContents(tu, file, &size) || offset >= size)
		return none;
	at.end = size - offset > 4096 ? offset + 4096 : (unsigned)size;
	struct cursor_tokens t;
	cursor_tokens_of_span(tu, at, &t);
	struct strvec inv = STRVEC_INIT;
	for (size_t i = 0; i < t.len; i++)
		strvec_push(&inv, t.items[i].text);
	size_t close = t.len >= 3 && t.items[0].kind == CXToken_Identifier && !strcmp(inv.items[1], "(")
			       ? macro_closing(&inv, 1) : t.len;
	if (close < t.len) {
		at.end = t.items[close].end;
		none = at;
	}
	strvec_clear(&inv);
	cursor_tokens_release(&t);
	return none;
}

/* The invocation whose body holds an operator whose operand is one of its
 * arguments (`_Obj = 0` of a macro given `g->h[1]`): where the expression
 * expands from is where the invocation starts. */
static struct cursor_span invocation_span(CXTranslationUnit tu, CXCursor whole)
{
	CXFile file = NULL;
	unsigned offset = 0;
	clang_getExpansionLocation(clang_getRangeStart(clang_getCursorExtent(whole)), &file, NULL, NULL, &offset);
	return macro_invocation_at(tu, file, offset);
}

char *macro_operator_before(CXTranslationUnit tu, CXCursor whole, CXCursor operand, const char *const *allowed)
{
	bool prefixed = false;
	struct cursor_span span = cursor_span_of(whole);
	char *name = first_name(operand);
	if (!name)
		name = first_token(tu, operand, span, &prefixed);
	char *op = name ? operator_in_expansion(tu, span, name, allowed, prefixed, operator_before_name) : NULL;
	free(name);
	return op;
}

/* The token an operand's text ends with, when a name or a literal: through
 * the right operands and brackets around it (`(g.Flags & (f))` ends with
 * what f is written as). *member: it is a member's name (`.Flags`). */
static char *last_token(CXTranslationUnit tu, CXCursor c, struct cursor_span whole, bool *member)
{
	*member = false;
	for (int depth = 0; depth < 64; depth++) {
		struct cursor_list kids = cursor_children(c);
		enum CXCursorKind k = clang_getCursorKind(c);
		if (k == CXCursor_DeclRefExpr)
			return cursor_spelling(c);
		if (k == CXCursor_MemberRefExpr) {
			*member = kids.n > 0;
			return cursor_spelling(c);
		}
		if (k == CXCursor_IntegerLiteral || k == CXCursor_CharacterLiteral) {
			bool prefixed = false;
			return first_token(tu, c, whole, &prefixed);
		}
		if (k == CXCursor_ArraySubscriptExpr)
			return alloc_strdup("]"); /* an element: the bracket it ends with */
		if ((k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr && k != CXCursor_BinaryOperator &&
		     k != CXCursor_CompoundAssignOperator && k != CXCursor_ConditionalOperator) || kids.n == 0)
			return NULL;
		c = kids.last;
	}
	return NULL;
}

char *macro_operator_after(CXTranslationUnit tu, CXCursor whole, CXCursor operand, const char *const *allowed)
{
	bool member = false;
	struct cursor_span span = cursor_span_of(whole);
	char *name = last_token(tu, operand, span, &member);
	if (!name)
		return NULL;
	char *op = operator_in_expansion(tu, span, name, allowed, member, operator_after_name);
	/* The operand an argument, the operator in the body (`_Obj = 0`). */
	struct cursor_span inv = op ? span : invocation_span(tu, whole);
	if (!op && inv.ok)
		op = operator_in_expansion(tu, inv, name, allowed, member, operator_after_name);
	free(name);
	return op;
}
