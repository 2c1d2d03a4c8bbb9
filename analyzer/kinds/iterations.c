/* SPDX-License-Identifier: Apache-2.0 */
/* What a loop's earlier iterations acquired, and the loops that release it:
 * the elements of `Devs[i]` are one variable to a path, so which of them a
 * releasing loop reached is decided here from the graph, for DE006. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kinds/iterations.h"
#include "facts/entry.h"
#include "kinds/shared.h"
#include "base/alloc.h"
#include "base/hash.h"
#include "base/map.h"

/* Whether the held acquisition at item `at` is the earlier iterations of a
 * loop whose later iteration failed: the path ran its call again later
 * (another instance, eval/evaluate.c), and that run failed. */
bool kinds_earlier_iterations(const struct path *p, const struct revealed *r, size_t at)
{
	const struct hist_item *a = &p->items[at];
	for (size_t i = at + 1; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind == HIST_CALL && it->event == a->event && it->frame == a->frame && it->site != a->site)
			return revealed_outcome(r, it->site) == OUTCOME_FAILURE;
	}
	return false;
}

/* The array an element-wise call acts on ("devs[*]"): its argument's key. */
static const char *each_array(const struct cfg *g, const struct cfg_event *e)
{
	const struct cfg_place *pl = &g->calls[e->call].args[e->each_arg - 1].place;
	return pl->key ? pl->key : pl->path;
}

/* The block of `g` that holds event `e`, or -1. */
static int block_of(const struct cfg *g, const struct cfg_event *e)
{
	for (size_t b = 0; b < g->nblocks; b++)
		if (e >= g->blocks[b].events && e < g->blocks[b].events + g->blocks[b].nevents)
			return (int)b;
	return -1;
}

/* Whether block `to` can be reached from `from` (without passing `avoid`). */
static bool reaches(const struct cfg *g, int from, int to, int avoid)
{
	if (from < 0 || from == avoid)
		return false;
	unsigned char *seen = alloc_zeroed(g->nblocks, 1);
	int *stack = alloc_zeroed(g->nblocks + 1, sizeof(*stack));
	size_t top = 0;
	bool found = from == to;
	seen[from] = 1;
	stack[top++] = from;
	while (top && !found) {
		const struct cfg_block *blk = &g->blocks[stack[--top]];
		for (size_t s = 0; s < blk->nsucc && !found; s++) {
			int n = blk->succ[s];
			if (n < 0 || n == avoid || seen[n])
				continue;
			found = n == to;
			seen[n] = 1;
			stack[top++] = n;
		}
	}
	free(stack);
	free(seen);
	return found;
}

/* Whether `ev`, a call of `g`, the function of acquisition item `a` (made at
 * block `acquired_in`), releases `pair` on element [i] of the same array in
 * a counted loop that covers the acquiring loop's counter values, on every
 * iteration that finds the element set, and cannot run before it. */
static bool releases_each(const struct hist_item *a, int acquired_in, const struct cfg *g,
			  const struct cfg_event *ev, const struct cleanup_pair *pair)
{
	return a->g == g && a->event->each_arg && ev->kind == EVENT_CALL && ev->each_arg && ev->each_every &&
	       ev->each_first <= a->event->each_first && ev->each_last >= a->event->each_last &&
	       !strcmp(each_array(g, ev), each_array(g, a->event)) && pairs_call_releases(pair, &g->calls[ev->call]) &&
	       !reaches(g, ev->each_loop, acquired_in, -1);
}

/* Whether the acquisition at item `at`, a call of a counted loop on element
 * [i] of an array, is released with every element: in the same function and
 * frame, such a loop (releases_each) runs on this path after it (a later item
 * of the frame lies where only a path through the loop arrives). The path
 * itself cannot tell the elements apart. */
bool kinds_released_each(const struct path *p, size_t at, const struct cleanup_pair *pair)
{
	const struct hist_item *a = &p->items[at];
	const struct cfg *g = a->g;
	int acquired_in = a->event->each_arg ? block_of(g, a->event) : -1;
	if (acquired_in < 0)
		return false;
	for (size_t b = 0; b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			if (!releases_each(a, acquired_in, g, ev, pair))
				continue;
			for (size_t i = at + 1; i < p->len; i++) {
				const struct hist_item *it = &p->items[i];
				int later = it->g == g && it->frame == a->frame ? block_of(g, it->event) : -1;
				if (later >= 0 && !reaches(g, g->entry, later, ev->each_loop))
					return true;
			}
		}
	return false;
}

/* A release of `pair` inside a loop of a function the path went through:
 * one that may walk the elements the earlier iterations filled, which the
 * path cannot tell apart (all of Devs[i] are one variable to it). A loop that
 * releases every element (releases_each) and that this path, ending in the
 * acquisition's frame where the loop cannot lead, never ran, is none. */
const struct cfg_event *kinds_release_in_loop(const struct check *c, const struct path *p,
					     const struct cleanup_pair *pair, size_t at)
{
	const struct hist_item *a = &p->items[at], *ret = eval_path_return(p);
	int acquired_in = a->event->each_arg ? block_of(a->g, a->event) : -1;
	int ended_in = ret && ret->g == a->g && ret->frame == a->frame ? block_of(a->g, ret->event) : -1;
	for (size_t i = 0; i <= p->len; i++) {
		const struct cfg *g = i < p->len ? p->items[i].g : c->fn->cfg;
		for (size_t b = 0; g && b < g->nblocks; b++)
			for (size_t e = 0; e < g->blocks[b].nevents; e++) {
				const struct cfg_event *ev = &g->blocks[b].events[e];
				if (ev->kind != EVENT_CALL || !ev->in_loop || !pairs_call_releases(pair, &g->calls[ev->call]))
					continue;
				if (acquired_in >= 0 && ended_in >= 0 && releases_each(a, acquired_in, g, ev, pair) &&
				    !reaches(g, ev->each_loop, ended_in, -1))
					continue;
				return ev;
			}
		while (i + 1 < p->len && p->items[i + 1].g == g)
			i++; /* the same function again */
	}
	return NULL;
}

/* Whether the path ran some call of one frame twice (a loop's later
 * iteration): only then can a held acquisition be an earlier iteration's,
 * and straight-line paths skip asking it of every acquisition. */
bool kinds_path_repeats_a_call(const struct path *p)
{
	struct u64set seen = U64SET_INIT;
	bool repeats = false;
	for (size_t i = 0; i < p->len && !repeats; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind != HIST_CALL)
			continue;
		const void *key[2] = { it->event, (const void *)(uintptr_t)it->frame };
		unsigned long long h = hash_bytes(key, sizeof(key), 0) | 1;
		repeats = !u64set_add(&seen, h);
	}
	u64set_clear(&seen);
	return repeats;
}

