/* Liveness of the variables facts are kept about: a fact about a variable no
 * later test or use reads is dropped, so paths that differ only in dead
 * variables merge. */
#include "eval/explore.h"

#include <stdlib.h>
#include <string.h>

/* Variable names as facts know them: a plain variable by its name, anything
 * reached through a member or a pointer by its whole path. */
const char *place_key(const struct cfg_place *p)
{
	if (!p->root)
		return NULL;
	if (!p->field && !p->deref && !p->index)
		return p->root;
	return p->path;
}

char *call_key(int call)
{
	/* Made at every call of every explored path: no printf. */
	char digits[24], *k = xmalloc(sizeof(digits) + 2);
	size_t n = 0;
	unsigned v = (unsigned)call;
	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	size_t at = 0;
	if (call < 0)
		k[at++] = '-'; /* never: calls are indices */
	k[at++] = '@';
	while (n)
		k[at++] = digits[--n];
	k[at] = '\0';
	return k;
}

/* Liveness */

static void add_use(struct strvec *live, const char *name)
{
	if (name && !strvec_contains(live, name))
		strvec_push(live, name);
}

static void remove_name(struct strvec *live, const char *name)
{
	for (size_t i = 0; name && i < live->len; i++) {
		if (!strcmp(live->items[i], name)) {
			free(live->items[i]);
			live->items[i] = live->items[--live->len];
			live->items[live->len] = NULL;
			return;
		}
	}
}

static void add_value_uses(struct strvec *live, const struct cfg_value *v)
{
	if (v->kind == VALUE_PLACE || v->kind == VALUE_ADDRESS) {
		add_use(live, place_key(&v->place));
		add_use(live, v->place.root);
	} else if (v->kind == VALUE_CALL) {
		char *k = call_key(v->call);
		add_use(live, k);
		free(k);
	}
}

/* live_in = uses ∪ (live_out − defs), walking the block's events backwards. */
static bool block_transfer(const struct cfg *g, const struct cfg_block *b, struct strvec *live)
{
	if (b->cond.var)
		add_use(live, b->cond.var);
	for (size_t i = b->nevents; i-- > 0;) {
		const struct cfg_event *e = &b->events[i];
		switch (e->kind) {
		case EVENT_CALL: {
			const struct cfg_call *c = &g->calls[e->call];
			char *k = call_key(e->call);
			remove_name(live, k);
			free(k);
			if (c->result.root && !c->result.field && !c->result.deref)
				remove_name(live, c->result.root);
			for (size_t a = 0; a < c->nargs; a++)
				add_value_uses(live, &c->args[a]);
			break;
		}
		case EVENT_ASSIGN:
			remove_name(live, place_key(&e->target));
			add_value_uses(live, &e->value);
			break;
		case EVENT_STORE:
			add_value_uses(live, &e->value);
			add_use(live, e->target.root);
			break;
		case EVENT_ZERO:
			add_use(live, e->target.root);
			break;
		case EVENT_RETURN:
			add_value_uses(live, &e->value);
			break;
		}
	}
	return true;
}

struct liveness *liveness_compute(const struct cfg *g)
{
	struct liveness *l = xcalloc(1, sizeof(*l));
	l->g = g;
	l->live_in = xcalloc(g->nblocks ? g->nblocks : 1, sizeof(*l->live_in));
	for (bool changed = true; changed;) {
		changed = false;
		for (size_t b = g->nblocks; b-- > 0;) {
			const struct cfg_block *blk = &g->blocks[b];
			struct strvec live = STRVEC_INIT;
			for (size_t s = 0; s < blk->nsucc; s++) {
				int succ = blk->succ[s];
				if (succ >= 0)
					for (size_t k = 0; k < l->live_in[succ].len; k++)
						add_use(&live, l->live_in[succ].items[k]);
			}
			block_transfer(g, blk, &live);
			if (live.len != l->live_in[b].len) {
				changed = true;
			} else {
				for (size_t k = 0; k < live.len && !changed; k++)
					changed = !strvec_contains(&l->live_in[b], live.items[k]);
			}
			if (changed || l->live_in[b].len == 0) {
				strvec_clear(&l->live_in[b]);
				l->live_in[b] = live;
			} else {
				strvec_clear(&live);
			}
		}
	}
	return l;
}

void liveness_free(struct liveness *l)
{
	for (size_t b = 0; b < l->g->nblocks; b++)
		strvec_clear(&l->live_in[b]);
	free(l->live_in);
	free(l);
}
