/* The explorer's state: facts about live variables, the rule's history on
 * the path, and the hash that tells a state seen before. */
#include "eval/explore.h"

#include <stdlib.h>
#include <string.h>


void  state_copy(struct state *to, const struct state *from)
{
	*to = *from;
	to->facts = xcalloc(from->nfacts + 1, sizeof(*to->facts));
	to->facts_cap = from->nfacts + 1;
	if (from->nfacts)
		memcpy(to->facts, from->facts, from->nfacts * sizeof(*to->facts));
}

void  state_release(struct state *s)
{
	free(s->facts);
	memset(s, 0, sizeof(*s));
}

struct fact *find_fact(struct state *s, int frame, const char *name)
{
	/* A state holds few facts (liveness drops the rest): comparing their
	 * names beats hashing the one asked for, at every event of every path. */
	if (!name)
		return NULL;
	for (size_t i = 0; i < s->nfacts; i++) {
		const struct fact *f = &s->facts[i];
		if (f->frame == frame && f->name[0] == name[0] && !strcmp(f->name, name))
			return &s->facts[i];
	}
	return NULL;
}

struct fact *set_fact(struct state *s, int frame, const char *name)
{
	struct fact *f = find_fact(s, frame, name);
	if (f)
		return f;
	GROW(s->facts, s->facts_cap, s->nfacts + 1);
	f = &s->facts[s->nfacts++];
	memset(f, 0, sizeof(*f));
	f->frame = frame;
	f->id = strindex_add(&s->arena->names, name);
	f->name = s->arena->names.names[f->id];
	f->site = -1;
	return f;
}

void  drop_fact_at(struct state *s, size_t i)
{
	s->facts[i] = s->facts[--s->nfacts];
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdULL;
}

static uint64_t item_hash(uint64_t h, const struct hist_item *it)
{
	h = mix(h, (uint64_t)it->kind);
	h = mix(h, (uint64_t)(uintptr_t)it->event);
	h = mix(h, (uint64_t)(uintptr_t)it->cond);
	return mix(h, (uint64_t)it->frame * 31 + (uint64_t)(it->site + 1) * 17 + it->outcome);
}

#define HIST_CHUNK 4096

void  push_hist(struct state *s, struct hist_item item)
{
	/* The same item twice on a path: a loop ran its event again. In a frame
	 * no cycle can enter twice, only the items since this event began (its
	 * own, its callee's: frames made later, numbered higher) can be it. */
	const struct frame *fr = item.frame < MAX_FRAMES ? &s->arena->frames[item.frame] : NULL;
	bool whole = !fr || fr->cyclic;
	for (const struct hist_node *n = s->hist; n; n = n->prev) {
		const struct hist_item *h = &n->item;
		if (!whole && h->frame <= item.frame && (h->frame != item.frame || h->event != item.event))
			break;
		if (h->kind == item.kind && h->event == item.event && h->frame == item.frame &&
		    h->site == item.site && h->outcome == item.outcome && h->cond == item.cond)
			return;
	}
	struct arena *hy = s->arena;
	if (!hy->nchunks || hy->used == HIST_CHUNK) {
		GROW(hy->chunks, hy->chunks_cap, hy->nchunks + 1);
		hy->chunks[hy->nchunks++] = xmalloc(HIST_CHUNK * sizeof(struct hist_node));
		hy->used = 0;
	}
	struct hist_node *n = &hy->chunks[hy->nchunks - 1][hy->used++];
	n->item = item;
	n->prev = s->hist;
	n->path_hash = item_hash(s->hist ? s->hist->path_hash : 1, &item);
	n->summary = 0;
	s->hist = n;
	s->nhist++;
}

struct path state_path(const struct state *s)
{
	struct arena *hy = s->arena;
	GROW(hy->buf, hy->buf_cap, s->nhist + 1);
	size_t i = s->nhist;
	for (const struct hist_node *n = s->hist; n; n = n->prev)
		hy->buf[--i] = n->item;
	return (struct path){ hy->buf, s->nhist, s->widened };
}

void arena_release(struct arena *a)
{
	strindex_clear(&a->names);
	for (size_t i = 0; i < a->nchunks; i++)
		free(a->chunks[i]);
	free(a->chunks);
	free(a->buf);
	memset(a, 0, sizeof(*a));
}

static bool fact_before(const struct fact *x, const struct fact *y)
{
	return x->frame != y->frame ? x->frame < y->frame : x->id < y->id;
}

/* By frame and name: a state's few facts are mostly in order from its last
 * hash (a new one comes last), where an insertion sort costs one pass. */
static void sort_facts(struct fact *facts, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		if (!fact_before(&facts[i], &facts[i - 1]))
			continue;
		struct fact f = facts[i];
		size_t j = i;
		for (; j > 0 && fact_before(&f, &facts[j - 1]); j--)
			facts[j] = facts[j - 1];
		facts[j] = f;
	}
}

/* The summary key's hash, eight bytes at a time: keys are hashed at every
 * block of every path, and only compared, never stored. */
static uint64_t key_hash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
	for (; n >= 8; s += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
	}
	uint64_t w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 32);
}

/* The kind's summary of the state's history, hashed, made once per history
 * node: a path passes many blocks between two relevant events, and the
 * summary reads the whole path (the node is the arena's, so its memo is too).
 * Items the summary does not read share the memo of the newest one it does. */
static uint64_t history_summary(const struct check *c, const struct kind_ops *kind, const struct state *s)
{
	const struct hist_node *read = s->hist;
	while (read && kind->summary_reads && !(kind->summary_reads & HIST_BIT(read->item.kind)))
		read = read->prev;
	uint64_t *memo = read ? &((struct hist_node *)read)->summary : &s->arena->empty_summary;
	if (*memo)
		return *memo;
	struct path p = state_path(s);
	struct strbuf key = STRBUF_INIT;
	kind->summary(c, &p, &key);
	uint64_t h = key_hash(strbuf_str(&key), key.len);
	strbuf_release(&key);
	*memo = h ? h : 1;
	return *memo;
}

/* A state's position and facts, hashed. */
static uint64_t base_hash(struct state *s)
{
	sort_facts(s->facts, s->nfacts);
	uint64_t h = mix(mix(mix(1, (uint64_t)s->frame), (uint64_t)s->block), s->event);
	for (size_t i = 0; i < s->nfacts; i++) {
		const struct fact *f = &s->facts[i];
		h = mix(h, (uint64_t)f->frame);
		h = mix(h, (uint64_t)f->id);
		h = mix(h, (uint64_t)f->outcome * 7 + (uint64_t)(f->site + 1) * 131 + f->examined * 3 +
			       f->holds_status * 5);
		if (f->known_const)
			h = mix(h, (uint64_t)f->number);
		if (f->positive || f->nonneg)
			h = mix(h, f->positive ? 0x5057 : 0x4e4e);
	}
	return h | 1;
}

/* The first state seen with a position and facts, whose history is
 * summarized only when a second one comes. */
struct first_state {
	const struct hist_node *hist;
	size_t nhist;
	bool widened;
	bool summarized;
};

/* The state as far as the rest of the exploration can tell: position, facts,
 * and the history — or, when the kind can summarize it, only what its future
 * findings depend on (what happened earlier on one path or another then
 * merges, which keeps long chains of independent branches linear). A summary
 * replays the whole path, so it is made only for states that share their
 * position and facts with another: only those can merge. */
bool seen_state(struct explorer *x, struct state *s)
{
	uint64_t base = base_hash(s);
	if (!x->kind->summary)
		return !u64set_add(&x->seen, mix(base, s->hist ? s->hist->path_hash : 1));
	void **slot = ptrmap_slot(&x->bases, (const void *)(uintptr_t)base);
	struct first_state *first = *slot;
	if (!first) {
		first = xmalloc(sizeof(*first));
		*first = (struct first_state){ s->hist, s->nhist, s->widened, false };
		*slot = first;
		return false;
	}
	if (!first->summarized) {
		struct state then = { .arena = s->arena, .hist = first->hist, .nhist = first->nhist,
				      .widened = first->widened };
		u64set_add(&x->seen, mix(base, history_summary(x->check, x->kind, &then)));
		first->summarized = true;
	}
	return !u64set_add(&x->seen, mix(base, history_summary(x->check, x->kind, s)));
}
