/* SPDX-License-Identifier: Apache-2.0 */
/* What DriverEntry can still return from a point of a path: for a kind that
 * reports only at a return of success, or not at one of failure
 * (kind_ops.success_returns_only, failure_returns_silent), a path whose
 * every way on returns failure, or a variable that holds a
 * failure and that nothing writes before the return, ends there. A routine
 * whose cleanup after a failure runs through many helpers (winfsp: a
 * million states, all of them returning the status that failed) then costs
 * the cleanup's first block. */
#include "eval/explorer.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

/* From a point on, what every return ahead can give: nothing but failure
 * (RET_FAIL: a failure constant or NULL, no return at all; for DriverEntry
 * also `return;` and falling off the end when the kind reports at a success
 * only), the value of one plain local
 * that nothing writes on the way (RET_VAR), or anything. A helper that
 * returns nothing gives its caller an unknown status, which a later test
 * may take as success: anything. */
enum ret_kind { RET_FAIL, RET_VAR, RET_CALL, RET_ANY };

/* RET_CALL: the value of call `call` of the graph, which a following
 * `status = F()` copies into the variable returned. */
struct ret_value {
	enum ret_kind kind;
	const char *var;             /* RET_VAR: its name */
	int call;                    /* RET_CALL */
};

/* Per block of a graph: the value from its first event. */
struct returns {
	bool unknown_fails;          /* DriverEntry's graph, for a kind that reports at a
				      * success only: a return of no status is no success */
	struct ret_value entry[];
};

static const struct ret_value ANY = { RET_ANY, NULL, -1 }, FAIL = { RET_FAIL, NULL, -1 };

/* A variable's value: the name a test or a result gives call N's value
 * ("@N", cfg/conditions.c) is that call's. */
static struct ret_value var_value(const char *name)
{
	if (name[0] == '@' && name[1] >= '0' && name[1] <= '9')
		return (struct ret_value){ RET_CALL, NULL, atoi(name + 1) };
	return (struct ret_value){ RET_VAR, name, -1 };
}

static bool same_var(const struct ret_value *a, const struct ret_value *b)
{
	return a->kind == b->kind &&
	       ((a->kind == RET_VAR && !strcmp(a->var, b->var)) || (a->kind == RET_CALL && a->call == b->call));
}

static struct ret_value meet(struct ret_value a, struct ret_value b)
{
	if (a.kind == RET_FAIL)
		return b;
	if (b.kind == RET_FAIL || same_var(&a, &b))
		return a;
	return ANY;
}

/* A variable whose value at the return a path can know: a plain local,
 * whose address nothing keeps (the explorer's facts follow no such copy). */
static bool plain_local(const struct cfg_place *p)
{
	return p->root && !p->root_is_global && !p->root_is_this && !p->deref && !p->escapes && !p->field &&
	       !p->index && p->path && !strcmp(p->path, p->root);
}

static bool names(const struct cfg_place *p, const char *root)
{
	return p->root && !strcmp(p->root, root);
}

/* Whether a call's arguments give it the address of `root` (a helper then
 * fills it through its parameter). */
static bool given_address(const struct cfg_call *c, const char *root)
{
	for (size_t a = 0; a < c->nargs; a++)
		if (c->args[a].kind == VALUE_ADDRESS && names(&c->args[a].place, root))
			return true;
	return false;
}

/* Whether the event may change `root`, as the explorer sees it: a store to
 * it, the result of a call, or its address given to a call. */
static bool writes(const struct cfg *g, const struct cfg_event *e, const char *root)
{
	if (e->kind == EVENT_ASSIGN || e->kind == EVENT_STORE || e->kind == EVENT_ZERO)
		return names(&e->target, root);
	if (e->kind != EVENT_CALL)
		return false;
	const struct cfg_call *c = &g->calls[e->call];
	return names(&c->result, root) || given_address(c, root);
}

/* The value before event `e`, given the value after it. */
static struct ret_value step_back(const struct returns *r, const struct cfg *g, const struct cfg_event *e,
				  struct ret_value after)
{
	if (e->kind == EVENT_RETURN) {
		const struct cfg_value *v = &e->value;
		if (v->kind == VALUE_UNKNOWN && !v->text)
			return r->unknown_fails ? FAIL : ANY; /* return; */
		if (v->kind == VALUE_NULL ||
		    (v->kind == VALUE_CONSTANT && eval_constant_outcome(v->number) == OUTCOME_FAILURE))
			return FAIL;
		if (v->kind == VALUE_PLACE && plain_local(&v->place))
			return var_value(v->place.root);
		return ANY;
	}
	if (after.kind == RET_CALL)
		return e->kind == EVENT_CALL && e->call == after.call ? ANY : after;
	if (after.kind != RET_VAR || !writes(g, e, after.var))
		return after;
	/* `status = ...` of the variable returned: what it is given. */
	if (e->kind != EVENT_ASSIGN || e->compound || !plain_local(&e->target))
		return ANY;
	const struct cfg_value *v = &e->value;
	if (v->kind == VALUE_NULL ||
	    (v->kind == VALUE_CONSTANT && eval_constant_outcome(v->number) == OUTCOME_FAILURE))
		return FAIL;
	if (v->kind == VALUE_PLACE && plain_local(&v->place))
		return var_value(v->place.root);
	if (v->kind == VALUE_CALL)
		return (struct ret_value){ RET_CALL, NULL, v->call };
	return ANY;
}

/* After the block's last event: what its successors can give. A block
 * without one ends the path (a call that does not return) and gives
 * nothing; the exit is reached by falling off the end. */
static struct ret_value block_out(const struct returns *r, const struct cfg *g, int b)
{
	if (b == g->exit)
		return r->unknown_fails ? FAIL : ANY;
	struct ret_value v = FAIL;
	const struct cfg_block *blk = &g->blocks[b];
	for (size_t i = 0; i < blk->nsucc; i++)
		if (blk->succ[i] >= 0)
			v = meet(v, r->entry[blk->succ[i]]);
	/* A test of whether a plain local succeeded: a path on which it holds
	 * a failure takes the failure successor (the explorer's facts decide
	 * the test), so "it fails now" is enough there when that successor
	 * gives nothing but failure or its value. */
	const struct cfg_cond *c = &blk->cond;
	if (v.kind == RET_FAIL || c->kind != COND_SUCCESS || c->failure_only || !c->var || c->var_global ||
	    blk->nsucc - blk->nexcept != 2 || blk->succ[1] < 0 || strpbrk(c->var, ".-[*>("))
		return v;
	struct ret_value tested = var_value(c->var), failed = r->entry[blk->succ[1]];
	if (failed.kind != RET_FAIL && !same_var(&failed, &tested))
		return v;
	for (size_t i = 2; i < blk->nsucc; i++)
		if (blk->succ[i] >= 0)
			failed = meet(failed, r->entry[blk->succ[i]]); /* exception edges */
	return failed.kind == RET_FAIL ? tested : failed;
}

static struct ret_value from_event(const struct returns *r, const struct cfg *g, int b, size_t event)
{
	const struct cfg_block *blk = &g->blocks[b];
	struct ret_value v = block_out(r, g, b);
	for (size_t i = blk->nevents; i-- > event;)
		v = step_back(r, g, &blk->events[i], v);
	return v;
}

static struct returns *returns_of(struct explorer *x, const struct cfg *g)
{
	void **slot = ptrmap_slot(&x->returns, g);
	if (*slot)
		return *slot;
	struct returns *r = alloc_zeroed(1, sizeof(*r) + (g->nblocks + 1) * sizeof(r->entry[0]));
	r->unknown_fails = g == x->frames[0].g && x->kind->success_returns_only;
	/* Every block starts at the top, RET_FAIL, and values fall (nothing but
	 * failure, one variable, anything); should sweeps not settle within as
	 * many as there are blocks, every block can give anything. */
	bool changed = true;
	for (size_t sweep = 0; changed && sweep <= g->nblocks + 2; sweep++) {
		changed = false;
		for (size_t b = g->nblocks; b-- > 0;) {
			struct ret_value v = from_event(r, g, (int)b, 0);
			bool same = v.kind == r->entry[b].kind &&
				    (v.kind == RET_FAIL || v.kind == RET_ANY || same_var(&v, &r->entry[b]));
			if (!same) {
				r->entry[b] = v;
				changed = true;
			}
		}
	}
	for (size_t b = 0; changed && b < g->nblocks; b++)
		r->entry[b] = ANY;
	*slot = r;
	return r;
}

/* Whether `v`, seen from `frame`, is a failure for sure: nothing but
 * failure, or a variable that holds one. */
static bool fails(struct state *s, int frame, struct ret_value v)
{
	if (v.kind == RET_FAIL || v.kind == RET_ANY)
		return v.kind == RET_FAIL;
	char *name = v.kind == RET_CALL ? liveness_call_name(v.call) : NULL;
	const struct fact *held = state_find_fact(s, frame, name ? name : v.var);
	free(name);
	return held && held->outcome == OUTCOME_FAILURE;
}

/* What a frame's call gives the answer, seen from its caller's point
 * after the call (the same for every path through the frame, so made
 * once): the frame's own answer (LINK_PASS), an answer of its own, or the
 * failure of a variable of the caller (LINK_CHECK). */
enum link_kind { LINK_UNKNOWN, LINK_PASS, LINK_FALSE, LINK_TRUE, LINK_CHECK };

struct ret_link {
	enum link_kind kind;
	struct ret_value v;          /* LINK_CHECK */
};

static const struct ret_link *link_of(struct explorer *x, int frame)
{
	if (!x->ret_links)
		x->ret_links = alloc_zeroed(MAX_FRAMES, sizeof(*x->ret_links));
	struct ret_link *l = &x->ret_links[frame];
	if (l->kind != LINK_UNKNOWN)
		return l;
	const struct frame *f = &x->frames[frame];
	const struct frame *p = &x->frames[f->parent];
	const struct cfg_event *call_event = &p->g->blocks[f->call_block].events[f->call_event];
	const struct cfg_call *c = &p->g->calls[call_event->call];
	struct ret_value v = from_event(returns_of(x, p->g), p->g, f->call_block, f->call_event + 1);
	if (v.kind == RET_CALL && v.call == call_event->call)
		l->kind = LINK_PASS; /* the call's own value: what the frame returns */
	else if (v.kind == RET_VAR && names(&c->result, v.var) && plain_local(&c->result))
		l->kind = given_address(c, v.var) ? LINK_FALSE : LINK_PASS;
	else if (v.kind == RET_VAR && writes(p->g, call_event, v.var))
		l->kind = LINK_FALSE;
	else if (v.kind == RET_FAIL || v.kind == RET_ANY)
		l->kind = v.kind == RET_FAIL ? LINK_TRUE : LINK_FALSE;
	else
		*l = (struct ret_link){ LINK_CHECK, v };
	return l;
}

bool explorer_returns_only_failure(struct explorer *x, struct state *s)
{
	const struct cfg *entry = x->frames[0].g;
	if (!x->kind->success_returns_only && entry->canonical_return_type &&
	    strstr(entry->canonical_return_type, "unsigned"))
		return false; /* every return is of a status it cannot tell (step_return) */
	/* From DriverEntry in: the outermost call whose caller decides the
	 * answer gives it; when every caller passes its callee's status on,
	 * the path's own frame does. */
	int chain[64];
	size_t n = 0;
	for (int k = s->frame; k > 0; k = x->frames[k].parent) {
		if (n == sizeof(chain) / sizeof(*chain))
			return false;
		chain[n++] = k;
	}
	while (n-- > 0) {
		const struct ret_link *l = link_of(x, chain[n]);
		if (l->kind == LINK_CHECK)
			return fails(s, x->frames[chain[n]].parent, l->v);
		if (l->kind != LINK_PASS)
			return l->kind == LINK_TRUE;
	}
	const struct frame *f = &x->frames[s->frame];
	const struct returns *r = returns_of(x, f->g);
	/* Asked at a block's first event: the block's own value. */
	return fails(s, s->frame, s->event ? from_event(r, f->g, s->block, s->event) : r->entry[s->block]);
}
