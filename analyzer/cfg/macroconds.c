/* SPDX-License-Identifier: Apache-2.0 */
/* Conditions hidden in macros: a driver's own macro whose body holds the
 * test (`RETURN_IF_FAILED(s)`, a WPP trace function's POST) is one token span
 * to libclang, so its definition is read, its arguments substituted, and the
 * test found in the expanded tokens. */
#include "cfg/build.h"

#include <ctype.h>

#include "base/strbuf.h"
#include "base/strvec.h"
#include "front/ddi.h"
#include "front/macros.h"

/* A place's text from tokens that only name one (identifiers, '.', '->', '*'). */
static char *place_tokens(const struct strvec *toks, size_t from, size_t to)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = from; i < to; i++) {
		const char *s = toks->items[i];
		bool word = isalpha((unsigned char)s[0]) || s[0] == '_';
		if (!word && strcmp(s, ".") && strcmp(s, "->") && strcmp(s, "(") && strcmp(s, ")")) {
			strbuf_release(&sb);
			return NULL;
		}
		if (strcmp(s, "(") && strcmp(s, ")"))
			strbuf_adds(&sb, s);
	}
	return sb.len ? strbuf_detach(&sb) : NULL;
}

/* [*from, *to) without the brackets around all of it. */
static void strip_parens(const struct strvec *toks, size_t *from, size_t *to)
{
	while (*from < *to && !strcmp(toks->items[*from], "(") && macro_closing(toks, *from) == *to - 1) {
		(*from)++;
		(*to)--;
	}
}

/* [*from, *to) without the casts in front of its operand, as a project's
 * status macro writes them (`((NTSTATUS)(s)) < 0`): a bracket holding only
 * words and `*`, followed by more. */
static void strip_casts(const struct strvec *toks, size_t *from, size_t *to)
{
	for (;;) {
		strip_parens(toks, from, to);
		if (*from >= *to || strcmp(toks->items[*from], "("))
			return;
		size_t close = macro_closing(toks, *from);
		if (close + 1 >= *to || close == *from + 1)
			return;
		for (size_t i = *from + 1; i < close; i++) {
			const char *s = toks->items[i];
			if (strcmp(s, "*") && !(isalpha((unsigned char)s[0]) || s[0] == '_'))
				return;
		}
		*from = close + 1;
	}
}

/* The place [from, to) tests: the left side of an assignment when it is one
 * (`NT_SUCCESS(S = (E))` in a CHECK macro's `if`, `!(P = Alloc())`), else
 * the whole. */
static char *tested_place(const struct strvec *toks, size_t from, size_t to)
{
	strip_parens(toks, &from, &to);
	int depth = 0;
	for (size_t i = from; i < to; i++) {
		const char *s = toks->items[i];
		depth += (!strcmp(s, "(") || !strcmp(s, "[")) - (!strcmp(s, ")") || !strcmp(s, "]"));
		if (depth == 0 && !strcmp(s, "=")) {
			to = i;
			break;
		}
	}
	return place_tokens(toks, from, to);
}

/* The one comparison operator of [from, to) at bracket depth 0, or `to`
 * (none, or one of a longer expression: `a < 0 && b`). */
static size_t compare_at(const struct strvec *toks, size_t from, size_t to)
{
	static const char *const compare[] = { "==", "!=", ">=", "<=", "<", ">" };
	static const char *const others[] = { "&&", "||", "?", "=", ",", "|=", "&=", "+=", "-=", ";" };
	size_t found = to;
	int depth = 0;
	for (size_t i = from; i < to; i++) {
		const char *s = toks->items[i];
		if (!strcmp(s, "(") || !strcmp(s, "[") || !strcmp(s, "{"))
			depth++;
		else if (!strcmp(s, ")") || !strcmp(s, "]") || !strcmp(s, "}"))
			depth--;
		if (depth != 0)
			continue;
		for (size_t k = 0; k < sizeof(others) / sizeof(*others); k++)
			if (!strcmp(s, others[k]))
				return to;
		for (size_t k = 0; k < sizeof(compare) / sizeof(*compare); k++) {
			if (!strcmp(s, compare[k])) {
				if (found != to)
					return to;
				found = i;
			}
		}
	}
	return found;
}

static bool only_text(const struct strvec *toks, size_t from, size_t to, bool (*is)(const char *))
{
	return to == from + 1 && is(toks->items[from]);
}

static bool is_zero(const char *s) { return !strcmp(s, "0"); }
static bool is_null(const char *s) { return !strcmp(s, "NULL") || !strcmp(s, "nullptr"); }

/* What the AST says of a leaf that its macro's tokens do not. */
struct reading {
	bool negations; /* a leading `!` is the leaf's own (cfg_lower_cond did not take it) */
	bool pointer;   /* the leaf compares pointers: `== 0` is a NULL test */
};

/* A comparison in expanded tokens, read as classify reads one written out:
 * `s < 0`, `s >= 0` (and `0 > s`, `0 <= s`) test a status, as do `==` and
 * `!=` with a success constant; `==` and `!=` with NULL (or 0, comparing
 * pointers) test a pointer. The tested side is [*from, *to) on return;
 * false when it is none of these. */
static bool compare_tokens(const struct strvec *toks, size_t *from, size_t *to, const struct reading *r,
			   struct cfg_cond *cond, bool *negated)
{
	size_t op = compare_at(toks, *from, *to);
	if (op == *to || op == *from || op + 1 == *to)
		return false;
	const char *o = toks->items[op];
	bool eq = !strcmp(o, "=="), ne = !strcmp(o, "!=");
	bool left = true;
	if ((!strcmp(o, ">=") || !strcmp(o, "<")) && only_text(toks, op + 1, *to, is_zero)) {
		cond->kind = COND_SUCCESS;
		*negated ^= !strcmp(o, "<");
	} else if ((!strcmp(o, "<=") || !strcmp(o, ">")) && only_text(toks, *from, op, is_zero)) {
		cond->kind = COND_SUCCESS;
		*negated ^= !strcmp(o, ">");
		left = false;
	} else if ((eq || ne) && (only_text(toks, op + 1, *to, ddi_is_success_constant) ||
				  only_text(toks, *from, op, ddi_is_success_constant))) {
		cond->kind = COND_SUCCESS;
		*negated ^= ne;
		left = !only_text(toks, *from, op, ddi_is_success_constant);
	} else if ((eq || ne) && (only_text(toks, op + 1, *to, is_null) || only_text(toks, *from, op, is_null) ||
				  (r->pointer && (only_text(toks, op + 1, *to, is_zero) ||
						  only_text(toks, *from, op, is_zero))))) {
		cond->kind = COND_NONNULL;
		*negated ^= eq;
		left = !only_text(toks, *from, op, is_null) && !only_text(toks, *from, op, is_zero);
	} else {
		return false;
	}
	if (left)
		*to = op;
	else
		*from = op + 1;
	strip_casts(toks, from, to);
	return true;
}

/* Recognizes NT_SUCCESS(x), !NT_SUCCESS(x), x, !x and comparisons of x
 * (compare_tokens) in expanded tokens. */
static bool classify_tokens(const struct strvec *toks, size_t from, size_t to, const struct reading *r,
			    struct cfg_cond *cond, bool *swap)
{
	bool negated = false;
	strip_parens(toks, &from, &to);
	while (from < to && !strcmp(toks->items[from], "!")) {
		negated = r->negations && !negated;
		from++;
		strip_parens(toks, &from, &to);
	}
	char *var = NULL;
	bool error_test = to - from >= 4 && ddi_is_error_test(toks->items[from]);
	if (to - from >= 4 && (ddi_is_status_test(toks->items[from]) || error_test) &&
	    !strcmp(toks->items[from + 1], "(")) {
		var = tested_place(toks, from + 2, to - 1);
		cond->kind = COND_SUCCESS;
		cond->failure_only = error_test;
		negated ^= error_test; /* NT_ERROR(x) holds when x failed */
	} else if (compare_tokens(toks, &from, &to, r, cond, &negated)) {
		var = tested_place(toks, from, to);
	} else {
		var = tested_place(toks, from, to);
		cond->kind = COND_NONNULL;
	}
	if (!var) {
		cond->kind = COND_OTHER;
		return false;
	}
	cond->var = var;
	*swap = negated;
	return true;
}

/* The condition of each `if (...)` in a macro's body, as [from, to) pairs. */
static size_t if_conditions(const struct strvec *body, size_t *bounds, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i + 1 < body->len && n < max; i++) {
		if (strcmp(body->items[i], "if") || strcmp(body->items[i + 1], "("))
			continue;
		int depth = 0;
		for (size_t k = i + 1; k < body->len; k++) {
			depth += !strcmp(body->items[k], "(") - !strcmp(body->items[k], ")");
			if (depth == 0) {
				bounds[2 * n] = i + 2;
				bounds[2 * n + 1] = k;
				n++;
				break;
			}
		}
	}
	return n;
}

/* The test of a macro's body that leaf `e` is: the body itself when it is an
 * expression or one `if`; in a statement macro such as
 * `do { S = (E); if (!NT_SUCCESS(S)) goto L; } while (0)`, the `if` whose
 * tested variable `e` reads (the first, when none or several do). */
static bool classify_body(const struct strvec *body, const struct reading *r, struct cfg_cond *cond, bool *swap)
{
	size_t bounds[2 * 8];
	size_t n = if_conditions(body, bounds, 8);
	if (n == 0)
		return body->len && classify_tokens(body, 0, body->len, r, cond, swap);
	if (n == 1 && bounds[0] == 2)
		return classify_tokens(body, bounds[0], bounds[1], r, cond, swap);
	struct cfg_cond first = { 0 };
	bool first_swap = false, have_first = false;
	for (size_t i = 0; i < n; i++) {
		struct cfg_cond c = { 0 };
		bool sw = false;
		if (!classify_tokens(body, bounds[2 * i], bounds[2 * i + 1], r, &c, &sw))
			continue;
		if (strvec_contains(&cond->names, c.var)) {
			free(first.var);
			cond->kind = c.kind;
			cond->var = c.var;
			cond->failure_only = c.failure_only;
			*swap = sw;
			return true;
		}
		if (!have_first) {
			first = c;
			first_swap = sw;
			have_first = true;
		} else {
			free(c.var);
		}
	}
	if (!have_first)
		return false;
	cond->kind = first.kind;
	cond->var = first.var;
	cond->failure_only = first.failure_only;
	*swap = first_swap;
	return true;
}

bool cfg_macro_cond(struct builder *b, CXCursor e, const struct cursor_tokens *t, struct cfg_cond *cond,
			   bool *swap)
{
	size_t n = t->len;
	if (n < 3 || t->items[0].kind != CXToken_Identifier || !cfg_token_is(t, 1, "(") ||
	    cfg_closing_bracket(t, 1) != n - 1)
		return false;
	struct strvec inv = STRVEC_INIT, body = STRVEC_INIT;
	for (size_t i = 0; i < n; i++)
		strvec_push(&inv, t->items[i].text);
	bool ok = false;
	if (macro_expand(b->tu, &inv, 0, n, 2, &body)) {
		/* A `!` in the body is the leaf's own while the AST still shows it
		 * as an operator libclang could not name; else cfg_lower_cond took it. */
		struct reading r = { cfg_strip_implicit(e).kind == CXCursor_UnaryOperator,
				     cfg_compares_pointer(e) };
		ok = classify_body(&body, &r, cond, swap);
	}
	strvec_clear(&inv);
	strvec_clear(&body);
	return ok;
}

