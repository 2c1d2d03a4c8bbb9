/* SPDX-License-Identifier: Apache-2.0 */
/* Conditions: what a branch tests (success/failure of a status, a NULL
 * test, a flag), also when the test hides in a driver macro. */
#include "cfg/build.h"

#include <ctype.h>
#include <stdint.h>

#include "base/alloc.h"
#include "base/strvec.h"
#include "front/ddi.h"
#include "front/macros.h"

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
/* The name a test gives the result of call `s` of this block ("@3"), made
 * the call's result place when the code keeps it nowhere; or NULL. */
static char *call_result_var(struct builder *b, CXCursor s)
{
	int index = cfg_call_index(b, s);
	if (index < 0)
		return NULL;
	struct cfg_place *result = &b->g->calls[index].result;
	if (!result->root) {
		cfg_place_release(result);
		result->root = alloc_printf("@%d", index);
		result->path = alloc_printf("@%d", index);
	}
	return alloc_printf("@%d", index);
}

/* The place's path, as stores name it: a member of `this` by its full name
 * (m_Buffer is this->m_Buffer), an element by `[*]` when its subscript is
 * not a constant; NULL when `s` is not a place. */
static char *place_var(struct builder *b, CXCursor s)
{
	if (!cfg_is_place_expr(b, s))
		return NULL;
	struct cfg_place p;
	cfg_place_build(b, s, &p);
	char *var = p.key ? alloc_strdup(p.key) : p.path ? alloc_strdup(p.path) : cfg_cursor_text(b, s);
	cfg_place_release(&p);
	return var;
}

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
	if (s.kind == CXCursor_CallExpr)
		return call_result_var(b, s);
	if (s.kind == CXCursor_BinaryOperator) {
		struct cursor_list kids = cursor_children(s);
		char *op = kids.n == 2 ? cursor_binary_operator(b->tu, s) : NULL;
		bool assign = cfg_op_is(op, "=");
		free(op);
		return assign ? cfg_cursor_text(b, kids.items[0]) : NULL;
	}
	return place_var(b, s);
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

/* Which side of `a == b` (or !=) is a failure status constant compared with
 * a status variable (`status == STATUS_INSUFFICIENT_RESOURCES`): 0 the left,
 * 1 the right, -1 neither. Equal to a failure means failed; not equal
 * says nothing (another failure, or success). A status is a variable of
 * the kit's NTSTATUS or NDIS_STATUS type, the constant negative as a LONG. */
static int failure_constant_side(CXCursor e, bool *error)
{
	struct cursor_list kids = cursor_children(cfg_strip_implicit(e));
	if (kids.n != 2)
		return -1;
	for (int side = 0; side < 2; side++) {
		long long v;
		CXCursor other = cfg_strip_implicit(kids.items[1 - side]);
		if (!cfg_int_constant(kids.items[side], &v) || (int32_t)(uint32_t)v >= 0 ||
		    cfg_int_constant(other, &v))
			continue;
		CXString t = clang_getTypeSpelling(clang_getCursorType(other));
		const char *name = clang_getCString(t);
		bool status = name && (!strcmp(name, "NTSTATUS") || !strcmp(name, "NDIS_STATUS"));
		clang_disposeString(t);
		if (status) {
			cfg_int_constant(kids.items[side], &v);
			/* severity error, not a warning; nor the answer a size query
			 * asks for (STATUS_BUFFER_TOO_SMALL, STATUS_INFO_LENGTH_MISMATCH,
			 * NDIS_STATUS_BUFFER_TOO_SHORT), whose other outcomes say there
			 * is nothing to read */
			uint32_t code = (uint32_t)v;
			*error = code >= 0xC0000000u && code != 0xC0000023u && code != 0xC0000004u && code != 0xC0010016u;
			return side;
		}
	}
	return -1;
}

static bool only_null(const struct cursor_tokens *t, size_t from, size_t to)
{
	return only_token(t, from, to, "NULL") || only_token(t, from, to, "nullptr");
}

bool cfg_compares_pointer(CXCursor e)
{
	CXCursor s = cfg_strip_implicit(e);
	struct cursor_list kids = cursor_children(s);
	if (s.kind != CXCursor_BinaryOperator || kids.n != 2)
		return false;
	/* The 0 of `p == 0` is converted to p's type: either side tells. */
	return clang_getCanonicalType(clang_getCursorType(kids.items[0])).kind == CXType_Pointer ||
	       clang_getCanonicalType(clang_getCursorType(kids.items[1])).kind == CXType_Pointer;
}

/* The tokens of the macro invocation whose expansion holds `e`, when its
 * own span starts inside it, at an argument (`if (p == 0)` in the body of
 * ALLOC_OR_RETURN(p, n) spans from `p` to the invocation's end). */
static bool invocation_tokens(struct builder *b, CXCursor e, struct cursor_tokens *out)
{
	CXSourceRange r = clang_getCursorExtent(e);
	struct cursor_span s = { NULL, 0, 0, false }, file = cursor_span_of(e);
	CXFile end_file = NULL;
	clang_getExpansionLocation(clang_getRangeStart(r), &s.file, NULL, NULL, &s.begin);
	clang_getExpansionLocation(clang_getRangeEnd(r), &end_file, NULL, NULL, &s.end);
	s.ok = file.ok && s.file && end_file && clang_File_isEqual(s.file, end_file) &&
	       clang_File_isEqual(s.file, file.file) && s.begin < file.begin && s.end <= file.end;
	out->items = NULL;
	out->len = 0;
	if (s.ok)
		cursor_tokens_of_span(b->tu, s, out);
	return out->len > 0;
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
 * static), as values.c tells a place's root, noting the file's own. */
struct globals_read {
	struct builder *b;
	struct strvec names;
};

static enum CXChildVisitResult collect_global(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct globals_read *gr = data;
	if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
		return CXChildVisit_Recurse;
	CXCursor decl = clang_getCursorReferenced(c);
	if (decl.kind != CXCursor_VarDecl)
		return CXChildVisit_Recurse;
	enum CXCursorKind scope = clang_getCursorSemanticParent(decl).kind;
	enum CX_StorageClass sc = clang_Cursor_getStorageClass(decl);
	if (scope == CXCursor_TranslationUnit || scope == CXCursor_Namespace || sc == CX_SC_Static ||
	    sc == CX_SC_Extern) {
		char *name = cursor_variable_name(decl);
		if (name[0] && !strvec_contains(&gr->names, name)) {
			strvec_push(&gr->names, name);
			cfg_note_internal(gr->b, decl);
		}
		free(name);
	}
	return CXChildVisit_Recurse;
}

/* Whether the variable `var` (a place as written) has a global root. */
bool cfg_test_names_global(struct builder *b, CXCursor e, const char *var)
{
	size_t n = 0;
	while (var[n] == '_' || isalnum((unsigned char)var[n]) ||
	       (n && var[n] == ':' && var[n + 1] == ':' && (var[n + 2] == '_' || isalpha((unsigned char)var[n + 2]))))
		n += var[n] == ':' ? 2 : 1;
	struct globals_read gr = { b, STRVEC_INIT };
	collect_global(e, e, &gr);
	clang_visitChildren(e, collect_global, &gr);
	bool found = false;
	for (size_t i = 0; i < gr.names.len && !found; i++)
		found = strlen(gr.names.items[i]) == n && !strncmp(gr.names.items[i], var, n);
	strvec_clear(&gr.names);
	return found;
}

/* `*p` of a pointer parameter the function never points elsewhere: one
 * place for the whole function (`*Attached != 0`), as a member is. A walked
 * pointer's `*p` (`for (; *p != 0; p += n)`) is another place each time. */
static bool fixed_pointee(struct builder *b, CXCursor deref)
{
	struct cursor_list kids = cursor_children(deref);
	CXCursor p = kids.n == 1 ? cursor_strip(kids.items[0]) : clang_getNullCursor();
	if (p.kind != CXCursor_DeclRefExpr || clang_getCursorReferenced(p).kind != CXCursor_ParmDecl)
		return false;
	return !cfg_writes(b, b->fn, clang_getCursorReferenced(p), false);
}

/* An integer operand of a comparison: a constant, or a plain variable of an
 * integer type (its name, as facts know a plain variable). */
static bool integer_operand(struct builder *b, CXCursor c, char **var, long long *value, long long *adjust)
{
	*var = NULL;
	*adjust = 0;
	if (cfg_int_constant(c, value))
		return true;
	CXCursor s = cfg_strip_implicit(c);
	bool deref = false;
	if (s.kind == CXCursor_UnaryOperator) {
		/* i-- or --i: the test reads i before or after the update the
		 * block's events already made; *count, what count points to. */
		bool postfix = false;
		char *op = cursor_unary_operator(b->tu, s, &postfix);
		struct cursor_list kids = cursor_children(s);
		bool step = op && (!strcmp(op, "++") || !strcmp(op, "--")) && kids.n == 1;
		deref = op && !strcmp(op, "*") && kids.n == 1 && fixed_pointee(b, s);
		if (step && postfix)
			*adjust = !strcmp(op, "--") ? 1 : -1;
		free(op);
		if (!step && !deref)
			return false;
		if (step)
			s = cfg_strip_implicit(kids.items[0]);
	}
	while (!deref && (s.kind == CXCursor_CStyleCastExpr || s.kind == CXCursor_UnexposedExpr)) {
		struct cursor_list kids = cursor_children(s);
		if (kids.n == 0)
			break;
		s = cfg_strip_implicit(kids.last);
	}
	CXCursor decl = clang_getCursorReferenced(s);
	if (s.kind == CXCursor_CallExpr || s.kind == CXCursor_MemberRefExpr || deref) {
		/* A helper's result compared (Init() != 0): the result as tested_var
		 * names it, which a helper returning a constant on the path decides;
		 * a member (g.Handle != 0) or a pointed-to count (*Attached != 0),
		 * by the path stores name it with. */
		decl = s;
	} else if (s.kind != CXCursor_DeclRefExpr || (decl.kind != CXCursor_VarDecl && decl.kind != CXCursor_ParmDecl)) {
		return false;
	}
	switch (clang_getCanonicalType(clang_getCursorType(decl)).kind) {
	case CXType_Char_U: case CXType_UChar: case CXType_UShort: case CXType_UInt: case CXType_ULong:
	case CXType_ULongLong: case CXType_Char_S: case CXType_SChar: case CXType_Short: case CXType_Int:
	case CXType_Long: case CXType_LongLong: case CXType_Enum: {
		struct cursor_span at = cursor_span_of(s);
		*var = s.kind == CXCursor_CallExpr ? call_result_var(b, s)
		       : s.kind == CXCursor_MemberRefExpr || deref ? (at.ok ? tested_var(b, s, at.begin, at.end) : NULL)
							 : cursor_variable_name(decl);
		return *var != NULL;
	}
	default:
		return false;
	}
}

/* `a op b` of integer variables and constants, for the evaluator to decide
 * from what it knows of counters (`for (j = 0; j < done; j++)`). */
/* `p == &x`, `p != &x` (either way round): a pointer against the address of
 * a variable, as a guard keeps a default object from being freed
 * (`if (Active != &Default) ExFreePool(Active)`). */
static bool classify_address(struct builder *b, CXCursor e, CXCursor lhs, CXCursor rhs, const char *op,
			     struct cfg_cond *cond)
{
	for (int side = 0; side < 2; side++) {
		CXCursor address = cfg_strip_implicit(side ? lhs : rhs), pointer = side ? rhs : lhs;
		struct cursor_list kids = cursor_children(address);
		if (address.kind != CXCursor_UnaryOperator || kids.n != 1)
			continue;
		bool postfix;
		char *unary = cursor_unary_operator(b->tu, address, &postfix);
		bool takes_address = cfg_op_is(unary, "&");
		free(unary);
		CXCursor target = cursor_strip(kids.items[0]);
		CXCursor decl = clang_getCursorReferenced(target);
		if (!takes_address || (target.kind != CXCursor_MemberRefExpr &&
				       (target.kind != CXCursor_DeclRefExpr || decl.kind != CXCursor_VarDecl)))
			continue;
		struct cursor_span at = cursor_span_of(pointer);
		char *var = at.ok ? tested_var(b, e, at.begin, at.end) : NULL;
		if (!var)
			continue;
		cond->kind = COND_ADDRESS;
		snprintf(cond->op, sizeof(cond->op), "%s", op);
		cond->var = var;
		cond->var2 = cfg_cursor_text(b, target);
		return true;
	}
	return false;
}

/* `v & K` of a place and a constant mask, either way round: COND_BITS on v
 * with op `op` ("!=": the mask meets set bits, "==": it does not; ">=" and
 * "<" when `all`, the other side of `(v & K) == K`, must be the mask: every
 * bit of it is set, or not). */
static bool classify_bits(struct builder *b, CXCursor e, CXCursor and, const char *op, struct cfg_cond *cond,
			  CXCursor all)
{
	CXCursor s = cfg_strip_implicit(and);
	while (s.kind == CXCursor_ParenExpr) {
		struct cursor_list inner = cursor_children(s);
		if (inner.n != 1)
			return false;
		s = cfg_strip_implicit(inner.items[0]);
	}
	struct cursor_list kids = cursor_children(s);
	char eop[4];
	if (cfg_enum_operator(s, eop)) { /* a flag enumeration's own `&` */
		if (strcmp(eop, "&"))
			return false;
		kids.n = 2;
		kids.items[0] = clang_Cursor_getArgument(s, 0);
		kids.items[1] = clang_Cursor_getArgument(s, 1);
	} else {
		if (s.kind != CXCursor_BinaryOperator || kids.n != 2)
			return false;
		char *o = cursor_binary_operator(b->tu, s);
		bool is_and = o && !strcmp(o, "&");
		free(o);
		if (!is_and)
			return false;
	}
	bool whole = !clang_Cursor_isNull(all);
	long long same;
	for (int side = 0; side < 2; side++) {
		long long mask;
		if (!cfg_enum_fold(kids.items[side], &mask) || mask == 0 ||
		    (whole && (!cfg_enum_fold(all, &same) || same != mask)))
			continue;
		/* `((_F) & (_SF))` of a macro (FlagOn): the operand inside its parentheses. */
		struct cursor_span at = cursor_span_of(cfg_strip_implicit(kids.items[1 - side]));
		char *var = at.ok ? tested_var(b, e, at.begin, at.end) : NULL;
		/* Inside a macro's body (`#define DONE(f) ((g.Flags & (f)) == (f))`)
		 * every span is the invocation's: the operand itself, when a place. */
		if (!var)
			var = place_var(b, cursor_strip(kids.items[1 - side]));
		if (!var)
			return false;
		cond->kind = COND_BITS;
		snprintf(cond->op, sizeof(cond->op), "%s", op);
		cond->var = var;
		cond->value = mask;
		return true;
	}
	/* `set & bit` of two variables (a helper's parameters): the evaluator
	 * takes the one whose value it knows as the mask (var2, value 0). */
	char *names[2] = { NULL, NULL };
	for (int side = 0; side < 2; side++) {
		CXCursor k = cursor_strip(kids.items[side]);
		struct cursor_span at = cursor_span_of(k);
		names[side] = k.kind == CXCursor_DeclRefExpr && at.ok ? tested_var(b, e, at.begin, at.end) : NULL;
	}
	int mask = 1;
	if (names[0] && names[1] && whole) { /* the side compared with is the mask */
		char *other = cfg_cursor_text(b, cursor_strip(all));
		mask = !strcmp(other, names[1]) ? 1 : !strcmp(other, names[0]) ? 0 : -1;
		free(other);
	}
	if (!names[0] || !names[1] || mask < 0) {
		free(names[0]);
		free(names[1]);
		return false;
	}
	cond->kind = COND_BITS;
	snprintf(cond->op, sizeof(cond->op), "%s", op);
	cond->var = names[1 - mask];
	cond->var2 = names[mask];
	cond->value = 0;
	return true;
}

static bool is_status_type(CXType t);

static void classify_compare(struct builder *b, CXCursor e, struct cfg_cond *cond, bool *swap)
{
	CXCursor s = cfg_strip_implicit(e);
	struct cursor_list kids = cursor_children(s);
	if (classify_bits(b, e, e, "!=", cond, clang_getNullCursor()))
		return;
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
	if (op && (!strcmp(op, "==") || !strcmp(op, "!=")) &&
	    classify_address(b, s, kids.items[0], kids.items[1], op, cond)) {
		free(op);
		return;
	}
	long long zero;
	/* `p == NULL` as the tree has it, where the tokens cannot tell (a NULL
	 * in a macro's argument: PV_FAIL_IF(p == NULL, ...)); and `ids[i] != 0`,
	 * an element the counters cannot name: its truth, as `if (ids[i])`. */
	for (int side = 0; op && (!strcmp(op, "==") || !strcmp(op, "!=")) && side < 2; side++) {
		CXCursor z = cursor_strip(kids.items[side]), p = cursor_strip(kids.items[1 - side]);
		bool null = z.kind == CXCursor_GNUNullExpr || z.kind == CXCursor_CXXNullPtrLiteralExpr ||
			    (cfg_int_constant(z, &zero) && zero == 0);
		CXType type = clang_getCanonicalType(clang_getCursorType(cfg_strip_implicit(kids.items[1 - side])));
		struct cursor_list sub = cursor_children(p);
		bool element = p.kind == CXCursor_ArraySubscriptExpr && sub.n == 2 && !cfg_int_constant(sub.items[1], &zero) &&
			       type.kind >= CXType_Bool && type.kind <= CXType_Int128;
		/* `Helper() == FALSE`: a truth value a call returns, tested as `!Helper()` is. */
		bool truth = p.kind == CXCursor_CallExpr && type.kind >= CXType_Bool && type.kind <= CXType_Int128 &&
			     !is_status_type(clang_getCursorType(cfg_strip_implicit(kids.items[1 - side])));
		struct cursor_span at = cursor_span_of(p);
		char *tested = null && (type.kind == CXType_Pointer || element || truth) && at.ok
				       ? tested_var(b, e, at.begin, at.end)
				       : NULL;
		if (tested) {
			cond->kind = COND_NONNULL;
			cond->var = tested;
			*swap = !strcmp(op, "==");
			free(op);
			return;
		}
	}
	for (int side = 0; op && (!strcmp(op, "==") || !strcmp(op, "!=")) && side < 2; side++) {
		if (cfg_int_constant(kids.items[side], &zero) && zero == 0 &&
		    classify_bits(b, e, kids.items[1 - side], op, cond, clang_getNullCursor())) {
			free(op);
			return;
		}
	}
	/* `(v & K) == K`: all of K's bits set */
	for (int side = 0; op && (!strcmp(op, "==") || !strcmp(op, "!=")) && side < 2; side++) {
		if (classify_bits(b, e, kids.items[1 - side], !strcmp(op, "==") ? ">=" : "<", cond, kids.items[side])) {
			free(op);
			return;
		}
	}
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

/* Whether `t` is NTSTATUS, or a typedef of it (not the LONG it stands
 * for: a count tested for zero is no status). */
static bool is_status_type(CXType t)
{
	for (unsigned depth = 0; depth < 8 && t.kind != CXType_Invalid; depth++) {
		CXString name = clang_getTypedefName(t);
		bool status = !strcmp(clang_getCString(name), "NTSTATUS");
		clang_disposeString(name);
		if (status)
			return true;
		t = t.kind == CXType_Typedef ? clang_getTypedefDeclUnderlyingType(clang_getTypeDeclaration(t))
		    : t.kind == CXType_Elaborated ? clang_Type_getNamedType(t)
						  : (CXType){ CXType_Invalid, { 0, 0 } };
	}
	return false;
}

/* Whether the operand of comparison `e` that is not the constant (the right
 * one when `left_constant`) is an NTSTATUS. */
static bool status_operand(CXCursor e, bool left_constant)
{
	struct cursor_list kids = cursor_children(cfg_strip_implicit(e));
	if (kids.n != 2)
		return false;
	return is_status_type(clang_getCursorType(cfg_strip_implicit(kids.items[left_constant ? 1 : 0])));
}

/* The tokens of a macro invocation written as another macro's argument
 * (`BAIL_IF(!NT_SUCCESS(status), Exit)`): each token of its expansion maps
 * back to where the invocation starts, so `e`'s span is empty there. From
 * that name to its closing bracket. */
static void invocation_at(struct builder *b, CXCursor e, struct cursor_tokens *t)
{
	struct cursor_span s = cursor_span_of(e);
	if (s.ok && s.begin == s.end)
		cursor_tokens_of_span(b->tu, macro_invocation_at(b->tu, s.file, s.begin), t);
}

void cfg_classify(struct builder *b, CXCursor e, struct cfg_cond *cond, bool *swap)
{
	struct cursor_tokens t;
	cursor_tokens_of_span(b->tu, cursor_span_of(e), &t);
	if (!t.len)
		invocation_at(b, e, &t);
	memset(cond, 0, sizeof(*cond));
	cond->text = cursor_tokens_join(&t, 0, t.len);
	collect_read(e, e, &cond->names);
	clang_visitChildren(e, collect_read, &cond->names);
	cond->loc = cfg_loc_of(b, e);
	cond->kind = COND_OTHER;
	*swap = false;
	size_t n = t.len;
	char *var = NULL;
	enum cfg_cond_kind kind = COND_OTHER;
	long k;
	bool error_test = n >= 4 && ddi_is_error_test(t.items[0].text);
	if (n >= 4 && (ddi_is_status_test(t.items[0].text) || error_test) && cfg_token_is(&t, 1, "(") &&
	    cfg_closing_bracket(&t, 1) == n - 1) {
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
			int side;
			bool error_code = false;
			if (only_success(&t, rhs_begin, n) || only_success(&t, 0, op)) {
				kind = COND_SUCCESS;
				cond->equals_success = true;
				*swap = !eq;
				use_left = !only_success(&t, 0, op);
			} else if ((side = failure_constant_side(e, &error_code)) >= 0) {
				kind = COND_SUCCESS;
				cond->failure_only = true;
				/* An error code singled out: every other error goes the
				 * other way. A warning (STATUS_BUFFER_OVERFLOW) is the
				 * retry a query's caller makes, not its error handling. */
				cond->one_failure = error_code;
				*swap = eq; /* equal: the failure successor */
				use_left = side == 1;
			} else if ((only_token(&t, rhs_begin, n, "0") || only_token(&t, 0, op, "0")) &&
				   status_operand(e, only_token(&t, 0, op, "0"))) {
				/* `status != 0` of an NTSTATUS: 0 is STATUS_SUCCESS */
				kind = COND_SUCCESS;
				cond->equals_success = true;
				*swap = !eq;
				use_left = !only_token(&t, 0, op, "0");
			} else if (only_null(&t, rhs_begin, n) || only_null(&t, 0, op) ||
				   (cfg_compares_pointer(e) &&
				    (only_token(&t, rhs_begin, n, "0") || only_token(&t, 0, op, "0")))) {
				kind = COND_NONNULL;
				*swap = eq;
				use_left = !only_null(&t, 0, op) && !only_token(&t, 0, op, "0");
			}
		}
		if (kind != COND_OTHER) {
			size_t from = use_left ? lhs_var : rhs_begin, to = use_left ? lhs_end : n;
			var = tested_var(b, e, t.items[from].begin, t.items[to - 1].end);
		}
	} else if (n >= 1) {
		kind = COND_NONNULL;
		var = tested_var(b, e, t.items[0].begin, t.items[n - 1].end);
		if (var && is_status_type(clang_getCursorType(cfg_strip_implicit(e)))) {
			/* `if (status)`, `if (auto err = Init())`: a status that is
			 * not STATUS_SUCCESS */
			kind = COND_SUCCESS;
			cond->equals_success = true;
			*swap = true;
		}
	}
	if (var) {
		cond->kind = kind;
		cond->var = var;
	} else {
		*swap = false;
		cond->failure_only = false;
		cond->equals_success = false;
		struct cursor_tokens inv;
		if ((kind == COND_OTHER || kind == COND_NONNULL) && !cfg_macro_cond(b, e, &t, cond, swap) &&
		    invocation_tokens(b, e, &inv)) {
			cfg_macro_cond(b, e, &inv, cond, swap);
			cursor_tokens_release(&inv);
		}
	}
	if (cond->kind == COND_OTHER && !*swap)
		classify_compare(b, e, cond, swap);
	cursor_tokens_release(&t);
}
