/* SPDX-License-Identifier: Apache-2.0 */
/* The order of two teardown calls in an unload routine (unloadorder.h). */
#include "kinds/unloadorder.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/str.h"
#include "facts/entry.h"
#include "facts/program.h"
#include "kinds/shared.h"

#define ORDER_DEPTH 6

static bool listed(const struct check *c, size_t unit, const struct cfg_call *call, void *data)
{
	(void)c;
	(void)unit;
	return kinds_call_listed(call, data);
}

static bool routine_reaches(const struct check *c, const char *name, size_t unit, const struct call_test *t,
			    unsigned depth, struct strvec *seen, const struct cfg_call **at)
{
	size_t u, i;
	if (depth > ORDER_DEPTH || strvec_contains(seen, name) || !program_resolve(c->prog, name, unit, &u, &i))
		return false;
	strvec_push(seen, name);
	const struct cfg *g = program_function(c->prog, u, i)->cfg;
	for (size_t b = 0; g && b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_call *call = event_call(g, &g->blocks[b].events[e]);
			if (!call)
				continue;
			if (t->match(c, u, call, t->data)) {
				*at = call;
				return true;
			}
			if (call->callee && !call->callee_in_system_header &&
			    routine_reaches(c, call->callee, u, t, depth + 1, seen, at))
				return true;
		}
	return false;
}

bool kinds_routine_calls(const struct check *c, const char *name, size_t unit, const struct strvec *names,
			 unsigned depth, struct strvec *seen, struct cfg_loc *at, const char **which)
{
	const struct cfg_call *call = NULL;
	struct call_test t = { listed, (void *)names, NULL };
	if (!routine_reaches(c, name, unit, &t, depth, seen, &call))
		return false;
	if (at)
		*at = call->loc;
	if (which)
		*which = call->callee;
	return true;
}

/* `name` without a trailing "Ex", "Ex2" or version digit. */
static size_t stem_length(const char *name)
{
	size_t n = strlen(name);
	while (n > 0 && name[n - 1] >= '0' && name[n - 1] <= '9')
		n--;
	if (n > 2 && !strncmp(name + n - 2, "Ex", 2))
		n -= 2;
	return n;
}

static bool variant_of(const struct check *c, size_t unit, const struct cfg_call *call, void *data)
{
	(void)c;
	(void)unit;
	const struct strvec *releases = data;
	if (!call->callee || strvec_contains(releases, call->callee))
		return false;
	size_t n = stem_length(call->callee);
	for (size_t i = 0; i < releases->len; i++)
		if (stem_length(releases->items[i]) == n && !strncmp(releases->items[i], call->callee, n))
			return true;
	return false;
}

bool kinds_routine_calls_variant(const struct check *c, const char *name, size_t unit,
				 const struct strvec *releases, struct cfg_loc *at, const char **which)
{
	const struct cfg_call *call = NULL;
	struct call_test t = { variant_of, (void *)releases, NULL };
	struct strvec seen = STRVEC_INIT;
	bool found = routine_reaches(c, name, unit, &t, 0, &seen, &call);
	strvec_clear(&seen);
	if (found) {
		*at = call->loc;
		*which = call->callee;
	}
	return found;
}

/* Whether event `e` of `g` calls one of `names`, itself or through a helper. */
static bool event_calls(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e,
			const struct call_test *t, unsigned depth, const struct cfg_call **at)
{
	const struct cfg_call *call = event_call(g, e);
	if (!call)
		return false;
	if (t->match(c, unit, call, t->data)) {
		*at = call;
		return true;
	}
	if (!call->callee || call->callee_in_system_header)
		return false;
	struct strvec seen = STRVEC_INIT;
	strvec_push(&seen, g->function);
	bool found = routine_reaches(c, call->callee, unit, t, depth + 1, &seen, at);
	strvec_clear(&seen);
	return found;
}

/* After event `from` of block `b`: a call of `names` in the rest of the block
 * or in a block reachable from it (exception edges aside). */
static bool follows(const struct check *c, size_t unit, const struct cfg *g, size_t b, size_t from,
		    const struct call_test *t, unsigned depth, const struct cfg_call **at)
{
	for (size_t e = from + 1; e < g->blocks[b].nevents; e++)
		if (event_calls(c, unit, g, &g->blocks[b].events[e], t, depth, at))
			return true;
	unsigned char *mark = alloc_zeroed(g->nblocks + 1, 1);
	int *stack = alloc_zeroed(g->nblocks + 1, sizeof(*stack));
	size_t top = 0;
	bool found = false;
	const struct cfg_block *start = &g->blocks[b];
	for (size_t s = 0; s < start->nsucc - start->nexcept; s++)
		if (start->succ[s] >= 0 && !mark[start->succ[s]]) {
			mark[start->succ[s]] = 1;
			stack[top++] = start->succ[s];
		}
	while (top && !found) {
		const struct cfg_block *blk = &g->blocks[stack[--top]];
		for (size_t e = 0; e < blk->nevents && !found; e++)
			found = event_calls(c, unit, g, &blk->events[e], t, depth, at);
		for (size_t s = 0; s < blk->nsucc - blk->nexcept && !found; s++) {
			int n = blk->succ[s];
			if (n >= 0 && !mark[n]) {
				mark[n] = 1;
				stack[top++] = n;
			}
		}
	}
	free(stack);
	free(mark);
	return found;
}

/* Before event `to` of block `b`: a call of `names` earlier in the block or
 * in a block from which `b` can be reached (exception edges aside). */
static bool precedes(const struct check *c, size_t unit, const struct cfg *g, size_t b, size_t to,
		     const struct call_test *t, unsigned depth)
{
	const struct cfg_call *at;
	for (size_t e = 0; e < to; e++)
		if (event_calls(c, unit, g, &g->blocks[b].events[e], t, depth, &at))
			return true;
	unsigned char *mark = alloc_zeroed(g->nblocks + 1, 1);
	int *stack = alloc_zeroed(g->nblocks + 1, sizeof(*stack));
	size_t top = 0;
	bool found = false;
	mark[b] = 1;
	stack[top++] = (int)b;
	while (top && !found) {
		int into = stack[--top];
		for (size_t p = 0; p < g->nblocks && !found; p++) {
			const struct cfg_block *blk = &g->blocks[p];
			bool edge = false;
			for (size_t s = 0; s < blk->nsucc - blk->nexcept; s++)
				edge |= blk->succ[s] == into;
			if (!edge || mark[p])
				continue;
			mark[p] = 1;
			stack[top++] = (int)p;
			for (size_t e = 0; e < blk->nevents && !found; e++)
				found = event_calls(c, unit, g, &blk->events[e], t, depth, &at);
		}
	}
	free(stack);
	free(mark);
	return found;
}

/* Where a helper was called from: after it returns, its caller goes on from
 * that event, and a call of `first` there still comes too late. */
struct caller_rest {
	size_t unit;
	const struct cfg *g;
	size_t b, e;
	unsigned depth;
	const struct caller_rest *up;
};

/* What one search looks for: a call of `then` that a call of `first` can
 * follow, or (`absent`) one that no call of `first` can follow. */
struct order_search {
	const struct call_test *then, *first;
	bool absent;
	struct unload_order *out;
};

/* `done`: a call of `first` was made before the routine was called, so a
 * `then` call in it keeps the order however `first` is called again later
 * (a second, guarded unregistration in a later helper). `rest`: what the
 * callers do after the call that reached the routine (the unload routine's
 * DeleteDevices() helper, then its UnregisterCallouts()). */
/* The object a method called by `call` acts on, as a prefix ("g_Table."):
 * a global's, or a member of the object the caller's own `this` is; NULL
 * for any other call. */
static char *called_object(const struct cfg_call *call, const char *object)
{
	const struct cfg_place *o = &call->object;
	if (o->root_is_global && o->path && !o->path[strcspn(o->path, "-[*>(")])
		return alloc_printf("%s.", o->path);
	if (o->root_is_this && object && o->path && !strcmp(o->path, "this"))
		return alloc_strdup(object);
	if (o->root_is_this && object && o->path && str_starts_with(o->path, "this->") &&
	    !o->path[6 + strcspn(o->path + 6, "-[*>(")])
		return alloc_printf("%s%s.", object, o->path + 6);
	return NULL;
}

static bool find_in(const struct check *c, const struct order_search *s, size_t unit, size_t index,
		    unsigned depth, bool done, struct strvec *seen, const struct caller_rest *rest,
		    const char *object)
{
	const struct cfg *g = program_function(c->prog, unit, index)->cfg;
	if (!g || depth > ORDER_DEPTH || strvec_contains(seen, g->function))
		return false;
	strvec_push(seen, g->function);
	struct unload_order *out = s->out;
	for (size_t b = 0; b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_call *call = event_call(g, &g->blocks[b].events[e]), *later = NULL;
			if (!call)
				continue;
			if (s->then->object)
				*s->then->object = object;
			if (s->then->match(c, unit, call, s->then->data)) {
				if (!s->absent && (done || precedes(c, unit, g, b, e, s->first, depth)))
					continue;
				bool late = follows(c, unit, g, b, e, s->first, depth, &later);
				for (const struct caller_rest *r = rest; r && !late; r = r->up)
					late = follows(c, r->unit, r->g, r->b, r->e, s->first, r->depth, &later);
				if (late != s->absent) {
					const struct caller_rest *top = rest;
					while (top && top->up)
						top = top->up;
					const struct cfg_call *via = top ? event_call(top->g, &top->g->blocks[top->b].events[top->e])
									 : call;
					out->top_loc = via ? via->loc : call->loc;
					out->top_name = via && via->callee ? via->callee : call->callee;
					out->then_call = call;
					out->then_loc = call->loc;
					out->then_name = call->callee;
					out->then_function = g->function;
					out->first_call = later;
					if (later) {
						out->first_loc = later->loc;
						out->first_name = later->callee;
					}
					return true;
				}
				continue;
			}
			size_t u, i;
			struct caller_rest here = { unit, g, b, e, depth, rest };
			if (!call->callee || call->callee_in_system_header ||
			    !program_resolve_scoped(c->prog, call->callee, call->scope, unit, &u, &i))
				continue;
			char *inner = called_object(call, object);
			bool found = find_in(c, s, u, i, depth + 1,
					     !s->absent && (done || precedes(c, unit, g, b, e, s->first, depth)), seen,
					     &here, inner);
			free(inner);
			if (found)
				return true;
		}
	return false;
}

static bool search(const struct check *c, const struct order_search *s, size_t unit, size_t index)
{
	struct strvec seen = STRVEC_INIT;
	bool found = find_in(c, s, unit, index, 0, false, &seen, NULL, NULL);
	strvec_clear(&seen);
	return found;
}

bool kinds_unload_order_by(const struct check *c, size_t unit, size_t index, const struct call_test *then,
			   const struct call_test *first, struct unload_order *out)
{
	struct order_search s = { then, first, false, out };
	return search(c, &s, unit, index);
}

bool kinds_unload_unfollowed(const struct check *c, size_t unit, size_t index, const struct call_test *then,
			     const struct call_test *after, struct unload_order *out)
{
	struct order_search s = { then, after, true, out };
	return search(c, &s, unit, index);
}

bool kinds_unload_order(const struct check *c, size_t unit, size_t index, const struct strvec *then,
			const struct strvec *first, struct unload_order *out)
{
	struct call_test t = { listed, (void *)then, NULL }, f = { listed, (void *)first, NULL };
	return kinds_unload_order_by(c, unit, index, &t, &f, out);
}
