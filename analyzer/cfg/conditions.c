/* Conditions: what a branch tests (success/failure of a status, a NULL
 * test, a flag), also when the test hides in a driver macro. */
#include "cfg/build.h"

#include <ctype.h>

#include "front/ddi.h"

/* ---- conditions ---- */

struct span_search {
	unsigned begin, end;
	CXCursor found;
	bool ok;
};

static bool span_is(CXCursor c, unsigned begin, unsigned end)
{
	struct cursor_span s = cursor_span_of(c);
	return s.ok && s.begin == begin && s.end == end && clang_isExpression(clang_getCursorKind(c));
}

static enum CXChildVisitResult find_span(CXCursor c, CXCursor parent, CXClientData data)
{
	struct span_search *s = data;
	if (span_is(c, s->begin, s->end)) {
		s->found = c;
		s->ok = true;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

/* The variable a condition tests, written in [begin, end): a place's path,
 * an assignment's target, or "@N" for call N. NULL when it is none. */
static char *tested_var(struct builder *b, CXCursor e, unsigned begin, unsigned end)
{
	struct span_search search = { begin, end, clang_getNullCursor(), false };
	if (span_is(e, begin, end)) {
		search.found = e;
		search.ok = true;
	} else {
		clang_visitChildren(e, find_span, &search);
	}
	if (!search.ok)
		return NULL;
	CXCursor s = cursor_strip(search.found);
	if (s.kind == CXCursor_CallExpr) {
		int index = call_index(b, s);
		if (index < 0)
			return NULL;
		struct cfg_place *result = &b->g->calls[index].result;
		if (!result->root) {
			place_release(result);
			result->root = xasprintf("@%d", index);
			result->path = xasprintf("@%d", index);
		}
		return xasprintf("@%d", index);
	}
	if (s.kind == CXCursor_BinaryOperator) {
		struct cursor_list kids = cursor_children(s);
		char *op = kids.n == 2 ? cursor_binary_operator(b->tu, s) : NULL;
		bool assign = is_op(op, "=");
		free(op);
		return assign ? text_of(b, kids.items[0]) : NULL;
	}
	if (!is_place_expr(b, s))
		return NULL;
	/* The place's path, as stores name it: a member of `this` by its full name
	 * (m_Buffer is this->m_Buffer), an element by `[*]` when its subscript is
	 * not a constant. */
	struct cfg_place p;
	build_place(b, s, &p);
	char *var = p.key ? xstrdup(p.key) : p.path ? xstrdup(p.path) : text_of(b, s);
	place_release(&p);
	return var;
}

bool tok_is(const struct cursor_tokens *t, size_t i, const char *s)
{
	return i < t->len && !strcmp(t->items[i].text, s);
}

/* The index of the token closing the bracket at `open`, or t->len. */
size_t matching(const struct cursor_tokens *t, size_t open)
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

/* The one comparison operator at bracket depth 0, or -1. */
static long top_comparison(const struct cursor_tokens *t)
{
	static const char *const compare[] = { "==", "!=", ">=", "<=", "<", ">" };
	static const char *const others[] = { "&&", "||", "?", "=", ",", "|=", "&=", "+=", "-=" };
	long found = -1;
	int depth = 0;
	for (size_t i = 0; i < t->len; i++) {
		const char *s = t->items[i].text;
		if (!strcmp(s, "(") || !strcmp(s, "[") || !strcmp(s, "{"))
			depth++;
		else if (!strcmp(s, ")") || !strcmp(s, "]") || !strcmp(s, "}"))
			depth--;
		if (depth != 0)
			continue;
		for (size_t k = 0; k < sizeof(others) / sizeof(*others); k++)
			if (!strcmp(s, others[k]))
				return -1;
		for (size_t k = 0; k < sizeof(compare) / sizeof(*compare); k++) {
			if (!strcmp(s, compare[k])) {
				if (found >= 0)
					return -1;
				found = (long)i;
			}
		}
	}
	return found;
}

static bool only_token(const struct cursor_tokens *t, size_t from, size_t to, const char *s)
{
	return to == from + 1 && !strcmp(t->items[from].text, s);
}

static bool only_success(const struct cursor_tokens *t, size_t from, size_t to)
{
	return to == from + 1 && t->items[from].kind == CXToken_Identifier &&
	       ddi_is_success_constant(t->items[from].text);
}

static bool only_null(const struct cursor_tokens *t, size_t from, size_t to)
{
	return only_token(t, from, to, "NULL") || only_token(t, from, to, "nullptr");
}

/* ---- conditions hidden in macros ---- */

/* A condition written as a driver's own macro, such as
 * `#define CF_RETURN_IF_FAILED(s) if (!NT_SUCCESS(s)) { return (s); }`,
 * is one token span to libclang: the macro's body is read from its
 * definition, the arguments substituted, and the condition found there. */
struct macro_found {
	const char *name;
	CXCursor def;
	bool ok;
};

static enum CXChildVisitResult find_macro(CXCursor c, CXCursor parent, CXClientData data)
{
	struct macro_found *m = data;
	(void)parent;
	if (c.kind == CXCursor_MacroDefinition && clang_Cursor_isMacroFunctionLike(c)) {
		char *name = cursor_spelling(c);
		if (!strcmp(name, m->name)) {
			m->def = c;
			m->ok = true;
		}
		free(name);
	}
	return CXChildVisit_Continue;
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

/* The index of the token closing the bracket at `open`, or t->len. */
static size_t matching_text(const struct strvec *t, size_t open)
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

/* A name written as macros are (capitals, digits, '_'), that is no status
 * test of its own: worth looking up as a macro inside a macro's body. */
static bool macro_like(const char *s)
{
	bool upper = false;
	for (const char *p = s; *p; p++) {
		if (!(isupper((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
			return false;
		upper |= isupper((unsigned char)*p) != 0;
	}
	return upper && !ddi_is_status_test(s) && !ddi_is_error_test(s);
}

/* Appends to `out` the expansion of the invocation `inv` [from, to) (a name,
 * '(', the arguments, ')'): the function-like macro's body with the
 * arguments substituted, and the macros that body invokes expanded in turn,
 * `depth` levels at most (a WPP trace function's PRE macro holds the `if`). */
static bool expand_invocation(struct builder *b, const struct strvec *inv, size_t from, size_t to, int depth,
			      struct strvec *out)
{
	struct macro_found m = { inv->items[from], clang_getNullCursor(), false };
	clang_visitChildren(clang_getTranslationUnitCursor(b->tu), find_macro, &m);
	if (!m.ok)
		return false;
	struct cursor_tokens d;
	cursor_tokens_of_span(b->tu, cursor_span_of(m.def), &d);
	struct strvec def = STRVEC_INIT;
	for (size_t i = 0; i < d.len; i++)
		strvec_push(&def, d.items[i].text);
	cursor_tokens_release(&d);
	size_t close = def.len > 1 && !strcmp(def.items[1], "(") ? matching_text(&def, 1) : def.len;
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
		size_t end = i + 1 < body.len && !strcmp(body.items[i + 1], "(") ? matching_text(&body, i + 1) : body.len;
		if (depth > 0 && end < body.len && macro_like(body.items[i]) &&
		    expand_invocation(b, &body, i, end + 1, depth - 1, out)) {
			i = end;
			continue;
		}
		strvec_push(out, body.items[i]);
	}
	strvec_clear(&body);
	return true;
}

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
	while (*from < *to && !strcmp(toks->items[*from], "(") && matching_text(toks, *from) == *to - 1) {
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
		size_t close = matching_text(toks, *from);
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

/* A comparison in expanded tokens, read as classify reads one written out:
 * `s < 0`, `s >= 0` (and `0 > s`, `0 <= s`) test a status, as do `==` and
 * `!=` with a success constant; `==` and `!=` with NULL test a pointer. The
 * tested side is [*from, *to) on return; false when it is none of these. */
static bool compare_tokens(const struct strvec *toks, size_t *from, size_t *to, struct cfg_cond *cond,
			   bool *negated)
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
	} else if ((eq || ne) && (only_text(toks, op + 1, *to, is_null) || only_text(toks, *from, op, is_null))) {
		cond->kind = COND_NONNULL;
		*negated ^= eq;
		left = !only_text(toks, *from, op, is_null);
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
 * (compare_tokens) in expanded tokens. A leading `!` counts only when
 * `negations` says the leaf still holds it (lower_cond has not already
 * taken it from the AST). */
static bool classify_tokens(const struct strvec *toks, size_t from, size_t to, bool negations,
			    struct cfg_cond *cond, bool *swap)
{
	bool negated = false;
	strip_parens(toks, &from, &to);
	while (from < to && !strcmp(toks->items[from], "!")) {
		negated = negations && !negated;
		from++;
		strip_parens(toks, &from, &to);
	}
	char *var = NULL;
	bool error_test = to - from >= 4 && ddi_is_error_test(toks->items[from]);
	if (to - from >= 4 && (ddi_is_status_test(toks->items[from]) || error_test) &&
	    !strcmp(toks->items[from + 1], "(")) {
		var = place_tokens(toks, from + 2, to - 1);
		cond->kind = COND_SUCCESS;
		cond->failure_only = error_test;
		negated ^= error_test; /* NT_ERROR(x) holds when x failed */
	} else if (compare_tokens(toks, &from, &to, cond, &negated)) {
		var = place_tokens(toks, from, to);
	} else {
		var = place_tokens(toks, from, to);
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
static bool classify_body(const struct strvec *body, bool negations, struct cfg_cond *cond, bool *swap)
{
	size_t bounds[2 * 8];
	size_t n = if_conditions(body, bounds, 8);
	if (n == 0)
		return body->len && classify_tokens(body, 0, body->len, negations, cond, swap);
	if (n == 1 && bounds[0] == 2)
		return classify_tokens(body, bounds[0], bounds[1], negations, cond, swap);
	struct cfg_cond first = { 0 };
	bool first_swap = false, have_first = false;
	for (size_t i = 0; i < n; i++) {
		struct cfg_cond c = { 0 };
		bool sw = false;
		if (!classify_tokens(body, bounds[2 * i], bounds[2 * i + 1], negations, &c, &sw))
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

static bool classify_macro(struct builder *b, CXCursor e, const struct cursor_tokens *t, struct cfg_cond *cond,
			   bool *swap)
{
	size_t n = t->len;
	if (n < 3 || t->items[0].kind != CXToken_Identifier || !tok_is(t, 1, "(") || matching(t, 1) != n - 1)
		return false;
	struct strvec inv = STRVEC_INIT, body = STRVEC_INIT;
	for (size_t i = 0; i < n; i++)
		strvec_push(&inv, t->items[i].text);
	bool ok = false;
	if (expand_invocation(b, &inv, 0, n, 2, &body)) {
		/* A `!` in the body is the leaf's own while the AST still shows it
		 * as an operator libclang could not name; else lower_cond took it. */
		bool negations = strip_implicit(e).kind == CXCursor_UnaryOperator;
		ok = classify_body(&body, negations, cond, swap);
	}
	strvec_clear(&inv);
	strvec_clear(&body);
	return ok;
}

/* Recognizes what leaf condition `e` tests from its tokens (macros such as
 * NT_SUCCESS differ between header sets; tokens do not). Sets *swap when
 * the named outcome is the FALSE branch. */
static enum CXChildVisitResult collect_read(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_DeclRefExpr) {
		enum CXCursorKind k = clang_getCursorKind(clang_getCursorReferenced(c));
		if (k == CXCursor_VarDecl || k == CXCursor_ParmDecl) {
			char *name = cursor_spelling(c);
			if (name[0] && !strvec_contains(data, name))
				strvec_push(data, name);
			free(name);
		}
	}
	return CXChildVisit_Recurse;
}

/* Collects the variables read that live outside the function (file scope,
 * static), as values.c tells a place's root. */
static enum CXChildVisitResult collect_global(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
		return CXChildVisit_Recurse;
	CXCursor decl = clang_getCursorReferenced(c);
	if (decl.kind != CXCursor_VarDecl)
		return CXChildVisit_Recurse;
	enum CXCursorKind scope = clang_getCursorSemanticParent(decl).kind;
	enum CX_StorageClass sc = clang_Cursor_getStorageClass(decl);
	if (scope == CXCursor_TranslationUnit || scope == CXCursor_Namespace || sc == CX_SC_Static ||
	    sc == CX_SC_Extern) {
		char *name = cursor_spelling(c);
		if (name[0] && !strvec_contains(data, name))
			strvec_push(data, name);
		free(name);
	}
	return CXChildVisit_Recurse;
}

/* Whether the variable `var` (a place as written) has a global root. */
static bool global_root(CXCursor e, const char *var)
{
	size_t n = 0;
	while (var[n] == '_' || isalnum((unsigned char)var[n]))
		n++;
	struct strvec globals = STRVEC_INIT;
	collect_global(e, e, &globals);
	clang_visitChildren(e, collect_global, &globals);
	bool found = false;
	for (size_t i = 0; i < globals.len && !found; i++)
		found = strlen(globals.items[i]) == n && !strncmp(globals.items[i], var, n);
	strvec_clear(&globals);
	return found;
}

/* An integer operand of a comparison: a constant, or a plain variable of an
 * integer type (its name, as facts know a plain variable). */
static bool integer_operand(struct builder *b, CXCursor c, char **var, long long *value, long long *adjust)
{
	*var = NULL;
	*adjust = 0;
	if (eval_int(c, value))
		return true;
	CXCursor s = strip_implicit(c);
	if (s.kind == CXCursor_UnaryOperator) {
		/* i-- or --i: the test reads i before or after the update the
		 * block's events already made. */
		bool postfix = false;
		char *op = cursor_unary_operator(b->tu, s, &postfix);
		struct cursor_list kids = cursor_children(s);
		bool step = op && (!strcmp(op, "++") || !strcmp(op, "--")) && kids.n == 1;
		if (step && postfix)
			*adjust = !strcmp(op, "--") ? 1 : -1;
		free(op);
		if (!step)
			return false;
		s = strip_implicit(kids.items[0]);
	}
	while (s.kind == CXCursor_CStyleCastExpr || s.kind == CXCursor_UnexposedExpr) {
		struct cursor_list kids = cursor_children(s);
		if (kids.n == 0)
			break;
		s = strip_implicit(kids.items[kids.n - 1]);
	}
	if (s.kind != CXCursor_DeclRefExpr)
		return false;
	CXCursor decl = clang_getCursorReferenced(s);
	if (decl.kind != CXCursor_VarDecl && decl.kind != CXCursor_ParmDecl)
		return false;
	switch (clang_getCanonicalType(clang_getCursorType(decl)).kind) {
	case CXType_Char_U: case CXType_UChar: case CXType_UShort: case CXType_UInt: case CXType_ULong:
	case CXType_ULongLong: case CXType_Char_S: case CXType_SChar: case CXType_Short: case CXType_Int:
	case CXType_Long: case CXType_LongLong:
		*var = cursor_spelling(decl);
		return true;
	default:
		return false;
	}
}

/* `a op b` of integer variables and constants, for the evaluator to decide
 * from what it knows of counters (`for (j = 0; j < done; j++)`). */
static void classify_compare(struct builder *b, CXCursor e, struct cfg_cond *cond)
{
	CXCursor s = strip_implicit(e);
	struct cursor_list kids = cursor_children(s);
	char *var = NULL;
	long long value, adjust;
	if (s.kind == CXCursor_UnaryOperator && integer_operand(b, s, &var, &value, &adjust) && var) {
		/* while (i--): i (before the update) != 0 */
		cond->kind = COND_COMPARE;
		snprintf(cond->op, sizeof(cond->op), "!=");
		cond->var = var;
		cond->adjust = adjust;
		return;
	}
	free(var);
	if (s.kind != CXCursor_BinaryOperator || kids.n != 2)
		return;
	char *op = cursor_binary_operator(b->tu, s);
	static const char *const ops[] = { "<", "<=", ">", ">=", "==", "!=" };
	bool comparison = false;
	for (size_t i = 0; op && i < sizeof(ops) / sizeof(*ops); i++)
		comparison |= !strcmp(op, ops[i]);
	char *lhs = NULL, *rhs = NULL;
	long long lv = 0, rv = 0, la = 0, ra = 0;
	if (comparison && integer_operand(b, kids.items[0], &lhs, &lv, &la) &&
	    integer_operand(b, kids.items[1], &rhs, &rv, &ra) && (lhs || rhs)) {
		cond->kind = COND_COMPARE;
		snprintf(cond->op, sizeof(cond->op), "%s", op);
		cond->var = lhs;
		cond->var2 = rhs;
		cond->value = lv;
		cond->value2 = rv;
		cond->adjust = la;
		cond->adjust2 = ra;
	} else {
		free(lhs);
		free(rhs);
	}
	free(op);
}

static void classify(struct builder *b, CXCursor e, struct cfg_cond *cond, bool *swap)
{
	struct cursor_tokens t;
	cursor_tokens_of_span(b->tu, cursor_span_of(e), &t);
	memset(cond, 0, sizeof(*cond));
	cond->text = cursor_tokens_join(&t, 0, t.len);
	collect_read(e, e, &cond->names);
	clang_visitChildren(e, collect_read, &cond->names);
	cond->loc = loc_of(b, e);
	cond->kind = COND_OTHER;
	*swap = false;
	size_t n = t.len;
	char *var = NULL;
	enum cfg_cond_kind kind = COND_OTHER;
	long k;
	bool error_test = n >= 4 && ddi_is_error_test(t.items[0].text);
	if (n >= 4 && (ddi_is_status_test(t.items[0].text) || error_test) && tok_is(&t, 1, "(") &&
	    matching(&t, 1) == n - 1) {
		kind = COND_SUCCESS;
		var = tested_var(b, e, t.items[2].begin, t.items[n - 2].end);
		cond->failure_only = error_test;
		*swap = error_test; /* NT_ERROR(x) holds when x failed */
	} else if (n >= 3 && (k = top_comparison(&t)) > 0 && (size_t)k + 1 < n) {
		size_t op = (size_t)k;
		const char *o = t.items[op].text;
		size_t lhs_var = 0, lhs_end = op, rhs_begin = op + 1;
		bool use_left = true;
		if ((!strcmp(o, ">=") || !strcmp(o, "<")) && only_token(&t, rhs_begin, n, "0")) {
			kind = COND_SUCCESS;
			*swap = !strcmp(o, "<");
		} else if ((!strcmp(o, "<=") || !strcmp(o, ">")) && only_token(&t, 0, op, "0")) {
			kind = COND_SUCCESS;
			*swap = !strcmp(o, ">");
			use_left = false;
		} else if (!strcmp(o, "==") || !strcmp(o, "!=")) {
			bool eq = !strcmp(o, "==");
			if (only_success(&t, rhs_begin, n) || only_success(&t, 0, op)) {
				kind = COND_SUCCESS;
				*swap = !eq;
				use_left = !only_success(&t, 0, op);
			} else if (only_null(&t, rhs_begin, n) || only_null(&t, 0, op)) {
				kind = COND_NONNULL;
				*swap = eq;
				use_left = !only_null(&t, 0, op);
			}
		}
		if (kind != COND_OTHER) {
			size_t from = use_left ? lhs_var : rhs_begin, to = use_left ? lhs_end : n;
			var = tested_var(b, e, t.items[from].begin, t.items[to - 1].end);
		}
	} else if (n >= 1) {
		kind = COND_NONNULL;
		var = tested_var(b, e, t.items[0].begin, t.items[n - 1].end);
	}
	if (var) {
		cond->kind = kind;
		cond->var = var;
	} else {
		*swap = false;
		cond->failure_only = false;
		if (kind == COND_OTHER || kind == COND_NONNULL)
			classify_macro(b, e, &t, cond, swap);
	}
	if (cond->kind == COND_OTHER && !*swap)
		classify_compare(b, e, cond);
	cursor_tokens_release(&t);
}

static void lower_leaf(struct builder *b, CXCursor e, struct target *t, struct target *f)
{
	long long value;
	if (!has_side_effects(b, e) && eval_int(e, &value)) {
		goto_target(b, value ? t : f);
		return;
	}
	ensure_block(b);
	walk_expr(b, e);
	int blk = b->cur;
	struct cfg_cond cond;
	bool swap;
	classify(b, e, &cond, &swap);
	cond.var_global = (cond.kind == COND_SUCCESS || cond.kind == COND_NONNULL) && cond.var &&
			  global_root(e, cond.var);
	b->g->blocks[blk].cond = cond;
	edge_to(b, blk, swap ? f : t);
	edge_to(b, blk, swap ? t : f);
	b->cur = -1;
}

/* Lowers condition `e`: control reaches `t` when it holds, `f` when not. */
void lower_cond(struct builder *b, CXCursor e, struct target *t, struct target *f)
{
	CXCursor c = strip_implicit(e);
	struct cursor_list kids = cursor_children(c);
	if (c.kind == CXCursor_BinaryOperator && kids.n == 2) {
		char *op = cursor_binary_operator(b->tu, c);
		bool is_and = is_op(op, "&&"), is_or = is_op(op, "||"), comma = is_op(op, ",");
		free(op);
		if (is_and || is_or) {
			struct target mid = TARGET(is_and ? "and.rhs" : "or.rhs");
			lower_cond(b, kids.items[0], is_and ? &mid : t, is_and ? f : &mid);
			place(b, &mid, false);
			lower_cond(b, kids.items[1], t, f);
			target_release(&mid);
			return;
		}
		if (comma) {
			ensure_block(b);
			walk_expr(b, kids.items[0]);
			lower_cond(b, kids.items[1], t, f);
			return;
		}
	} else if (c.kind == CXCursor_UnaryOperator && kids.n == 1) {
		char *op = unary_op(b, c);
		bool negation = is_op(op, "!");
		free(op);
		if (negation) {
			lower_cond(b, kids.items[0], f, t);
			return;
		}
	} else if (c.kind == CXCursor_ConditionalOperator && kids.n == 3) {
		struct target yes = TARGET("cond.true"), no = TARGET("cond.false");
		lower_cond(b, kids.items[0], &yes, &no);
		place(b, &yes, false);
		lower_cond(b, kids.items[1], t, f);
		place(b, &no, false);
		lower_cond(b, kids.items[2], t, f);
		target_release(&yes);
		target_release(&no);
		return;
	}
	lower_leaf(b, e, t, f);
}
