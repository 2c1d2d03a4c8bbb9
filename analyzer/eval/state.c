/* SPDX-License-Identifier: Apache-2.0 */
/* The explorer's state: facts about live variables, the rule's history on
 * the path, and the hash that tells a state seen before. */
#include "eval/explorer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/hash.h"
#include "base/map.h"
#include "base/strbuf.h"


static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdULL;
}

static size_t *dup_indices(const size_t *from, size_t n, size_t *cap)
{
	*cap = n;
	if (!n)
		return NULL;
	size_t *to = alloc_bytes(n * sizeof(*to));
	memcpy(to, from, n * sizeof(*to));
	return to;
}

void  state_copy(struct state *to, const struct state *from)
{
	*to = *from;
	to->facts = alloc_zeroed(from->nfacts + 1, sizeof(*to->facts));
	to->facts_cap = from->nfacts + 1;
	if (from->nfacts)
		memcpy(to->facts, from->facts, from->nfacts * sizeof(*to->facts));
	to->slots = NULL;
	if (from->nslots) {
		to->slots = alloc_bytes(from->nslots * sizeof(*to->slots));
		memcpy(to->slots, from->slots, from->nslots * sizeof(*to->slots));
	}
	to->sited = NULL;
	if (from->nsited_slots) {
		to->sited = alloc_bytes(from->nsited_slots * sizeof(*to->sited));
		memcpy(to->sited, from->sited, from->nsited_slots * sizeof(*to->sited));
	}
	to->dirty = dup_indices(from->dirty, from->ndirty, &to->dirty_cap);
	to->fresh = dup_indices(from->fresh, from->nfresh, &to->fresh_cap);
}

void  state_release(struct state *s)
{
	free(s->facts);
	free(s->slots);
	free(s->sited);
	free(s->dirty);
	free(s->fresh);
	memset(s, 0, sizeof(*s));
}

/* A file's own frame hashes as the global one: a variable is in one of
 * them, and states hash as they did before files had frames. */
static int hashed_frame(int frame)
{
	return frame < GLOBAL_FRAME ? GLOBAL_FRAME : frame;
}

/* The index: linear probing over (frame, name number). */
#define SMALL_STATE 16

static size_t slot_home(const struct state *s, int frame, int id)
{
	frame = hashed_frame(frame);
	uint64_t k = ((uint64_t)(uint32_t)(frame + 1) << 32 | (uint32_t)id) * 0x9e3779b97f4a7c15ULL;
	return (size_t)(k >> 17) & (s->nslots - 1);
}

static size_t slot_of(const struct state *s, int frame, int id)
{
	for (size_t i = slot_home(s, frame, id);; i = (i + 1) & (s->nslots - 1)) {
		unsigned v = s->slots[i];
		if (!v || (s->facts[v - 1].frame == frame && s->facts[v - 1].id == id))
			return i;
	}
}

static void sited_add(struct state *s, int site);

/* The index and the counts of sites exist from SMALL_STATE facts on: a
 * smaller state is scanned (copying it at a branch allocates once). */
static void index_rebuild(struct state *s, size_t nslots)
{
	bool made = !s->slots;
	free(s->slots);
	s->nslots = nslots;
	s->slots = alloc_zeroed(nslots, sizeof(*s->slots));
	for (size_t i = 0; i < s->nfacts; i++) {
		s->slots[slot_of(s, s->facts[i].frame, s->facts[i].id)] = (unsigned)i + 1;
		if (made && s->facts[i].counted_site >= 0)
			sited_add(s, s->facts[i].counted_site);
	}
}

/* Backward-shift deletion, for both tables below: no tombstones, so a state
 * that drops as many facts as it makes never fills them. The entry at `j`,
 * whose home slot is `home`, moves back into the hole at `i` when its home
 * is not within (i, j] cyclically. */
static bool moves_back(size_t home, size_t i, size_t j)
{
	return (j > i && (home <= i || home > j)) || (j < i && home <= i && home > j);
}

static void slot_remove(struct state *s, size_t i)
{
	size_t mask = s->nslots - 1;
	s->slots[i] = 0;
	for (size_t j = (i + 1) & mask; s->slots[j]; j = (j + 1) & mask) {
		const struct fact *f = &s->facts[s->slots[j] - 1];
		if (moves_back(slot_home(s, f->frame, f->id), i, j)) {
			s->slots[i] = s->slots[j];
			s->slots[j] = 0;
			i = j;
		}
	}
}

/* The counts of sites: linear probing too, an entry leaving when its count
 * does. */
static size_t sited_home(const struct state *s, unsigned site_1)
{
	return (size_t)((site_1 * 0x9e3779b97f4a7c15ULL) >> 17) & (s->nsited_slots - 1);
}

static size_t sited_slot(const struct state *s, unsigned site_1)
{
	size_t i = sited_home(s, site_1);
	while (s->sited[i].site_1 && s->sited[i].site_1 != site_1)
		i = (i + 1) & (s->nsited_slots - 1);
	return i;
}

static void sited_add(struct state *s, int site)
{
	unsigned key = (unsigned)site + 1;
	if (2 * (s->nsited + 1) > s->nsited_slots) {
		struct site_count *old = s->sited;
		size_t n = s->nsited_slots;
		s->nsited_slots = n ? 2 * n : 16;
		s->sited = alloc_zeroed(s->nsited_slots, sizeof(*s->sited));
		for (size_t k = 0; k < n; k++)
			if (old[k].site_1)
				s->sited[sited_slot(s, old[k].site_1)] = old[k];
		free(old);
	}
	size_t i = sited_slot(s, key);
	if (!s->sited[i].site_1) {
		s->sited[i].site_1 = key;
		s->nsited++;
	}
	s->sited[i].count++;
}

static void sited_remove(struct state *s, int site)
{
	size_t mask = s->nsited_slots - 1, i = sited_slot(s, (unsigned)site + 1);
	if (--s->sited[i].count)
		return;
	s->sited[i].site_1 = 0;
	s->nsited--;
	for (size_t j = (i + 1) & mask; s->sited[j].site_1; j = (j + 1) & mask) {
		if (moves_back(sited_home(s, s->sited[j].site_1), i, j)) {
			s->sited[i] = s->sited[j];
			s->sited[j] = (struct site_count){ 0, 0 };
			i = j;
		}
	}
}

unsigned state_site_fact_count(const struct state *s, int site)
{
	if (site < 0)
		return 0;
	if (!s->nslots) {
		unsigned n = 0;
		for (size_t i = 0; i < s->nfacts; i++)
			n += s->facts[i].counted_site == site;
		return n;
	}
	if (!s->nsited_slots)
		return 0;
	return s->sited[sited_slot(s, (unsigned)site + 1)].count;
}

static void push_index(size_t **list, size_t *n, size_t *cap, size_t i)
{
	GROW(*list, *cap, *n + 1);
	(*list)[(*n)++] = i;
}

void state_touch_fact(struct state *s, struct fact *f)
{
	if (f->marks & FACT_DIRTY)
		return;
	f->marks |= FACT_DIRTY;
	push_index(&s->dirty, &s->ndirty, &s->dirty_cap, (size_t)(f - s->facts));
}

/* The index + 1 of the fact about (frame, id), 0 when there is none. */
static size_t fact_at(const struct state *s, int frame, int id)
{
	if (id < 0)
		return 0;
	if (!s->nslots) {
		for (size_t i = 0; i < s->nfacts; i++)
			if (s->facts[i].id == id && s->facts[i].frame == frame)
				return i + 1;
		return 0;
	}
	return s->slots[slot_of(s, frame, id)];
}

struct fact *state_find_fact_id(struct state *s, int frame, int id)
{
	size_t i = fact_at(s, frame, id);
	if (!i)
		return NULL;
	state_touch_fact(s, &s->facts[i - 1]);
	return &s->facts[i - 1];
}

const struct fact *state_peek_fact_id(const struct state *s, int frame, int id)
{
	size_t i = fact_at(s, frame, id);
	return i ? &s->facts[i - 1] : NULL;
}

struct fact *state_find_fact(struct state *s, int frame, const char *name)
{
	if (!name || !s->nfacts)
		return NULL;
	/* A state mostly holds few facts: comparing their names beats hashing
	 * the one asked for. */
	if (s->nfacts <= SMALL_STATE) {
		for (size_t i = 0; i < s->nfacts; i++) {
			struct fact *f = &s->facts[i];
			if (f->frame == frame && f->name[0] == name[0] && !strcmp(f->name, name)) {
				state_touch_fact(s, f);
				return f;
			}
		}
		return NULL;
	}
	return state_find_fact_id(s, frame, strindex_find(&s->arena->names, name));
}

struct fact *state_set_fact(struct state *s, int frame, const char *name)
{
	struct fact *f = state_find_fact(s, frame, name);
	if (f)
		return f;
	int id = strindex_add(&s->arena->names, name);
	if (s->nfacts + 1 > SMALL_STATE && 2 * (s->nfacts + 1) > s->nslots)
		index_rebuild(s, s->nslots ? 2 * s->nslots : 4 * SMALL_STATE);
	GROW(s->facts, s->facts_cap, s->nfacts + 1);
	size_t i = s->nfacts++;
	f = &s->facts[i];
	memset(f, 0, sizeof(*f));
	f->frame = frame;
	f->id = id;
	f->name = s->arena->names.names[id];
	f->site = -1;
	f->counted_site = -1;
	if (s->nslots)
		s->slots[slot_of(s, frame, id)] = (unsigned)i + 1;
	f->marks = FACT_FRESH;
	push_index(&s->fresh, &s->nfresh, &s->fresh_cap, i);
	state_touch_fact(s, f);
	return f;
}

bool state_names_member(const char *k, const char *object)
{
	size_t n = strlen(object);
	return n && !strncmp(k, object, n) && (k[n] == '.' || k[n] == '[' || (k[n] == '-' && k[n + 1] == '>'));
}

void state_forget_members(struct state *s, int frame, const char *name)
{
	for (size_t i = s->nfacts; name && i-- > 0;)
		if (s->facts[i].frame == frame && state_names_member(s->facts[i].name, name))
			state_drop_fact_at(s, i);
}

void  state_drop_fact_at(struct state *s, size_t i)
{
	struct fact *f = &s->facts[i];
	s->sum -= f->hash;
	s->nflags -= f->counted_flag;
	if (f->counted_site >= 0 && s->nslots)
		sited_remove(s, f->counted_site);
	if (s->nslots)
		slot_remove(s, slot_of(s, f->frame, f->id));
	size_t last = --s->nfacts;
	if (i == last)
		return;
	*f = s->facts[last];
	if (s->nslots)
		s->slots[slot_of(s, f->frame, f->id)] = (unsigned)i + 1;
	if (f->marks & FACT_DIRTY)
		push_index(&s->dirty, &s->ndirty, &s->dirty_cap, i);
	if (f->marks & FACT_FRESH)
		push_index(&s->fresh, &s->nfresh, &s->fresh_cap, i);
}

/* A fact that knows nothing of its variable (an unknown value stored, with
 * no call behind it) says what no fact says: it does not tell states apart,
 * as paths that stored some unknown value in a field and paths that did not
 * are the same to every test. */
static bool knows_nothing(const struct fact *f, int site)
{
	return site < 0 && f->outcome == OUTCOME_UNKNOWN && !f->holds_status && !f->examined && !f->known_const &&
	       !f->positive && !f->nonneg && !f->excludes && !f->kernel_status && !f->ones && !f->zeros;
}

uint64_t state_fact_hash_as(const struct fact *f, int site)
{
	if (knows_nothing(f, site))
		return 0;
	uint64_t h = mix(0x243f6a8885a308d3ULL, (uint64_t)hashed_frame(f->frame));
	h = mix(h, (uint64_t)f->id);
	h = mix(h, (uint64_t)f->outcome * 7 + (uint64_t)(site + 1) * 131 + f->examined * 3 +
			   f->holds_status * 5 + (uint64_t)f->earlier_run * 0x9e37 +
			   (uint64_t)f->kept_if_failed * 0x4b49);
	if (f->known_const)
		h = mix(h, (uint64_t)f->number);
	if (f->positive || f->nonneg)
		h = mix(h, f->positive ? 0x5057 : 0x4e4e);
	if (f->excludes)
		h = mix(h, (uint64_t)f->excluded ^ 0x4558434cULL);
	if (f->kernel_status)
		h = mix(h, 0x4b535453ULL);
	if (f->ones || f->zeros)
		h = mix(mix(h, f->ones ^ 0x4f4e4553ULL), f->zeros);
	return mix(h, 0x13198a2e03707344ULL);
}

static uint64_t fact_hash(const struct fact *f)
{
	return state_fact_hash_as(f, f->site);
}

uint64_t state_fact_token(int frame, int id)
{
	return mix(mix(0x452821e638d01377ULL, (uint64_t)hashed_frame(frame)), (uint64_t)id);
}

void state_flush(struct state *s)
{
	for (size_t k = 0; k < s->ndirty; k++) {
		size_t i = s->dirty[k];
		if (i >= s->nfacts || !(s->facts[i].marks & FACT_DIRTY))
			continue;
		struct fact *f = &s->facts[i];
		f->marks &= (unsigned char)~FACT_DIRTY;
		s->sum -= f->hash;
		f->hash = fact_hash(f);
		s->sum += f->hash;
		s->nflags -= f->counted_flag;
		f->counted_flag = f->site < 0 && !f->holds_status;
		s->nflags += f->counted_flag;
		if (f->counted_site != f->site) {
			if (f->counted_site >= 0 && s->nslots)
				sited_remove(s, f->counted_site);
			if (f->site >= 0 && s->nslots)
				sited_add(s, f->site);
			f->counted_site = f->site;
		}
	}
	s->ndirty = 0;
}

static uint64_t item_hash(uint64_t h, const struct hist_item *it)
{
	h = mix(h, (uint64_t)it->kind);
	h = mix(h, (uint64_t)(uintptr_t)it->event);
	h = mix(h, (uint64_t)(uintptr_t)it->cond);
	return mix(h, (uint64_t)it->frame * 31 + (uint64_t)(it->site + 1) * 17 + it->outcome);
}

#define HIST_CHUNK 4096

void  state_push_hist(struct state *s, struct hist_item item)
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
		hy->chunks[hy->nchunks++] = alloc_bytes(HIST_CHUNK * sizeof(struct hist_node));
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
	/* A path merging is summarized, then checked: laid out once, and only
	 * from where it leaves the path laid out last (the paths summarized one
	 * after another share most of their history: a node stands for all of
	 * its own). */
	if (hy->buf_of != s->hist || hy->buf_len != s->nhist) {
		GROW(hy->buf, hy->buf_cap, s->nhist + 1);
		GROW(hy->buf_nodes, hy->buf_nodes_cap, s->nhist + 1);
		size_t i = s->nhist;
		for (const struct hist_node *n = s->hist; n; n = n->prev) {
			if (--i < hy->buf_len && hy->buf_nodes[i] == n)
				break;
			hy->buf[i] = n->item;
			hy->buf_nodes[i] = n;
		}
		hy->buf_of = s->hist;
		hy->buf_len = s->nhist;
	}
	return (struct path){ hy->buf, s->nhist, hy->frames, s->widened };
}

void state_arena_release(struct arena *a)
{
	strindex_clear(&a->names);
	strindex_clear(&a->members);
	free(a->member_tested);
	for (size_t i = 0; i < a->nchunks; i++)
		free(a->chunks[i]);
	free(a->chunks);
	for (size_t i = 0; i < a->ndchunks; i++)
		free(a->dchunks[i]);
	free(a->dchunks);
	free(a->buf);
	free(a->buf_nodes);
	memset(a, 0, sizeof(*a));
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

#ifdef ENTRYCHECK_CHECK_STATE
/* The sanitizer build's check that what the state keeps up to date (the
 * index, the sum, the counts) equals what a scan of its facts gives. */
static void state_check(const struct state *s)
{
	uint64_t sum = 0;
	size_t flags = 0;
	for (size_t i = 0; i < s->nfacts; i++) {
		const struct fact *f = &s->facts[i];
		unsigned same = 0;
		bool twice = false;
		for (size_t j = 0; j < s->nfacts; j++) {
			same += s->facts[j].site == f->site;
			twice |= j != i && s->facts[j].frame == f->frame && s->facts[j].id == f->id;
		}
		sum += fact_hash(f);
		flags += f->site < 0 && !f->holds_status;
		if (twice || (s->nslots && s->slots[slot_of(s, f->frame, f->id)] != i + 1) || f->marks & FACT_DIRTY ||
		    (f->site >= 0 && same != state_site_fact_count(s, f->site))) {
			fprintf(stderr, "entrycheck: internal error: the state's index or counts are out of date\n");
			abort();
		}
	}
	if (sum != s->sum || flags != s->nflags) {
		fprintf(stderr, "entrycheck: internal error: the state's hash is out of date\n");
		abort();
	}
}
#endif

/* A state's position and facts, hashed; `delta` is added to their sum (see tails_sum_adjust,
 * frames_instances_adjust). */
static uint64_t base_hash(struct state *s, uint64_t delta)
{
	state_flush(s);
#ifdef ENTRYCHECK_CHECK_STATE
	state_check(s);
#endif
	uint64_t h = mix(mix(mix(1, (uint64_t)s->frame), (uint64_t)s->block), s->event);
	/* A path that forgot nothing never merges into one that did, nor one
	 * that guessed nothing into one that did: its findings need no replay
	 * (confirm.c), and may confirm what the other could not. */
	return mix(mix(h, s->widened + 2 * (s->guess != NULL) + 4 * (s->guess_test != NULL)), s->sum + delta) | 1;
}

static struct first_state *first_state_slot(struct first_states *t, uint64_t base)
{
	if (2 * (t->len + 1) > t->cap) {
		struct first_states bigger = { NULL, t->cap ? 2 * t->cap : 1024, t->len };
		bigger.slots = alloc_zeroed(bigger.cap, sizeof(*bigger.slots));
		for (size_t k = 0; k < t->cap; k++)
			if (t->slots[k].base)
				*first_state_slot(&bigger, t->slots[k].base) = t->slots[k];
		free(t->slots);
		*t = bigger;
	}
	size_t mask = t->cap - 1, i = (size_t)(base >> 7) & mask;
	while (t->slots[i].base && t->slots[i].base != base)
		i = (i + 1) & mask;
	return &t->slots[i];
}

void state_first_seen_clear(struct first_states *t)
{
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

/* The state as far as the rest of the exploration can tell: position, facts,
 * and the history — or, when the kind can summarize it, only what its future
 * findings depend on (what happened earlier on one path or another then
 * merges, which keeps long chains of independent branches linear). A summary
 * replays the whole path, so it is made only for states that share their
 * position and facts with another: only those can merge. */
bool state_seen_before(struct explorer *x, struct state *s, bool *new_facts)
{
	state_flush(s);
	uint64_t base = base_hash(s, tails_sum_adjust(x, s) + frames_instances_adjust(x, s));
	*new_facts = false;
	if (!x->kind->summary)
		return !u64set_add(&x->seen, mix(base, s->hist ? s->hist->path_hash : 1));
	struct first_state *first = first_state_slot(&x->bases, base);
	if (!first->base) {
		*first = (struct first_state){ base, s->hist, (uint32_t)s->nhist, s->widened, false };
		x->bases.len++;
		*new_facts = true;
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

void state_mark_earlier_runs_of(struct state *s, struct fact *f)
{
	if (f && !f->earlier_run) {
		state_touch_fact(s, f);
		f->earlier_run = true;
	}
}

void state_mark_earlier_runs(struct state *s, int site)
{
	for (size_t i = 0; site >= 0 && i < s->nfacts; i++)
		if (s->facts[i].site == site && !s->facts[i].earlier_run) {
			state_touch_fact(s, &s->facts[i]);
			s->facts[i].earlier_run = true;
		}
}

static uint64_t field_bit(const char *field)
{
	return 1ULL << (hash_bytes(field, strlen(field), 0) & 63);
}

void state_note_kept_field(struct state *s, const char *field)
{
	s->kept_fields |= field_bit(field);
}

bool state_kept_field(const struct state *s, const char *field)
{
	return (s->kept_fields & field_bit(field)) != 0;
}
