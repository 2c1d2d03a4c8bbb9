/* SPDX-License-Identifier: Apache-2.0 */
/* Release tails: the end of a function that only frees what it may hold,
 * each under a test that it is not NULL (`fail: if (p0) ExFreePool(p0); if
 * (p1) ... return status;`). Paths reach such a label holding different
 * ones, so their states differ in every pointer the tail tests; for a kind
 * that can tell (kind_ops.guarded_release), a pointer that holds what its
 * test's call undoes ends the path as a NULL one does, and the states merge
 * there (state_seen_before). N failure paths then walk the tail once, not N
 * times. */
#include "eval/explorer.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/map.h"

struct tail {
	const char *var;            /* the pointer tested */
	const struct cfg_call *release; /* the call made when it is not NULL */
	int id;                     /* var's arena number, -1 not looked up yet */
	int next;                   /* the next node's index + 1, 0 at the tail's end */
};

struct tails {
	const struct cfg *g;
	int *at;                    /* per block: the first node of its tail + 1, 0 a tail's end,
				     * -1 no tail */
	unsigned *preds, *link;     /* per block: its predecessors, and those that are a test of
				     * the tail it is in (or the release under it) */
	struct tail *nodes;
	size_t nnodes;
};

/* A block's place in a tail: TAIL_NONE, TAIL_EMPTY (the tail's end: the
 * rest of the function does nothing but return), or the index + 1 of the
 * node its tail starts with. */
enum { TAIL_UNKNOWN = -2, TAIL_VISITING = -3, TAIL_NONE = -1, TAIL_EMPTY = 0 };

/* How deep tail_at may recurse (two frames a guard): a longer tail is not
 * recognized, and its paths walk it as any others, on any thread's stack. */
#define TAIL_MAX_DEPTH 16384

struct tail_builder {
	struct explorer *x;
	const struct cfg *g;
	const struct liveness *live;
	struct tails *t;
	size_t cap;
	unsigned depth;
};

/* A plain local variable, not a member, element or global. */
static bool plain_local(const struct cfg_place *p)
{
	return p->root && !p->field && !p->deref && !p->index && !p->root_is_global && !p->root_is_this;
}

/* An event a tail may hold besides its releases: a constant or NULL stored in
 * a local, a return of a constant or a local. No call: a call may do anything. */
static bool plain_event(const struct cfg_event *e)
{
	bool constant = e->value.kind == VALUE_CONSTANT || e->value.kind == VALUE_NULL;
	if (e->kind == EVENT_ASSIGN)
		return plain_local(&e->target) && !e->compound && constant;
	if (e->kind == EVENT_RETURN)
		return constant || (e->value.kind == VALUE_PLACE && plain_local(&e->value.place));
	return false;
}

static bool plain_block(const struct cfg_block *b)
{
	if (b->nexcept)
		return false;
	for (size_t i = 0; i < b->nevents; i++)
		if (!plain_event(&b->events[i]))
			return false;
	return true;
}

/* The release a guard's TRUE successor makes: one call of a kernel routine
 * (no body to follow) passed `var`, then at most `var = NULL`, and on to
 * `join`. */
static const struct cfg_call *guarded_call(struct tail_builder *tb, const struct cfg_block *z, const char *var,
					   int join)
{
	if (z->nexcept || z->nsucc != 1 || z->succ[0] != join || z->cond.kind != COND_NONE)
		return NULL;
	const struct cfg_call *release = NULL;
	for (size_t i = 0; i < z->nevents; i++) {
		const struct cfg_event *e = &z->events[i];
		if (e->kind == EVENT_CALL && !release) {
			const struct cfg_call *call = &tb->g->calls[e->call];
			bool passed = false;
			for (size_t a = 0; a < call->nargs; a++) {
				const struct cfg_value *v = &call->args[a];
				if (v->kind == VALUE_PLACE && plain_local(&v->place) && !strcmp(v->place.root, var))
					passed = true;
			}
			if (!passed || !call->callee || !(call->callee_in_system_header || call->imported) ||
			    call->noreturn || call->result.root)
				return NULL;
			release = call;
		} else if (!(e->kind == EVENT_ASSIGN && release && plain_local(&e->target) &&
			     !strcmp(e->target.root, var) && e->value.kind == VALUE_NULL)) {
			return NULL;
		}
	}
	if (!release || !tb->x->kind->guarded_release(tb->x->check, release, NULL, var))
		return NULL;
	return release;
}

static int tail_at(struct tail_builder *tb, int block);

/* Whether the nodes from `at` on already test `var`. */
static bool tests_twice(const struct tails *t, int at, const char *var)
{
	for (; at > 0; at = t->nodes[at - 1].next)
		if (!strcmp(t->nodes[at - 1].var, var))
			return true;
	return false;
}

static int tail_of_block(struct tail_builder *tb, int block)
{
	const struct cfg *g = tb->g;
	if (block < 0 || (size_t)block >= g->nblocks)
		return TAIL_NONE;
	if (block == g->exit)
		return TAIL_EMPTY;
	const struct cfg_block *b = &g->blocks[block];
	if (!plain_block(b))
		return TAIL_NONE;
	if (b->cond.kind == COND_NONE && b->nsucc == 1)
		return tail_at(tb, b->succ[0]);
	const struct cfg_cond *c = &b->cond;
	if (c->kind != COND_NONNULL || b->nsucc != 2 || !c->var || c->var_global || c->names.len != 1 ||
	    strcmp(c->names.items[0], c->var) || strpbrk(c->var, ".->[*") || b->succ[0] < 0 || b->succ[1] < 0)
		return TAIL_NONE;
	int join = b->succ[1];
	const struct cfg_call *release = guarded_call(tb, &g->blocks[b->succ[0]], c->var, join);
	if (!release || liveness_holds(tb->live, join, c->var))
		return TAIL_NONE;
	int next = tail_at(tb, join);
	if (next == TAIL_NONE || tests_twice(tb->t, next, c->var))
		return TAIL_NONE;
	tb->t->link[b->succ[0]]++;
	tb->t->link[join] += 2;
	GROW(tb->t->nodes, tb->cap, tb->t->nnodes + 1);
	tb->t->nodes[tb->t->nnodes] = (struct tail){ c->var, release, -1, next };
	return (int)++tb->t->nnodes;
}

/* Memoized; a cycle is no tail. Recursion follows one tail at a time, as
 * deep as it is long, up to TAIL_MAX_DEPTH. */
static int tail_at(struct tail_builder *tb, int block)
{
	if (block < 0 || (size_t)block >= tb->g->nblocks)
		return TAIL_NONE;
	int *memo = &tb->t->at[block];
	if (*memo == TAIL_VISITING)
		return TAIL_NONE;
	if (*memo != TAIL_UNKNOWN)
		return *memo;
	if (tb->depth >= TAIL_MAX_DEPTH)
		return TAIL_NONE;
	*memo = TAIL_VISITING;
	tb->depth++;
	int at = tail_of_block(tb, block);
	tb->depth--;
	return *memo = at;
}

static struct tails *tails_compute(struct explorer *x, const struct cfg *g)
{
	struct tails *t = alloc_zeroed(1, sizeof(*t));
	t->g = g;
	t->at = alloc_bytes((g->nblocks + 1) * sizeof(*t->at));
	t->link = alloc_zeroed(g->nblocks + 1, sizeof(*t->link));
	t->preds = alloc_zeroed(g->nblocks + 1, sizeof(*t->preds));
	for (size_t i = 0; i <= g->nblocks; i++)
		t->at[i] = TAIL_UNKNOWN;
	if (!x->kind->guarded_release)
		return t;
	struct tail_builder tb = { x, g, liveness_of(x, g), t, 0, 0 };
	for (size_t i = 0; i < g->nblocks; i++)
		for (size_t k = 0; k < g->blocks[i].nsucc; k++)
			if (g->blocks[i].succ[k] >= 0 && (size_t)g->blocks[i].succ[k] < g->nblocks)
				t->preds[g->blocks[i].succ[k]]++;
	for (size_t i = 0; i < g->nblocks; i++)
		tail_at(&tb, (int)i);
	return t;
}

/* Per graph and exploration (the kind decides what a release is). */
static struct tails *tails_of(struct explorer *x, const struct cfg *g)
{
	for (size_t i = 0; i < x->ntails; i++)
		if (x->tails[i]->g == g)
			return x->tails[i];
	GROW(x->tails, x->tails_cap, x->ntails + 1);
	return x->tails[x->ntails++] = tails_compute(x, g);
}

void tails_free(struct tails *t)
{
	if (!t)
		return;
	free(t->at);
	free(t->link);
	free(t->preds);
	free(t->nodes);
	free(t);
}

/* A pointer a tail tests, as it ends the path: NULL (0), holding what the
 * test's release undoes (1), or neither (-1: its fact stays in the hash). */
static int tail_pointer(struct explorer *x, const struct state *s, const struct fact *f, const struct tail *n)
{
	if (f->positive || f->nonneg || f->excludes || f->via_this)
		return -1;
	if (f->known_const)
		return f->number == 0 && f->site < 0 ? 0 : -1;
	if (f->site < 0 || f->outcome == OUTCOME_UNKNOWN)
		return -1;
	/* Failed too: a failed acquisition the kind still holds is no NULL. */
	const struct site *st = &x->sites[f->site];
	const struct cfg_call *acquire = &x->frames[st->frame].g->calls[st->call];
	if (st->frame != s->frame || !x->kind->guarded_release(x->check, n->release, acquire, n->var))
		return -1;
	return f->outcome == OUTCOME_SUCCESS;
}

uint64_t tails_sum_adjust(struct explorer *x, const struct state *s)
{
	struct frame *fr = &x->frames[s->frame];
	if (!x->kind->guarded_release || s->event || (fr->this_prefix && !fr->self_name))
		return 0;
	if (!fr->tails)
		fr->tails = tails_of(x, fr->g);
	struct tails *t = fr->tails;
	int at = t->at[s->block];
	/* Only where paths meet from outside the tail's tests: past one, they
	 * merged already. */
	unsigned preds = t->preds[s->block];
	if (at <= 0 || (s->block != fr->g->entry && (preds < 2 || preds <= t->link[s->block])))
		return 0;
	uint64_t delta = 0;
	bool holds = false;
	for (; at > 0; at = t->nodes[at - 1].next) {
		struct tail *n = &t->nodes[at - 1];
		if (n->id < 0)
			n->id = strindex_find(&s->arena->names, n->var);
		const struct fact *f = n->id < 0 ? NULL : state_peek_fact_id(s, s->frame, n->id);
		int kind = f ? tail_pointer(x, s, f, n) : -1;
		if (kind < 0)
			continue;
		delta += state_fact_token(s->frame, n->id) - f->hash;
		holds |= kind == 1;
	}
	return delta + (holds ? 0x2f4a8c9d3b1e5a77ULL : 0);
}
