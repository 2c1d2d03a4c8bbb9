/* SPDX-License-Identifier: Apache-2.0 */
/* Cursor and token helpers shared by the AST walkers (cursor.h). Operators
 * come from libclang where it says them (17 and later), else from the tokens
 * between the operands. */
#include "front/cursor.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "front/ddi.h"
#include "front/macros.h"

char *cxstring_take(CXString s)
{
	const char *p = clang_getCString(s);
	char *r = alloc_strdup(p ? p : "");
	clang_disposeString(s);
	return r;
}

char *cursor_spelling(CXCursor c)
{
	return cxstring_take(clang_getCursorSpelling(c));
}

char *cursor_class_name(CXCursor cls)
{
	bool instance = (cls.kind == CXCursor_ClassDecl || cls.kind == CXCursor_StructDecl) &&
			!clang_Cursor_isNull(clang_getSpecializedCursorTemplate(cls));
	return instance ? cxstring_take(clang_getCursorDisplayName(cls)) : cursor_spelling(cls);
}

char *cursor_namespace_name(CXCursor decl)
{
	char *name = NULL;
	for (CXCursor p = clang_getCursorSemanticParent(decl); clang_getCursorKind(p) == CXCursor_Namespace;
	     p = clang_getCursorSemanticParent(p)) {
		char *part = cursor_spelling(p);
		if (*part) {
			char *both = name ? alloc_printf("%s::%s", part, name) : alloc_strdup(part);
			free(name);
			name = both;
		}
		free(part);
	}
	return name;
}

char *cursor_variable_name(CXCursor var)
{
	CXCursor parent = clang_getCursorSemanticParent(var);
	enum CXCursorKind k = clang_getCursorKind(parent);
	if (var.kind != CXCursor_VarDecl ||
	    (k != CXCursor_ClassDecl && k != CXCursor_StructDecl && k != CXCursor_ClassTemplate))
		return cursor_spelling(var);
	char *cls = cursor_class_name(parent), *name = cursor_spelling(var);
	char *both = alloc_printf("%s::%s", cls, name);
	free(cls);
	free(name);
	return both;
}

char *cursor_usr(CXCursor c)
{
	return cxstring_take(clang_getCursorUSR(c));
}

static enum CXChildVisitResult take_child(CXCursor c, CXCursor parent, CXClientData data)
{
	struct cursor_list *list = data;
	if (list->n < sizeof(list->items) / sizeof(*list->items))
		list->items[list->n] = c;
	list->last = c;
	list->n++;
	return CXChildVisit_Continue;
}

struct cursor_list cursor_children(CXCursor c)
{
	struct cursor_list list = { .n = 0 };
	clang_visitChildren(c, take_child, &list);
	return list;
}

static enum CXChildVisitResult push_child(CXCursor c, CXCursor parent, CXClientData data)
{
	struct cursor_vec *v = data;
	GROW(v->items, v->cap, v->len + 1);
	v->items[v->len++] = c;
	return CXChildVisit_Continue;
}

void cursor_vec_children(CXCursor c, struct cursor_vec *out)
{
	out->items = NULL;
	out->len = out->cap = 0;
	clang_visitChildren(c, push_child, out);
}

void cursor_vec_release(struct cursor_vec *v)
{
	free(v->items);
	v->items = NULL;
	v->len = v->cap = 0;
}

static bool is_cast(enum CXCursorKind k)
{
	return k == CXCursor_CStyleCastExpr || k == CXCursor_CXXStaticCastExpr ||
	       k == CXCursor_CXXReinterpretCastExpr || k == CXCursor_CXXConstCastExpr ||
	       k == CXCursor_CXXFunctionalCastExpr;
}

/* The method of entrycheck_unknown that `call` calls, if it does. */
static bool calls_unknown_method(CXCursor call, CXCursor *method)
{
	if (call.kind != CXCursor_CallExpr)
		return false;
	CXCursor m = clang_getCursorReferenced(call);
	if (m.kind != CXCursor_CXXMethod && m.kind != CXCursor_ConversionFunction &&
	    m.kind != CXCursor_FunctionTemplate)
		return false;
	char *owner = cursor_spelling(clang_getCursorSemanticParent(m));
	bool yes = !strcmp(owner, "entrycheck_unknown");
	free(owner);
	*method = m;
	return yes;
}

bool cursor_unknown_assignment(CXCursor call, char op[4], CXCursor *lhs, CXCursor *rhs)
{
	CXCursor m;
	if (!calls_unknown_method(call, &m) || clang_Cursor_getNumArguments(call) != 2)
		return false;
	char *name = cursor_spelling(m);
	size_t n = strlen(name);
	bool yes = !strncmp(name, "operator", 8) && n > 8 && n - 8 < 4 && name[n - 1] == '=' &&
		   strcmp(name + 8, "==") && strcmp(name + 8, "!=") && strcmp(name + 8, "<=") &&
		   strcmp(name + 8, ">=");
	if (yes) {
		memcpy(op, name + 8, n - 8 + 1);
		*lhs = clang_Cursor_getArgument(call, 0);
		*rhs = clang_Cursor_getArgument(call, 1);
	}
	free(name);
	return yes;
}

bool cursor_implicit_assignment(CXCursor call, CXCursor *lhs, CXCursor *rhs)
{
	if (call.kind != CXCursor_CallExpr || clang_Cursor_getNumArguments(call) != 2)
		return false;
	CXCursor m = clang_getCursorReferenced(call);
	if (m.kind != CXCursor_CXXMethod || !clang_CXXMethod_isDefaulted(m))
		return false;
	char *name = cursor_spelling(m);
	bool yes = !strcmp(name, "operator=");
	free(name);
	if (yes) {
		*lhs = clang_Cursor_getArgument(call, 0);
		*rhs = clang_Cursor_getArgument(call, 1);
	}
	return yes;
}

/* A value of unknown type read as some type (a call of its conversion
 * operator): the value itself, else `c`. */
static CXCursor unknown_conversion_operand(CXCursor c)
{
	CXCursor m;
	if (!calls_unknown_method(c, &m) || m.kind != CXCursor_ConversionFunction)
		return c;
	struct cursor_list kids = cursor_children(c);
	if (kids.n != 1 || kids.items[0].kind != CXCursor_MemberRefExpr)
		return c;
	struct cursor_list object = cursor_children(kids.items[0]);
	return object.n == 1 ? object.items[0] : c;
}

CXCursor cursor_strip(CXCursor c)
{
	for (;;) {
		CXCursor operand = unknown_conversion_operand(c);
		if (!clang_equalCursors(operand, c)) {
			c = operand;
			continue;
		}
		if (c.kind != CXCursor_UnexposedExpr && c.kind != CXCursor_ParenExpr && !is_cast(c.kind))
			break;
		struct cursor_list kids = cursor_children(c);
		if (kids.n == 0)
			break;
		/* A cast's children are its type's references, then the operand. */
		unsigned pick = kids.n > 1 && is_cast(c.kind) ? kids.n - 1 : 0;
		if (pick >= sizeof(kids.items) / sizeof(*kids.items))
			break;
		c = kids.items[pick];
	}
	return c;
}

#if CINDEX_VERSION_MINOR >= 64
/* libclang 17 and later say which operator the AST holds, also where tokens
 * cannot: an operator written in a macro's body. */
char *cursor_binary_operator(CXTranslationUnit tu, CXCursor binop)
{
	(void)tu;
	enum CXBinaryOperatorKind k = clang_getCursorBinaryOperatorKind(binop);
	return k == CXBinaryOperator_Invalid ? NULL : cxstring_take(clang_getBinaryOperatorKindSpelling(k));
}

char *cursor_unary_operator(CXTranslationUnit tu, CXCursor unop, bool *postfix)
{
	(void)tu;
	enum CXUnaryOperatorKind k = clang_getCursorUnaryOperatorKind(unop);
	*postfix = k == CXUnaryOperator_PostInc || k == CXUnaryOperator_PostDec;
	return k == CXUnaryOperator_Invalid ? NULL : cxstring_take(clang_getUnaryOperatorKindSpelling(k));
}
#else
/* libclang 14 has no operator-kind query: the operator is the token written
 * between the operands. */

/* Where an operand begins (or ends). clang finds a binary operator's start
 * by walking down its left operands (its end down its right ones), so asking
 * the extent of every operand of a written-out chain `x + x + ... + x` is
 * quadratic. Here only the side needed is walked: an operator's start is its
 * left operand's, its end its right operand's, and clang is asked the extent
 * of the operand found there. An implicit conversion of an operator spans it
 * exactly. */
static CXSourceLocation operand_edge(CXCursor c, bool end)
{
	for (;;) {
		struct cursor_list kids = cursor_children(c);
		bool chain = (c.kind == CXCursor_BinaryOperator || c.kind == CXCursor_CompoundAssignOperator) &&
			     kids.n == 2;
		bool conversion = c.kind == CXCursor_UnexposedExpr && kids.n == 1 &&
				  (kids.items[0].kind == CXCursor_BinaryOperator ||
				   kids.items[0].kind == CXCursor_CompoundAssignOperator);
		if (!chain && !conversion)
			break;
		c = kids.items[chain && end ? 1 : 0];
	}
	CXSourceRange r = clang_getCursorExtent(c);
	return end ? clang_getRangeEnd(r) : clang_getRangeStart(r);
}

/* Whether `c` starts with a macro argument: its file location (where the
 * argument is written) differs from its expansion location (the macro's name). */
static bool starts_in_macro_argument(CXCursor c, unsigned *expansion)
{
	CXSourceLocation at = operand_edge(c, false);
	unsigned file_offset, expansion_offset;
	CXFile file = NULL, exp_file = NULL;
	clang_getFileLocation(at, &file, NULL, NULL, &file_offset);
	clang_getExpansionLocation(at, &exp_file, NULL, NULL, &expansion_offset);
	*expansion = expansion_offset;
	return file && exp_file && clang_File_isEqual(file, exp_file) && file_offset != expansion_offset;
}

static bool contains_call(CXCursor c)
{
	for (int depth = 0; depth < 8; depth++) {
		if (c.kind == CXCursor_CallExpr)
			return true;
		struct cursor_list kids = cursor_children(c);
		if (kids.n != 1 && c.kind != CXCursor_CStyleCastExpr)
			return false;
		if (kids.n == 0)
			return false;
		c = kids.last;
	}
	return false;
}

static bool same_type(CXCursor a, CXCursor b)
{
	char *x = cxstring_take(clang_getTypeSpelling(clang_getCursorType(a)));
	char *y = cxstring_take(clang_getTypeSpelling(clang_getCursorType(b)));
	bool same = x[0] && !strcmp(x, y);
	free(x);
	free(y);
	return same;
}

/* Whether `c` is a function's name (a routine stored as a callback): no
 * binary operator but `=` gives a routine pointer from one. */
static bool names_function(CXCursor c)
{
	c = cursor_strip(c);
	if (c.kind == CXCursor_UnaryOperator && cursor_children(c).n == 1)
		c = cursor_strip(cursor_children(c).items[0]); /* &Routine */
	if (c.kind != CXCursor_DeclRefExpr)
		return false;
	enum CXCursorKind k = clang_getCursorKind(clang_getCursorReferenced(c));
	return k == CXCursor_FunctionDecl || k == CXCursor_CXXMethod;
}

/* An operator spelled in a macro's body has no token of its own here. The
 * shapes that matter enough to guess are the status macro's
 * `Status = (Expression)` and a callback stored in a macro's body
 * (`attributes.EvtCleanupCallback = Cleanup`): a plain binary operator of the
 * left operand's type whose left operand is a place and whose right operand
 * is a call or a routine. */
static char *guessed_binary_operator(CXCursor binop, CXCursor lhs, CXCursor rhs)
{
	CXCursor place = lhs;
	while (place.kind == CXCursor_ParenExpr || place.kind == CXCursor_UnexposedExpr) {
		struct cursor_list kids = cursor_children(place);
		if (kids.n != 1)
			break;
		place = kids.items[0];
	}
	/* An lvalue: a variable, a member, an element, or `*p` (KeAcquireSpinLock's
	 * `*(b) = ...`), the one unary operator an assignment's left side can be. */
	bool is_place = place.kind == CXCursor_DeclRefExpr || place.kind == CXCursor_MemberRefExpr ||
			place.kind == CXCursor_ArraySubscriptExpr ||
			(place.kind == CXCursor_UnaryOperator && cursor_children(place).n == 1 &&
			 clang_getCursorType(cursor_children(place).items[0]).kind == CXType_Pointer);
	if (binop.kind == CXCursor_BinaryOperator && is_place && same_type(binop, lhs) &&
	    (contains_call(rhs) || names_function(rhs)))
		return alloc_strdup("=");
	return NULL;
}

/* An operator of a macro's body: the token before the right operand in the
 * macro's expansion (a logging macro's `if (Irql == PASSIVE_LEVEL &&
 * Enabled(Context))`), kept only when it fits the operator's type; else the
 * guess above. */
static char *in_macro_body(CXTranslationUnit tu, CXCursor binop, CXCursor lhs, CXCursor rhs)
{
	static const char *const binary[] = { "&&", "||", "==", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/",
					      "%", "&", "|", "^", "<<", ">>", "=", "+=", "-=", "*=", "/=", "%=",
					      "&=", "|=", "^=", "<<=", ">>=", NULL };
	static const char *const truth[] = { "&&", "||", "==", "!=", "<", ">", "<=", ">=", NULL };
	char *op = macro_operator_before(tu, binop, rhs, binary);
	if (!op)
		op = macro_operator_after(tu, binop, lhs, binary);
	if (op) {
		enum CXTypeKind type = clang_getCanonicalType(clang_getCursorType(binop)).kind;
		bool assigns = strchr(op, '=') && !str_listed(op, truth);
		if (str_listed(op, truth) ? type != CXType_Int && type != CXType_Bool
					       : assigns && !same_type(binop, lhs)) {
			free(op);
			op = NULL;
		}
	}
	return op ? op : guessed_binary_operator(binop, lhs, rhs);
}

char *cursor_binary_operator(CXTranslationUnit tu, CXCursor binop)
{
	struct cursor_list kids = cursor_children(binop);
	if (kids.n != 2)
		return NULL;
	/* The one token between the operands, as written in the file: works when
	 * the operands are macro expansions (NT_SUCCESS(a) && NT_SUCCESS(b)), or
	 * one macro argument (CHECK(p == NULL, ...)). */
	CXFile lhs_file = NULL, rhs_file = NULL;
	unsigned lhs_end, rhs_begin;
	char *op = NULL;
	clang_getFileLocation(operand_edge(kids.items[0], true), &lhs_file, NULL, NULL, &lhs_end);
	clang_getFileLocation(operand_edge(kids.items[1], false), &rhs_file, NULL, NULL, &rhs_begin);
	if (lhs_file && rhs_file && clang_File_isEqual(lhs_file, rhs_file) && lhs_end <= rhs_begin) {
		struct cursor_span between = { lhs_file, lhs_end, rhs_begin, true };
		struct cursor_tokens t;
		cursor_tokens_of_span(tu, between, &t);
		op = t.len == 1 && t.items[0].kind == CXToken_Punctuation ? alloc_strdup(t.items[0].text) : NULL;
		cursor_tokens_release(&t);
	}
	/* Both operands arguments of one macro, each its own: what lies between
	 * them in the file is the argument separator, not the operator (SET(x, y)). */
	unsigned lhs_exp, rhs_exp;
	if (op && !strcmp(op, ",") && starts_in_macro_argument(kids.items[1], &rhs_exp) &&
	    starts_in_macro_argument(kids.items[0], &lhs_exp) && lhs_exp == rhs_exp) {
		free(op);
		op = NULL;
	}
	return op ? op : in_macro_body(tu, binop, kids.items[0], kids.items[1]);
}

/* The operator token at the expression's own location (clang's operator
 * location), or NULL: one token read, where the extent of `!!...!x` spans
 * every operator after it (and computing it walks them). */
static char *operator_at_location(CXTranslationUnit tu, CXCursor unop, bool *postfix)
{
	CXSourceLocation at = clang_getCursorLocation(unop);
	CXToken *tokens = NULL;
	unsigned n = 0;
	clang_tokenize(tu, clang_getRange(at, at), &tokens, &n);
	char *op = NULL;
	if (n > 0 && clang_getTokenKind(tokens[0]) == CXToken_Punctuation) {
		op = cxstring_take(clang_getTokenSpelling(tu, tokens[0]));
		if (!strcmp(op, "++") || !strcmp(op, "--")) {
			/* x++: the expression begins with its operand, not here. */
			*postfix = !clang_equalLocations(clang_getRangeStart(clang_getCursorExtent(unop)), at);
		} else if (!strchr("!~-+*&", op[0]) || op[1]) {
			free(op);
			op = NULL;
		}
	}
	clang_disposeTokens(tu, tokens, n);
	return op;
}

char *cursor_unary_operator(CXTranslationUnit tu, CXCursor unop, bool *postfix)
{
	*postfix = false;
	CXToken *tokens = NULL;
	unsigned n = 0;
	char *result = operator_at_location(tu, unop, postfix);
	if (result)
		return result;
	clang_tokenize(tu, clang_getCursorExtent(unop), &tokens, &n);
	if (n > 0) {
		char *first = cxstring_take(clang_getTokenSpelling(tu, tokens[0]));
		if (clang_getTokenKind(tokens[0]) == CXToken_Punctuation && strcmp(first, "(") != 0) {
			result = first;
		} else {
			free(first);
			char *last = cxstring_take(clang_getTokenSpelling(tu, tokens[n - 1]));
			if (!strcmp(last, "++") || !strcmp(last, "--")) {
				result = last;
				*postfix = true;
			} else {
				free(last);
			}
		}
	}
	clang_disposeTokens(tu, tokens, n);
	struct cursor_list kids = cursor_children(unop);
	if (!result && kids.n == 1) {
		static const char *const prefix[] = { "!", "~", "-", "+", "*", "&", NULL };
		result = macro_operator_before(tu, unop, kids.items[0], prefix);
	}
	if (!result) {
		/* In a macro's body: `*p` is the one unary operator that takes a
		 * pointer to what it points to (KeAcquireSpinLock's `*(b) = ...`)... */
		CXType operand = kids.n == 1 ? clang_getCanonicalType(clang_getCursorType(kids.items[0])) : (CXType){ 0 };
		CXType type = clang_getCanonicalType(clang_getCursorType(unop));
		if (kids.n == 1 && operand.kind == CXType_Pointer &&
		    clang_equalTypes(clang_getCanonicalType(clang_getPointeeType(operand)), type))
			result = alloc_strdup("*");
		/* ... and `&x` the one that gives a pointer to its operand's type
		 * (WdfDriverCreate(..., &attributes, &config, ...) in DMF's
		 * DMF_DEFAULT_DRIVERENTRY). */
		else if (kids.n == 1 && type.kind == CXType_Pointer &&
			 clang_equalTypes(clang_getCanonicalType(clang_getPointeeType(type)), operand))
			result = alloc_strdup("&");
	}
	return result;
}
#endif

CXEvalResult cursor_evaluate(CXCursor expr)
{
	/* An initializer list is never one value, and libclang 19 crashes
	 * evaluating some (a union's `{ { 0 } }`). */
	if (clang_getCursorKind(expr) == CXCursor_InitListExpr)
		return NULL;
	return clang_Cursor_Evaluate(expr);
}

bool cursor_is_constant(CXCursor expr)
{
	CXEvalResult r = cursor_evaluate(expr);
	if (!r)
		return false;
	bool yes = clang_EvalResult_getKind(r) == CXEval_Int;
	clang_EvalResult_dispose(r);
	return yes;
}

char *cursor_referenced_variable(CXCursor c)
{
	c = cursor_strip(c);
	if (c.kind != CXCursor_DeclRefExpr)
		return NULL;
	CXCursor decl = clang_getCursorReferenced(c);
	if (decl.kind != CXCursor_VarDecl && decl.kind != CXCursor_ParmDecl)
		return NULL;
	return cursor_usr(decl);
}

bool cursor_is_major_function(CXCursor c)
{
	c = cursor_strip(c);
	if (c.kind != CXCursor_MemberRefExpr)
		return false;
	char *name = cursor_spelling(c);
	bool yes = ddi_is_dispatch_table(name);
	free(name);
	return yes;
}

static enum CXChildVisitResult find_major_function(CXCursor c, CXCursor parent, CXClientData data)
{
	if (cursor_is_major_function(c)) {
		*(bool *)data = true;
		return CXChildVisit_Break;
	}
	return CXChildVisit_Recurse;
}

bool cursor_mentions_major_function(CXCursor c)
{
	bool found = cursor_is_major_function(c);
	if (!found)
		clang_visitChildren(c, find_major_function, &found);
	return found;
}

bool cursor_in_main_file(CXCursor c)
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

struct cursor_span cursor_span_of(CXCursor c)
{
	struct cursor_span s = { NULL, 0, 0, false };
	CXSourceRange r = clang_getCursorExtent(c);
	CXFile end_file = NULL;
	clang_getFileLocation(clang_getRangeStart(r), &s.file, NULL, NULL, &s.begin);
	clang_getFileLocation(clang_getRangeEnd(r), &end_file, NULL, NULL, &s.end);
	s.ok = s.file && end_file && clang_File_isEqual(s.file, end_file) && s.begin <= s.end;
	return s;
}

void cursor_tokens_of_span(CXTranslationUnit tu, struct cursor_span span, struct cursor_tokens *out)
{
	out->items = NULL;
	out->len = 0;
	if (!span.ok || span.begin == span.end)
		return;
	CXSourceRange range = clang_getRange(clang_getLocationForOffset(tu, span.file, span.begin),
					     clang_getLocationForOffset(tu, span.file, span.end));
	CXToken *tokens = NULL;
	unsigned n = 0;
	clang_tokenize(tu, range, &tokens, &n);
	if (n)
		out->items = alloc_zeroed(n, sizeof(*out->items));
	for (unsigned i = 0; i < n; i++) {
		CXSourceRange ext = clang_getTokenExtent(tu, tokens[i]);
		unsigned b, e;
		clang_getFileLocation(clang_getRangeStart(ext), NULL, NULL, NULL, &b);
		clang_getFileLocation(clang_getRangeEnd(ext), NULL, NULL, NULL, &e);
		/* Comments are not code: a call written with a comment between its
		 * arguments reads as the call alone. */
		if (b < span.begin || b >= span.end || clang_getTokenKind(tokens[i]) == CXToken_Comment)
			continue;
		struct cursor_token *t = &out->items[out->len++];
		t->text = cxstring_take(clang_getTokenSpelling(tu, tokens[i]));
		t->kind = clang_getTokenKind(tokens[i]);
		t->begin = b;
		t->end = e;
	}
	clang_disposeTokens(tu, tokens, n);
}

void cursor_tokens_release(struct cursor_tokens *t)
{
	for (size_t i = 0; i < t->len; i++)
		free(t->items[i].text);
	free(t->items);
	t->items = NULL;
	t->len = 0;
}

static bool is_word(const struct cursor_token *t)
{
	return t->kind == CXToken_Identifier || t->kind == CXToken_Keyword ||
	       t->kind == CXToken_Literal;
}

char *cursor_tokens_join(const struct cursor_tokens *t, size_t from, size_t to)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = from; i < to && i < t->len; i++) {
		if (i > from && is_word(&t->items[i - 1]) && is_word(&t->items[i]))
			strbuf_addc(&sb, ' ');
		strbuf_adds(&sb, t->items[i].text);
	}
	return strbuf_detach(&sb);
}

char *cursor_included_source(CXCursor c)
{
	if (cursor_in_main_file(c))
		return NULL;
	CXFile f = NULL;
	clang_getExpansionLocation(clang_getCursorLocation(c), &f, NULL, NULL, NULL);
	char *name = f ? cxstring_take(clang_getFileName(f)) : NULL;
	static const char *const sources[] = { ".c", ".cpp", ".cc", ".cxx" };
	for (size_t i = 0; name && i < sizeof(sources) / sizeof(*sources); i++)
		if (str_ends_with_nocase(name, sources[i]))
			return name;
	free(name);
	return NULL;
}

struct definition_walk {
	cursor_definition_fn *visit, *in_header;
	void *data;
};

static bool is_container(enum CXCursorKind kind)
{
	return kind == CXCursor_LinkageSpec || kind == CXCursor_Namespace || kind == CXCursor_UnexposedDecl ||
	       kind == CXCursor_ClassDecl || kind == CXCursor_StructDecl || kind == CXCursor_ClassTemplate;
}

static bool is_function_definition(CXCursor c, enum CXCursorKind kind)
{
	return (kind == CXCursor_FunctionDecl || kind == CXCursor_CXXMethod || kind == CXCursor_Constructor ||
		kind == CXCursor_Destructor || kind == CXCursor_ConversionFunction) &&
	       clang_isCursorDefinition(c);
}

/* Definitions in the driver's own headers (a static inline allocator, a
 * logging helper), for walks that want them. */
static enum CXChildVisitResult walk_header_definitions(CXCursor c, CXCursor parent, CXClientData data)
{
	struct definition_walk *w = data;
	enum CXCursorKind kind = clang_getCursorKind(c);
	(void)parent;
	if (clang_Location_isInSystemHeader(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	if (is_container(kind))
		clang_visitChildren(c, walk_header_definitions, w);
	else if (is_function_definition(c, kind))
		w->in_header(c, w->data);
	return CXChildVisit_Continue;
}

static enum CXChildVisitResult walk_definitions(CXCursor c, CXCursor parent, CXClientData data)
{
	struct definition_walk *w = data;
	enum CXCursorKind kind = clang_getCursorKind(c);
	(void)parent;
	if (!cursor_in_main_file(c)) {
		/* A source file the main file includes (`#include "impl.c"`) is part
		 * of this unit: its definitions are the unit's too. */
		char *source = cursor_included_source(c);
		free(source);
		if (!source)
			return w->in_header ? walk_header_definitions(c, parent, data) : CXChildVisit_Continue;
	}
	if (is_container(kind)) {
		clang_visitChildren(c, walk_definitions, w);
		return CXChildVisit_Continue;
	}
	if (is_function_definition(c, kind))
		w->visit(c, w->data);
	return CXChildVisit_Continue;
}

void cursor_visit_all_definitions(CXTranslationUnit tu, cursor_definition_fn *visit, cursor_definition_fn *in_header,
				  void *data)
{
	struct definition_walk w = { visit, in_header, data };
	clang_visitChildren(clang_getTranslationUnitCursor(tu), walk_definitions, &w);
}

void cursor_visit_definitions(CXTranslationUnit tu, cursor_definition_fn *visit, void *data)
{
	cursor_visit_all_definitions(tu, visit, NULL, data);
}
