/* SPDX-License-Identifier: Apache-2.0 */
/* A flag enumeration's own operators read as the built-in ones they stand
 * for: `operator|`, `&`, `^` and `~` taking and returning values of one
 * enumeration, as DEFINE_ENUM_FLAG_OPERATORS and hand-written constexpr
 * ones define them for an `enum class` of steps done. Such a call is no call
 * of the driver's: it records no event, folds when its operands are
 * constants, and `(Done & Step::Filter) != Step::None` is a test of bits. */
#include "cfg/build.h"

#include <stdint.h>
#include <stdio.h>

static bool is_enum(CXType t)
{
	t = clang_getCanonicalType(t);
	if (t.kind == CXType_LValueReference)
		t = clang_getCanonicalType(clang_getPointeeType(t));
	return t.kind == CXType_Enum;
}

bool cfg_enum_operator(CXCursor call, char op[4])
{
	call = cursor_strip(call);
	if (call.kind != CXCursor_CallExpr)
		return false;
	CXCursor fn = clang_getCursorReferenced(call);
	int n = clang_Cursor_getNumArguments(call);
	if (fn.kind != CXCursor_FunctionDecl || n < 1 || n > 2 || !is_enum(clang_getCursorResultType(fn)))
		return false;
	static const char *const ops[] = { "~", "|", "&", "^", "|=", "&=", "^=" };
	char *name = cursor_spelling(fn);
	int found = -1;
	for (int i = 0; i < (int)(sizeof(ops) / sizeof(*ops)) && found < 0; i++)
		if (!strncmp(name, "operator", 8) && !strcmp(name + 8, ops[i]))
			found = i;
	free(name);
	if (found < 0 || (found == 0) != (n == 1))
		return false;
	for (int i = 0; i < n; i++)
		if (!is_enum(clang_getCursorType(clang_Cursor_getArgument(call, (unsigned)i))))
			return false;
	snprintf(op, 4, "%s", ops[found]);
	return true;
}

bool cfg_enum_fold(CXCursor c, long long *out)
{
	char op[4];
	if (!cfg_enum_operator(c, op) || op[1])
		return cfg_int_constant(c, out);
	CXCursor s = cursor_strip(c);
	long long a, b = 0;
	if (!cfg_enum_fold(clang_Cursor_getArgument(s, 0), &a) ||
	    (op[0] != '~' && !cfg_enum_fold(clang_Cursor_getArgument(s, 1), &b)))
		return false;
	uint64_t x = (uint64_t)a, y = (uint64_t)b;
	*out = (long long)(op[0] == '~' ? ~x : op[0] == '|' ? x | y : op[0] == '&' ? x & y : x ^ y);
	return true;
}

/* The operand of `v` other than the one naming `target`'s variable, or a
 * null cursor: `x | k` and `k | x` of the built-in or the enumeration's
 * operator `op`. */
static CXCursor other_operand(struct builder *b, CXCursor v, CXCursor target, char op)
{
	CXCursor s = cursor_strip(v), kids[2];
	char got = 0, eop[4];
	if (cfg_enum_operator(s, eop) && eop[0] != '~' && !eop[1]) {
		got = eop[0];
		kids[0] = clang_Cursor_getArgument(s, 0);
		kids[1] = clang_Cursor_getArgument(s, 1);
	} else if (s.kind == CXCursor_BinaryOperator) {
		struct cursor_list k = cursor_children(s);
		char *o = k.n == 2 ? cursor_binary_operator(b->tu, s) : NULL;
		got = o && strlen(o) == 1 ? o[0] : 0;
		free(o);
		kids[0] = k.items[0];
		kids[1] = k.items[1];
	}
	if (got != op)
		return clang_getNullCursor();
	char *t = cfg_cursor_text(b, target);
	CXCursor other = clang_getNullCursor();
	for (int side = 0; side < 2 && clang_Cursor_isNull(other); side++) {
		char *x = cfg_cursor_text(b, cursor_strip(kids[side]));
		if (!strcmp(x, t) && !cfg_has_side_effects(b, kids[1 - side]))
			other = kids[1 - side];
		free(x);
	}
	free(t);
	return other;
}

/* `~k` of the built-in or the enumeration's operator: k, else a null cursor. */
static CXCursor complement_of(struct builder *b, CXCursor v)
{
	CXCursor s = cursor_strip(v);
	char op[4];
	if (cfg_enum_operator(s, op))
		return op[0] == '~' ? clang_Cursor_getArgument(s, 0) : clang_getNullCursor();
	return cfg_unary_operand(b, s, "~");
}

const char *cfg_bits_update(struct builder *b, CXCursor lhs, CXCursor rhs, const char *compound_op,
			    CXCursor *operand)
{
	*operand = rhs;
	const char *op = compound_op;
	if (!op && !cfg_has_side_effects(b, lhs)) {
		CXCursor other = other_operand(b, rhs, lhs, '|');
		op = clang_Cursor_isNull(other) ? NULL : "|=";
		if (!op) {
			other = other_operand(b, rhs, lhs, '&');
			op = clang_Cursor_isNull(other) ? NULL : "&=";
		}
		if (op)
			*operand = other;
	}
	long long folded;
	CXCursor kept = op && !strcmp(op, "&=") && !cfg_enum_fold(*operand, &folded) ? complement_of(b, *operand)
										      : clang_getNullCursor();
	if (clang_Cursor_isNull(kept))
		return op; /* `x &= ~K` of a constant K stays `&=` of its complement */
	*operand = kept;
	return "&~=";
}
