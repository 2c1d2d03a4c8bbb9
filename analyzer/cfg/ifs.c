/* SPDX-License-Identifier: Apache-2.0 */
/* If statements. libclang gives an if's children as init statement,
 * condition variable, condition, then, else, each only when written, so
 * which child is the condition is told by where the head's `)` lies: `if
 * (auto err = Init()) return err; else Mark();` tests err, and its else
 * runs. */
#include "cfg/build.h"

/* Whether the source between `a`'s end and `b`'s start closes a bracket:
 * the `)` that ends an if's head. */
static bool closes_between(struct builder *b, CXCursor a, CXCursor next)
{
	struct cursor_span x = cursor_span_of(a), y = cursor_span_of(next);
	if (!x.ok || !y.ok || x.file != y.file || y.begin <= x.end)
		return false;
	struct cursor_tokens t;
	cursor_tokens_of_span(b->tu, (struct cursor_span){ x.file, x.end, y.begin, true }, &t);
	bool closes = false;
	for (size_t i = 0; i < t.len && !closes; i++)
		closes = !strcmp(t.items[i].text, ")");
	cursor_tokens_release(&t);
	return closes;
}

/* The index of the then statement among the children `k`, the condition
 * just before it; what precedes (an init statement, a condition variable)
 * is lowered. 0 when `k` is no if to lower. */
static size_t if_head(struct builder *b, const struct cursor_vec *k)
{
	if (k->len < 2)
		return 0;
	/* An init statement (`if (T x = f(); x)`) or a condition variable (`if
	 * (auto err = f())`) comes before the condition, inside the head. */
	size_t cond = 0;
	while (k->len > 2 && cond + 2 < k->len && !closes_between(b, k->items[cond], k->items[cond + 1]))
		cond++;
	if (cond + 2 >= k->len && !closes_between(b, k->items[cond], k->items[cond + 1]))
		cond = 0; /* no `)` found (a macro's head): the plain layout */
	for (size_t i = 0; i < cond; i++) {
		if (k->items[i].kind == CXCursor_VarDecl)
			cfg_lower_decl(b, k->items[i]);
		else
			cfg_lower_stmt(b, k->items[i]);
	}
	return cond + 1;
}

void cfg_lower_if(struct builder *b, CXCursor s)
{
	struct cursor_vec k;
	cursor_vec_children(s, &k);
	size_t at = if_head(b, &k); /* the then statement's index */
	if (!at) {
		for (size_t i = 0; i < k.len; i++)
			cfg_lower_stmt(b, k.items[i]);
		cursor_vec_release(&k);
		return;
	}
	bool has_else = k.len > at + 1;
	struct target then = TARGET("if.then"), other = TARGET("if.else"), end = TARGET("if.end");
	cfg_lower_cond(b, k.items[at - 1], &then, has_else ? &other : &end);
	cfg_target_place(b, &then, false);
	cfg_lower_stmt(b, k.items[at]);
	if (has_else) {
		cfg_goto_target(b, &end);
		cfg_target_place(b, &other, false);
		cfg_lower_stmt(b, k.items[at + 1]);
	}
	cfg_target_place(b, &end, false);
	cfg_target_release(&then);
	cfg_target_release(&other);
	cfg_target_release(&end);
	cursor_vec_release(&k);
}
