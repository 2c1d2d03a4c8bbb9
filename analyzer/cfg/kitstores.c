/* SPDX-License-Identifier: Apache-2.0 */
/* The stores a kit routine makes into a place it is given the address of,
 * written as events of the graph beside the call: what its declaration or
 * its inline body says it stores, so a later test reads what was stored. */
#include "cfg/build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "front/ddi.h"

/* The place whose address argument 0 of `call` is (`&x` gives x), in
 * `target`; false when the argument is no `&place`. `*lhs` is what the `&`
 * applies to. */
static bool addressed_place(struct builder *b, CXCursor call, struct cfg_place *target, CXCursor *lhs)
{
	CXCursor where = cursor_strip(clang_Cursor_getArgument(call, 0));
	struct cursor_list kids = cursor_children(where);
	char *op = where.kind == CXCursor_UnaryOperator ? cfg_unary_op(b, where) : NULL;
	bool address = op && !strcmp(op, "&") && kids.n == 1;
	free(op);
	if (!address)
		return false;
	*lhs = kids.items[0];
	cfg_place_build(b, *lhs, target);
	if (target->root)
		return true;
	cfg_place_release(target);
	return false;
}

/* InterlockedExchange(&x, v) stores v into x, atomically: a flag set that
 * way is a flag set (`if (!enabled) return;` later reads it). A bit
 * intrinsic given a constant bit b is `x |= 1 << b`, or `x &= ~(1 << b)`. */
static void exchange_store(struct builder *b, CXCursor call, const char *callee, int nargs)
{
	enum cfg_bit_op bit = cfg_bit_op(callee);
	long long index = -1;
	if (nargs != 2 || !(cfg_is_exchange(callee) || bit == BIT_SET || bit == BIT_RESET))
		return;
	if (bit != BIT_NONE &&
	    (!cfg_int_constant(clang_Cursor_getArgument(call, 1), &index) || index < 0 || index > 62))
		return;
	struct cfg_place target;
	CXCursor lhs;
	if (!addressed_place(b, call, &target, &lhs))
		return;
	enum cfg_event_kind kind = cfg_is_plain_variable(&target, lhs) ? EVENT_ASSIGN : EVENT_STORE;
	struct cfg_event *ev = cfg_event_add(b, kind, call);
	ev->target = target;
	if (bit == BIT_NONE) {
		cfg_value_build(b, clang_Cursor_getArgument(call, 1), &ev->value);
		snprintf(ev->op, sizeof(ev->op), "=");
		return;
	}
	long long mask = 1LL << index;
	ev->value.kind = VALUE_CONSTANT;
	ev->value.number = bit == BIT_SET ? mask : ~mask;
	ev->value.text = alloc_printf("%lld", ev->value.number);
	ev->compound = true;
	snprintf(ev->op, sizeof(ev->op), bit == BIT_SET ? "|=" : "&=");
}

/* A string set to point at a buffer (RtlInitEmptyUnicodeString(&s, buf,
 * size)) is a store of that buffer into s.Buffer, as the kit's inline body
 * does: a later `if (s.Buffer)` tests what was stored. */
static void string_buffer_store(struct builder *b, CXCursor call, const char *callee, int nargs)
{
	int arg = ddi_string_buffer_arg(callee);
	struct cfg_place target;
	CXCursor lhs;
	if (arg < 0 || arg >= nargs || !addressed_place(b, call, &target, &lhs))
		return;
	char *path = alloc_printf("%s.Buffer", target.path);
	free(target.path);
	target.path = path;
	free(target.key);
	target.key = NULL;
	free(target.field);
	target.field = alloc_strdup("Buffer");
	free(target.field_owner);
	target.field_owner = NULL; /* (the string type's, which the call's cursor does not name) */
	free(target.index);
	target.index = NULL;
	target.index_constant = false;
	target.index_value = 0;
	struct cfg_event *ev = cfg_event_add(b, EVENT_STORE, call);
	ev->target = target;
	cfg_value_build(b, clang_Cursor_getArgument(call, (unsigned)arg), &ev->value);
	snprintf(ev->op, sizeof(ev->op), "=");
}

void cfg_kit_stores(struct builder *b, CXCursor call, const char *callee, int nargs)
{
	exchange_store(b, call, callee, nargs);
	string_buffer_store(b, call, callee, nargs);
}
