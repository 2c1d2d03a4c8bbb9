/* SPDX-License-Identifier: Apache-2.0 */
/* Liveness of the variables facts are kept about: a fact about a variable no
 * later test or use reads is dropped, so paths that differ only in dead
 * variables merge. */
#include "eval/explorer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts/reads.h"
#include "base/alloc.h"
#include "base/map.h"

/* Variable names as facts know them: a plain variable by its name, anything
 * reached through a member or a pointer by its whole path. */
const char *liveness_place_name(const struct cfg_place *p)
{
	if (!p->root)
		return NULL;
	if (!p->field && !p->deref && !p->index)
		return p->root;
	return p->key ? p->key : p->path;
}

char *liveness_call_name(int call)
{
	/* Made at every call of every explored path: no printf. */
	char digits[24], *k = alloc_bytes(sizeof(digits) + 2);
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

/* Liveness, as bit sets over the names the graph uses: a state is tested
 * against the live set at every block it reaches, and a DriverEntry with
 * thousands of variables must not pay a scan of them per fact. */

/* Pass one (live == NULL) numbers every name; later passes set and clear bits. */
static void mark_use(struct liveness *l, uint64_t *live, const char *name)
{
	if (!name)
		return;
	int n = strindex_add(&l->names, name);
	if (live)
		live[n / 64] |= 1ULL << (n % 64);
}

static void mark_def(struct liveness *l, uint64_t *live, const char *name)
{
	if (!name)
		return;
	int n = strindex_add(&l->names, name);
	if (live)
		live[n / 64] &= ~(1ULL << (n % 64));
}

static void use_value(struct liveness *l, uint64_t *live, const struct cfg_value *v)
{
	if (v->kind == VALUE_PLACE || v->kind == VALUE_ADDRESS) {
		mark_use(l, live, liveness_place_name(&v->place));
		mark_use(l, live, v->place.root);
	} else if (v->kind == VALUE_CALL) {
		char *k = liveness_call_name(v->call);
		mark_use(l, live, k);
		free(k);
	}
}

/* A helper given a pointer or an address reads what it leads to: the
 * members of that variable stay live (`ctx->Ready = TRUE; Destroy(ctx);`,
 * Destroy testing Ctx->Ready). Not for the system's routines, which read
 * nothing a fact is kept of. */
static void use_members(struct liveness *l, uint64_t *live, const struct cfg_call *c, const struct cfg_value *v)
{
	const struct cfg_place *p = &v->place;
	if (!live || c->callee_in_system_header || !p->root || (v->kind != VALUE_ADDRESS &&
	    (v->kind != VALUE_PLACE || p->field || p->deref || p->index)))
		return;
	int root = strindex_find(&l->names, p->root);
	for (int n = root >= 0 ? l->member_first[root] : -1; n >= 0; n = l->member_next[n])
		live[n / 64] |= 1ULL << (n % 64);
}

/* Links each name that reaches into a variable to that variable's name. */
static void members_link(struct liveness *l)
{
	size_t n = l->names.len;
	l->member_first = alloc_zeroed(n + 1, sizeof(*l->member_first));
	l->member_next = alloc_zeroed(n + 1, sizeof(*l->member_next));
	for (size_t k = 0; k < n; k++)
		l->member_first[k] = l->member_next[k] = -1;
	for (size_t k = 0; k < n; k++) {
		const char *name = l->names.names[k];
		size_t len = strcspn(name, ".-[");
		if (!name[len] || (name[len] == '-' && name[len + 1] != '>'))
			continue;
		char *root = alloc_strndup(name, len);
		int r = strindex_find(&l->names, root);
		free(root);
		if (r < 0 || (size_t)r == k)
			continue;
		l->member_next[k] = l->member_first[r];
		l->member_first[r] = (int)k;
	}
}

/* live_in = uses ∪ (live_out − defs), walking the block's events backwards. */
static void block_transfer(struct liveness *l, const struct cfg_block *b, uint64_t *live)
{
	const struct cfg *g = l->g;
	if (b->cond.var)
		mark_use(l, live, b->cond.var);
	if (b->cond.var2)
		mark_use(l, live, b->cond.var2);
	for (size_t i = b->nevents; i-- > 0;) {
		const struct cfg_event *e = &b->events[i];
		switch (e->kind) {
		case EVENT_CALL: {
			const struct cfg_call *c = &g->calls[e->call];
			char *k = liveness_call_name(e->call);
			mark_def(l, live, k);
			free(k);
			if (c->result.root && !c->result.field && !c->result.deref)
				mark_def(l, live, c->result.root);
			for (size_t a = 0; a < c->nargs; a++) {
				use_value(l, live, &c->args[a]);
				use_members(l, live, c, &c->args[a]);
			}
			break;
		}
		case EVENT_ASSIGN:
			mark_def(l, live, liveness_place_name(&e->target));
			if (e->compound) /* i++ reads i */
				mark_use(l, live, liveness_place_name(&e->target));
			use_value(l, live, &e->value);
			break;
		case EVENT_STORE: {
			/* A member written is numbered, so that a helper given the
			 * pointer can keep it live (use_members); nothing else of
			 * the graph reads it. */
			const char *member = liveness_place_name(&e->target);
			if (!live && member && member != e->target.root)
				strindex_add(&l->names, member);
			use_value(l, live, &e->value);
			mark_use(l, live, e->target.root);
			break;
		}
		case EVENT_ZERO:
			mark_use(l, live, e->target.root);
			break;
		case EVENT_RETURN:
			use_value(l, live, &e->value);
			break;
		}
	}
}

/* Whether some block of `g` can be reached from itself (a loop, a goto
 * back): then a path may run one of its events twice. */
static bool has_cycle(const struct cfg *g)
{
	unsigned char *color = alloc_zeroed(g->nblocks + 1, 1); /* 0 new, 1 on the stack, 2 done */
	size_t *stack = alloc_zeroed(g->nblocks + 1, sizeof(*stack)), *next = alloc_zeroed(g->nblocks + 1, sizeof(*next));
	bool cycle = false;
	for (size_t root = 0; root < g->nblocks && !cycle; root++) {
		if (color[root])
			continue;
		size_t depth = 0;
		stack[depth++] = root;
		color[root] = 1;
		next[root] = 0;
		while (depth && !cycle) {
			size_t b = stack[depth - 1];
			const struct cfg_block *blk = &g->blocks[b];
			if (next[b] == blk->nsucc) {
				color[b] = 2;
				depth--;
				continue;
			}
			int succ = blk->succ[next[b]++];
			if (succ < 0 || (size_t)succ >= g->nblocks || color[succ] == 2)
				continue;
			if (color[succ] == 1) {
				cycle = true;
				break;
			}
			color[succ] = 1;
			next[succ] = 0;
			stack[depth++] = (size_t)succ;
		}
	}
	free(color);
	free(stack);
	free(next);
	return cycle;
}

/* What dies on entering each block: the names live entering one of its
 * predecessors and not live entering it. A fact that was live entering the
 * block a path came from is dropped here only if it is named here; a fact
 * made since is judged on its own (FACT_FRESH). */
static void kills_compute(struct liveness *l)
{
	const struct cfg *g = l->g;
	size_t w = l->nwords, nb = g->nblocks;
	uint64_t *dies = alloc_zeroed((nb ? nb : 1) * (w ? w : 1), sizeof(*dies));
	for (size_t b = 0; b < nb; b++)
		for (size_t s = 0; s < g->blocks[b].nsucc; s++) {
			int succ = g->blocks[b].succ[s];
			if (succ >= 0 && (size_t)succ < nb)
				for (size_t k = 0; k < w; k++)
					dies[(size_t)succ * w + k] |= l->live_in[b * w + k];
		}
	size_t n = 0;
	for (size_t k = 0; k < nb * w; k++) {
		dies[k] &= ~l->live_in[k];
		n += (size_t)__builtin_popcountll(dies[k]);
	}
	l->kill_at = alloc_zeroed(nb + 1, sizeof(*l->kill_at));
	l->kill = alloc_zeroed(n ? n : 1, sizeof(*l->kill));
	n = 0;
	for (size_t b = 0; b < nb; b++) {
		l->kill_at[b] = n;
		for (size_t k = 0; k < w; k++)
			for (uint64_t bits = dies[b * w + k]; bits; bits &= bits - 1)
				l->kill[n++] = (int)(k * 64 + (size_t)__builtin_ctzll(bits));
	}
	l->kill_at[nb] = n;
	free(dies);
}

struct liveness *liveness_compute(const struct cfg *g)
{
	struct liveness *l = alloc_zeroed(1, sizeof(*l));
	l->g = g;
	l->names = (struct strindex)STRINDEX_INIT;
	for (size_t b = 0; b < g->nblocks; b++)
		block_transfer(l, &g->blocks[b], NULL);
	members_link(l);
	size_t w = l->nwords = (l->names.len + 63) / 64;
	l->live_in = alloc_zeroed((g->nblocks ? g->nblocks : 1) * (w ? w : 1), sizeof(*l->live_in));
	uint64_t *live = alloc_zeroed(w ? w : 1, sizeof(*live));
	for (bool changed = true; changed;) {
		changed = false;
		for (size_t b = g->nblocks; b-- > 0;) {
			const struct cfg_block *blk = &g->blocks[b];
			memset(live, 0, w * sizeof(*live));
			for (size_t s = 0; s < blk->nsucc; s++) {
				int succ = blk->succ[s];
				if (succ >= 0)
					for (size_t k = 0; k < w; k++)
						live[k] |= l->live_in[(size_t)succ * w + k];
			}
			block_transfer(l, blk, live);
			if (memcmp(live, &l->live_in[b * w], w * sizeof(*live))) {
				memcpy(&l->live_in[b * w], live, w * sizeof(*live));
				changed = true;
			}
		}
	}
	free(live);
	kills_compute(l);
	l->cyclic = has_cycle(g);
	return l;
}

bool liveness_holds(const struct liveness *l, int block, const char *name)
{
	return liveness_holds_number(l, block, liveness_number(l, name));
}

int liveness_number(const struct liveness *l, const char *name)
{
	return strindex_find(&l->names, name);
}

bool liveness_holds_number(const struct liveness *l, int block, int n)
{
	return n >= 0 && (l->live_in[(size_t)block * l->nwords + (size_t)n / 64] >> (n % 64) & 1);
}

void liveness_free(struct liveness *l)
{
	strindex_clear(&l->names);
	free(l->live_in);
	free(l->kill_at);
	free(l->kill);
	free(l->member_first);
	free(l->member_next);
	free(l);
}

/* Dropping the facts no later test or use can read. */

/* Liveness of a fact's variable in frame `f`, by the fact's arena number. */
static bool live_here(struct frame *f, int block, const struct fact *fact)
{
	size_t id = (size_t)fact->id;
	if (id >= f->nlive_names) {
		size_t n = id + 64;
		f->live_names = alloc_resize(f->live_names, n * sizeof(*f->live_names));
		memset(f->live_names + f->nlive_names, 0, (n - f->nlive_names) * sizeof(*f->live_names));
		f->nlive_names = n;
	}
	if (!f->live_names[id])
		f->live_names[id] = liveness_number(f->live, fact->name) + 2;
	return liveness_holds_number(f->live, block, f->live_names[id] - 2);
}

static bool global_read(struct explorer *x, const struct fact *fact)
{
	size_t id = (size_t)fact->id;
	if (id >= x->nglobal_read) {
		size_t n = id + 64;
		x->global_read = alloc_resize(x->global_read, n);
		memset(x->global_read + x->nglobal_read, 0, n - x->nglobal_read);
		x->nglobal_read = n;
	}
	if (!x->global_read[id]) {
		x->global_read[id] = strindex_find(x->global_reads, fact->name) >= 0 ? 1 : -1;
		reads_note_global_read(fact->name, x->global_read[id] > 0);
	}
	return x->global_read[id] > 0;
}

/* The arena's number for name `n` of the frame's liveness, or -1 while no
 * fact was ever about it. */
static int arena_id_of(struct frame *f, struct arena *a, int n)
{
	if (!f->arena_ids)
		f->arena_ids = alloc_zeroed(f->live->names.len + 1, sizeof(*f->arena_ids));
	int *known = &f->arena_ids[n];
	/* Not in the arena when it held so many names (-known - 1): ask again
	 * only once it holds more. */
	if (*known > 0)
		return *known - 1;
	if (*known < 0 && (size_t)(-*known - 1) == a->names.len)
		return -1;
	int id = strindex_find(&a->names, f->live->names.names[n]);
	*known = id >= 0 ? id + 1 : -(int)a->names.len - 1;
	return id;
}

/* The assignment of `name` the paths from `block` reach first, before any
 * event reads it (breadth first: the nearest), or NULL when some path
 * reaches the function's end, or a read, first. */
static const struct cfg_event *next_assignment(const struct cfg *g, int block, const char *name)
{
	const struct cfg_event *found = NULL;
	bool *seen = alloc_zeroed(g->nblocks + 1, sizeof(*seen));
	int *queue = alloc_zeroed(g->nblocks + 1, sizeof(*queue));
	size_t head = 0, tail = 0;
	bool open = false; /* a path ends without one */
	if (block >= 0 && (size_t)block < g->nblocks) {
		seen[block] = true;
		queue[tail++] = block;
	}
	while (head < tail && !open) {
		const struct cfg_block *b = &g->blocks[queue[head++]];
		bool assigned = false;
		for (size_t e = 0; e < b->nevents && !assigned; e++) {
			const struct cfg_event *ev = &b->events[e];
			assigned = ev->kind == EVENT_ASSIGN && !ev->compound && ev->target.root &&
				   !strcmp(ev->target.root, name) && ev->target.path && !strcmp(ev->target.path, name);
			if (assigned && !found)
				found = ev;
		}
		if (assigned)
			continue;
		if (!b->nsucc)
			open = true;
		for (size_t k = 0; k < b->nsucc; k++) {
			int n = b->succ[k];
			if (n >= 0 && (size_t)n < g->nblocks && !seen[n]) {
				seen[n] = true;
				queue[tail++] = n;
			}
		}
	}
	free(seen);
	free(queue);
	return open ? NULL : found;
}

/* A status no test has looked at, to the kind that judges statuses, dying
 * at a block because every path from there assigns its variable again: it
 * is lost at that assignment (the overwrite would have said so had the fact
 * lived until it). */
static void note_dying_status(struct state *s, const struct frame *f, int frame, int block, const struct fact *fact)
{
	if (!s->arena->loses_dead_statuses || !fact->holds_status || fact->examined || fact->site < 0 ||
	    fact->frame != frame || fact->name[0] == '@')
		return;
	for (size_t i = 0; i < s->nfacts; i++)
		if (&s->facts[i] != fact && s->facts[i].site == fact->site && s->facts[i].holds_status)
			return; /* another variable still holds it */
	const struct cfg_event *e = next_assignment(f->g, block, fact->name);
	if (e)
		state_push_hist(s, (struct hist_item){ .kind = HIST_LOST, .g = f->g, .event = e, .frame = (unsigned)frame,
						       .site = fact->site });
}

/* Entering a block: the facts made since their frame last entered one are
 * judged by liveness (or, for a global, by whether any function reads it);
 * the others were live entering the block the path came from, so only the
 * names dying here can be dead. */
void liveness_drop_dead_facts(struct explorer *x, struct state *s, struct frame *f, int frame, int block)
{
	size_t kept = 0;
	for (size_t k = 0; k < s->nfresh; k++) {
		size_t i = s->fresh[k];
		if (i >= s->nfacts || !(s->facts[i].marks & FACT_FRESH))
			continue;
		struct fact *fact = &s->facts[i];
		if (!fact->via_this && fact->frame != frame && !eval_frame_is_global(fact->frame)) {
			s->fresh[kept++] = i; /* its frame is not entering a block */
			continue;
		}
		fact->marks &= (unsigned char)~FACT_FRESH;
		if (!fact->via_this && ((fact->frame == frame && !live_here(f, block, fact)) ||
					(eval_frame_is_global(fact->frame) && !global_read(x, fact)))) {
			note_dying_status(s, f, frame, block, fact);
			state_drop_fact_at(s, i);
		}
	}
	s->nfresh = kept;
	const struct liveness *l = f->live;
	for (size_t k = l->kill_at[block]; k < l->kill_at[block + 1]; k++) {
		int id = arena_id_of(f, s->arena, l->kill[k]);
		struct fact *fact = id >= 0 ? state_find_fact_id(s, frame, id) : NULL;
		if (fact && !fact->via_this) {
			note_dying_status(s, f, frame, block, fact);
			state_drop_fact_at(s, (size_t)(fact - s->facts));
		}
	}
#ifdef ENTRYCHECK_CHECK_STATE
	/* The sanitizer build's check that the kill lists and fresh facts drop
	 * what a scan of every fact would. */
	for (size_t i = 0; i < s->nfacts; i++) {
		const struct fact *fact = &s->facts[i];
		if (!fact->via_this && ((fact->frame == frame && !live_here(f, block, fact)) ||
					(eval_frame_is_global(fact->frame) && !global_read(x, fact)))) {
			fprintf(stderr, "entrycheck: internal error: a dead fact outlived its block\n");
			abort();
		}
	}
#endif
}
