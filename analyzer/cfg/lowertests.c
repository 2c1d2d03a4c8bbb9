/* SPDX-License-Identifier: Apache-2.0 */
/* Lowering a condition into branches: `&&`, `||`, `!`, `?:` and the comma
 * into blocks and edges, each leaf a branch on what conditions.c finds it
 * tests. */
#include "cfg/build.h"

#include <string.h>

#include "base/alloc.h"
#include "front/ddi.h"

struct list_read {
	struct builder *b;
	const char *var;
	bool found;
};

static enum CXChildVisitResult find_list_read(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	struct list_read *r = data;
	if (!cfg_reads_device_list(c))
		return CXChildVisit_Recurse;
	char *text = cfg_cursor_text(r->b, c);
	r->found = !strcmp(text, r->var);
	free(text);
	return r->found ? CXChildVisit_Break : CXChildVisit_Continue;
}

/* A test of the driver's device list (`while (DriverObject->DeviceObject)`)
 * tests the one global place its reads are (CFG_DEVICE_LIST). */
static void test_of_device_list(struct builder *b, CXCursor e, struct cfg_cond *cond)
{
	if (!cond->var || !strstr(cond->var, "DeviceObject"))
		return;
	struct list_read r = { b, cond->var, false };
	if (find_list_read(e, e, &r) != CXChildVisit_Break)
		clang_visitChildren(e, find_list_read, &r);
	if (!r.found)
		return;
	free(cond->var);
	cond->var = alloc_strdup(CFG_DEVICE_LIST);
	cond->var_global = true;
}

static void lower_leaf(struct builder *b, CXCursor e, struct target *t, struct target *f)
{
	long long value;
	if (!cfg_has_side_effects(b, e) && (cfg_int_constant(e, &value) || cfg_table_constant(b, e, &value))) {
		cfg_goto_target(b, value ? t : f);
		return;
	}
	cfg_block_ensure(b);
	cfg_lower_expr(b, e);
	int blk = b->cur;
	struct cfg_cond cond;
	bool swap;
	cfg_classify(b, e, &cond, &swap);
	cond.var_global = (cond.kind == COND_SUCCESS || cond.kind == COND_NONNULL || cond.kind == COND_BITS ||
			   cond.kind == COND_COMPARE) && cond.var &&
			  (cfg_test_names_global(b, e, cond.var) || cfg_alias_names_global(b, cond.var));
	CXType type = clang_getCanonicalType(clang_getCursorType(cfg_strip_implicit(e)));
	cond.var_pointer = cond.kind == COND_NONNULL &&
			   (type.kind == CXType_Pointer || type.kind == CXType_NullPtr || cfg_compares_pointer(e));
	test_of_device_list(b, e, &cond);
	b->g->blocks[blk].cond = cond;
	cfg_edge_to_target(b, blk, swap ? f : t);
	cfg_edge_to_target(b, blk, swap ? t : f);
	b->cur = -1;
}

/* Whether `e` is a status test written as a macro call, NT_SUCCESS(x) or
 * NT_ERROR(x): a truth value, 0 or 1. */
static bool status_test_call(struct builder *b, CXCursor e)
{
	struct cursor_tokens t;
	cursor_tokens_of_span(b->tu, cursor_span_of(e), &t);
	bool yes = t.len >= 4 && (ddi_is_status_test(t.items[0].text) || ddi_is_error_test(t.items[0].text)) &&
		   cfg_token_is(&t, 1, "(") && cfg_closing_bracket(&t, 1) == t.len - 1;
	cursor_tokens_release(&t);
	return yes;
}

/* `NT_SUCCESS(s) == FALSE`, `TRUE != NT_SUCCESS(s)`: a status test compared
 * with a truth value is that test, or its negation. Returns 1 for the test
 * as it is, 0 for its negation, -1 for another comparison; *test is it. */
static int compared_test(struct builder *b, CXCursor c, const struct cursor_list *kids, CXCursor *test)
{
	char *op = cursor_binary_operator(b->tu, c);
	bool eq = cfg_op_is(op, "=="), ne = cfg_op_is(op, "!=");
	free(op);
	long long v, w;
	for (size_t side = 0; (eq || ne) && side < 2; side++) {
		CXCursor other = kids->items[1 - side];
		if (!cfg_int_constant(kids->items[side], &v) || (v != 0 && v != 1) ||
		    cfg_int_constant(other, &w) || !status_test_call(b, cfg_strip_implicit(other)))
			continue;
		*test = other;
		return (v == 1) == eq;
	}
	return -1;
}

/* Lowers condition `e`: control reaches `t` when it holds, `f` when not.
 * Negations and the other tail positions are a loop, not a call each: a
 * condition of 32,000 `!` is no recursion 32,000 deep. */
void cfg_lower_cond(struct builder *b, CXCursor e, struct target *t, struct target *f)
{
	for (;;) {
		CXCursor c = cfg_strip_implicit(e);
		struct cursor_list kids = cursor_children(c);
		if (c.kind == CXCursor_BinaryOperator && kids.n == 2) {
			CXCursor test;
			int same = compared_test(b, c, &kids, &test);
			if (same >= 0) {
				struct target *yes = same ? t : f, *no = same ? f : t;
				e = test;
				t = yes;
				f = no;
				continue;
			}
			char *op = cursor_binary_operator(b->tu, c);
			bool is_and = cfg_op_is(op, "&&"), is_or = cfg_op_is(op, "||");
			bool comma = cfg_op_is(op, ",");
			free(op);
			if (is_and || is_or) {
				struct target mid = TARGET(is_and ? "and.rhs" : "or.rhs");
				cfg_lower_cond(b, kids.items[0], is_and ? &mid : t, is_and ? f : &mid);
				cfg_target_place(b, &mid, false);
				cfg_lower_cond(b, kids.items[1], t, f);
				cfg_target_release(&mid);
				return;
			}
			if (comma) {
				cfg_block_ensure(b);
				cfg_lower_expr(b, kids.items[0]);
				e = kids.items[1];
				continue;
			}
		} else if (c.kind == CXCursor_UnaryOperator && kids.n == 1) {
			char *op = cfg_unary_op(b, c);
			bool negation = cfg_op_is(op, "!");
			free(op);
			if (negation) {
				struct target *swap = t;
				e = kids.items[0];
				t = f;
				f = swap;
				continue;
			}
		} else if (c.kind == CXCursor_ConditionalOperator && kids.n == 3) {
			struct target yes = TARGET("cond.true"), no = TARGET("cond.false");
			cfg_lower_cond(b, kids.items[0], &yes, &no);
			cfg_target_place(b, &yes, false);
			cfg_lower_cond(b, kids.items[1], t, f);
			cfg_target_place(b, &no, false);
			cfg_lower_cond(b, kids.items[2], t, f);
			cfg_target_release(&yes);
			cfg_target_release(&no);
			return;
		}
		/* `(x != 0)`: the test inside the parentheses, as its tokens read */
		while (e.kind == CXCursor_ParenExpr && cursor_children(e).n == 1)
			e = cursor_children(e).items[0];
		lower_leaf(b, e, t, f);
		return;
	}
}

