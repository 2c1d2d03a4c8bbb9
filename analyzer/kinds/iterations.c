/* SPDX-License-Identifier: Apache-2.0 */
/* What a loop's earlier iterations acquired, and the loops that release it:
 * the elements of `Devs[i]` are one variable to a path, so which of them a
 * releasing loop reached is decided here from the graph, for DE006. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kinds/iterations.h"
#include "facts/classify.h"
#include "facts/entry.h"
#include "facts/program.h"
#include "kinds/shared.h"
#include "base/alloc.h"
#include "base/hash.h"
#include "base/map.h"

/* Whether the held acquisition at item `at` is the earlier iterations of a
 * loop whose later iteration failed: the path ran its call again later
 * (another instance, eval/evaluate.c), and that run failed; or, when it did
 * not run it again, the path ran again some call the acquisition's frame made
 * up to it (the loop's next iteration, or the next call of the helper that
 * acquires, failing before it reached the acquisition). */
bool kinds_earlier_iterations(const struct path *p, const struct revealed *r, size_t at)
{
	const struct hist_item *a = &p->items[at];
	for (size_t i = at + 1; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind == HIST_CALL && it->event == a->event && it->frame == a->frame && it->site != a->site)
			return revealed_outcome(r, it->site) == OUTCOME_FAILURE;
	}
	struct u64set before = U64SET_INIT;
	for (size_t i = 0; i <= at; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind == HIST_CALL && it->frame == a->frame && it->g == a->g)
			u64set_add(&before, (uintptr_t)it->event | 1);
	}
	bool again = false;
	for (size_t i = at + 1; i < p->len && !again; i++) {
		const struct hist_item *it = &p->items[i];
		again = it->kind == HIST_CALL && it->frame == a->frame && it->g == a->g &&
			u64set_contains(&before, (uintptr_t)it->event | 1);
	}
	u64set_clear(&before);
	return again;
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

/* A release of `pair` inside a loop of `g` that may walk the elements the
 * earlier iterations of acquisition `a` filled (see kinds_release_in_loop). */
static const struct cfg_event *loop_release_in(const struct cfg *g, bool looped, const struct hist_item *a,
					       const struct cleanup_pair *pair, int acquired_in, int ended_in)
{
	for (size_t b = 0; g && b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			if (ev->kind != EVENT_CALL || !(ev->in_loop || looped) ||
			    !pairs_call_releases(pair, &g->calls[ev->call]))
				continue;
			if (acquired_in >= 0 && ended_in >= 0 && releases_each(a, acquired_in, g, ev, pair) &&
			    !reaches(g, ev->each_loop, ended_in, -1))
				continue;
			return ev;
		}
	return NULL;
}

/* The graph of the helper `call` of `g` reaches, or NULL. */
static const struct cfg *callee_graph(const struct check *c, const struct cfg *g, const struct cfg_call *call)
{
	int u = g->file ? program_unit_at(c->prog, g->file) : -1;
	size_t unit, index;
	if (!call || !call->callee || call->callee_in_system_header ||
	    !program_resolve_scoped(c->prog, call->callee, call->scope, u >= 0 ? (size_t)u : c->entry->unit, &unit,
				    &index))
		return NULL;
	return program_function(c->prog, unit, index)->cfg;
}

bool kinds_calls_loop_release(const struct check *c, const struct cfg *g, const struct cfg_call *call,
			      const struct pair_list *pairs)
{
	const struct cfg *h = callee_graph(c, g, call);
	for (size_t b = 0; h && b < h->nblocks; b++)
		for (size_t e = 0; e < h->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &h->blocks[b].events[e];
			for (size_t k = 0; ev->kind == EVENT_CALL && ev->in_loop && k < pairs->len; k++)
				if (pairs_call_releases(&pairs->items[k], &h->calls[ev->call]))
					return true;
		}
	return false;
}

/* A release of `pair` inside a loop of a function the path went through, or
 * anywhere in such a function that another of them calls from inside a loop
 * (`while (i-- > 0) DestroyBank(i);`, once per element): one that may walk
 * the elements the earlier iterations filled, which the path cannot tell
 * apart (all of Devs[i] are one variable to it). A loop that releases every
 * element (releases_each) and that this path, ending in the acquisition's
 * frame where the loop cannot lead, never ran, is none. */
const struct cfg_event *kinds_release_in_loop(const struct check *c, const struct path *p,
					     const struct cleanup_pair *pair, size_t at)
{
	const struct hist_item *a = &p->items[at], *ret = eval_path_return(p);
	int acquired_in = a->event->each_arg ? block_of(a->g, a->event) : -1;
	int ended_in = ret && ret->g == a->g && ret->frame == a->frame ? block_of(a->g, ret->event) : -1;
	struct u64set seen = U64SET_INIT; /* the path's graphs, by address */
	const struct cfg **graphs = alloc_zeroed(p->len + 2, sizeof(*graphs));
	size_t n = 0;
	for (size_t i = 0; i <= p->len; i++) {
		const struct cfg *g = i < p->len ? p->items[i].g : c->fn->cfg;
		if (g && u64set_add(&seen, (uintptr_t)g))
			graphs[n++] = g;
	}
	/* The helpers the path called that release in a loop (their calls are
	 * relevant, kinds_calls_loop_release): their loops ran, maybe releasing
	 * nothing this path can name. */
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		const struct cfg *h = it->kind == HIST_CALL ? callee_graph(c, it->g, event_call(it->g, it->event)) : NULL;
		if (h && u64set_add(&seen, (uintptr_t)h)) {
			graphs = alloc_resize(graphs, (n + 1) * sizeof(*graphs));
			graphs[n++] = h;
		}
	}
	/* Which of them some other calls from inside a loop, and the helpers
	 * they so call (a rollback loop over helpers that found nothing to
	 * release on this path left no item). */
	struct u64set looped = U64SET_INIT;
	size_t path_graphs = n;
	for (size_t k = 0; k < path_graphs; k++) {
		const struct cfg *g = graphs[k];
		for (size_t b = 0; b < g->nblocks; b++)
			for (size_t e = 0; e < g->blocks[b].nevents; e++) {
				const struct cfg_event *ev = &g->blocks[b].events[e];
				const struct cfg *h = ev->kind == EVENT_CALL && ev->in_loop
							      ? callee_graph(c, g, &g->calls[ev->call]) : NULL;
				if (h) {
					u64set_add(&looped, (uintptr_t)h);
					if (u64set_add(&seen, (uintptr_t)h)) {
						graphs = alloc_resize(graphs, (n + 1) * sizeof(*graphs));
						graphs[n++] = h;
					}
				}
			}
	}
	const struct cfg_event *found = NULL;
	for (size_t k = 0; k < n && !found; k++)
		found = loop_release_in(graphs[k], graphs[k] != a->g && u64set_contains(&looped, (uintptr_t)graphs[k]),
					a, pair, acquired_in, ended_in); /* not the acquiring helper's own rollback */
	free(graphs);
	u64set_clear(&seen);
	u64set_clear(&looped);
	return found;
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


/* Whether a call removes an entry from the list whose head is `head`
 * (RemoveHeadList(&g.Rules)). */
static bool removes_from(const struct cfg_call *call, const char *head)
{
	static const char *const removes[] = { "RemoveHeadList", "RemoveTailList", "PopEntryList",
					       "ExInterlockedRemoveHeadList", "ExInterlockedPopEntryList" };
	bool listed = false;
	for (size_t i = 0; i < sizeof(removes) / sizeof(*removes) && !listed; i++)
		listed = kinds_call_named(call, removes[i]);
	const struct cfg_place *p = listed ? kinds_arg_place(call, 1) : NULL;
	const char *key = p ? (p->key ? p->key : p->path) : NULL;
	return key && !strcmp(key, head);
}

/* Whether graph `h`, or a helper it calls (3 deep), empties the list `head`
 * in a loop that releases `pair`: what was inserted there is released. */
static bool drains_in(const struct check *c, const struct cfg *h, const struct cleanup_pair *pair, const char *head,
		      int depth)
{
	bool removes = false, releases = false;
	for (size_t b = 0; h && b < h->nblocks; b++)
		for (size_t e = 0; e < h->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &h->blocks[b].events[e];
			if (ev->kind != EVENT_CALL)
				continue;
			const struct cfg_call *call = &h->calls[ev->call];
			removes |= ev->in_loop && removes_from(call, head);
			releases |= ev->in_loop && pairs_call_releases(pair, call);
			if (depth < 3 && drains_in(c, callee_graph(c, h, call), pair, head, depth + 1))
				return true;
		}
	return removes && releases;
}

/* The global list head the function of acquisition `a` links its entry
 * into (InsertTailList(&g.Rules, &rule->Link) after rule = Alloc(...)), or NULL. */
bool kinds_list_insert(const struct cfg_call *call)
{
	static const char *const inserts[] = { "InsertTailList", "InsertHeadList", "PushEntryList" };
	bool listed = false;
	for (size_t i = 0; i < sizeof(inserts) / sizeof(*inserts) && !listed; i++)
		listed = kinds_call_named(call, inserts[i]);
	return listed && call->nargs == 2 && kinds_arg_place(call, 1) && kinds_arg_place(call, 2);
}

static const char *global_list_scan(const struct hist_item *a)
{
	const struct cfg_call *acq = event_call(a->g, a->event);
	const char *entry = acq ? acq->result.root : NULL;
	for (size_t k = 0; entry && k < a->g->ncalls; k++) {
		const struct cfg_call *call = &a->g->calls[k];
		const struct cfg_place *head = kinds_list_insert(call) ? kinds_arg_place(call, 1) : NULL;
		const struct cfg_place *linked = head ? kinds_arg_place(call, 2) : NULL;
		if (head && head->root_is_global && linked && linked->root && !strcmp(linked->root, entry))
			return head->key ? head->key : head->path;
	}
	return NULL;
}

/* global_list_scan, once per acquisition (its event the memo's key). */
static const char *global_list_of(const struct check *c, const struct hist_item *a)
{
	void **slot = ptrmap_slot(c->memo, a->event);
	if (!*slot) {
		const char **found = alloc_zeroed(1, sizeof(*found));
		*found = global_list_scan(a);
		*ptrmap_slot(c->memo, a->event) = found;
		return *found;
	}
	return *(const char **)*slot;
}

bool kinds_list_drained(const struct check *c, const struct path *p, size_t at, const struct cleanup_pair *pair)
{
	const char *key = global_list_of(c, &p->items[at]);
	for (size_t i = at + 1; key && i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind == HIST_CALL && drains_in(c, callee_graph(c, it->g, event_call(it->g, it->event)), pair, key, 0))
			return true;
	}
	return false;
}

/* Whether event `ev` writes local `root`: an assignment or store to it, or
 * a kit routine given its address for an argument it writes. */
static bool fills_in_loop(const struct cfg *g, const struct cfg_event *ev, const char *root)
{
	if ((ev->kind == EVENT_ASSIGN || ev->kind == EVENT_STORE || ev->kind == EVENT_ZERO) && ev->target.root)
		return !strcmp(ev->target.root, root);
	const struct cfg_call *call = event_call(g, ev);
	for (size_t a = 0; call && a < call->nargs && a < 32; a++)
		if ((call->written_args & (1u << a)) && call->args[a].kind == VALUE_ADDRESS && call->args[a].place.root &&
		    !strcmp(call->args[a].place.root, root))
			return true;
	return false;
}

/* Whether `counter` steps through items in `g`: a loop's `i++` or `i += n`,
 * or the values a walk of a constant table gives it, one per run. */
static bool stepped_counter(const struct cfg *g, const char *counter)
{
	bool assigned = false;
	long long first = 0;
	for (size_t b = 0; b < g->nblocks; b++)
		for (size_t k = 0; k < g->blocks[b].nevents; k++) {
			const struct cfg_event *ev = &g->blocks[b].events[k];
			if (ev->kind != EVENT_ASSIGN || !ev->target.root || strcmp(ev->target.root, counter) ||
			    ev->target.field || ev->target.deref || ev->target.index)
				continue;
			if (ev->compound && (!strcmp(ev->op, "++") || !strcmp(ev->op, "+=")))
				return true;
			if (ev->value.kind != VALUE_CONSTANT)
				continue;
			if (assigned && ev->value.number != first)
				return true;
			assigned = true;
			first = ev->value.number;
		}
	return false;
}

bool kinds_per_item_call(const struct cfg *g, const struct cfg_event *e, const struct cfg_call *call)
{
	/* Given the item a loop picks for each run (`Defaults[i]`, a counted
	 * loop's or a walk's). */
	if (e->each_arg > 0)
		return true;
	for (size_t a = 0; a < call->nargs; a++) {
		const struct cfg_place *pl = &call->args[a].place;
		if (call->args[a].kind == VALUE_PLACE && pl->index && !pl->index_constant && !pl->field &&
		    stepped_counter(g, pl->index))
			return true;
	}
	if (!e->in_loop)
		return false;
	for (size_t a = 0; a < call->nargs; a++) {
		const struct cfg_value *v = &call->args[a];
		bool whole = v->kind == VALUE_PLACE && v->place.root && !v->place.field && !v->place.deref &&
			     !v->place.index;
		/* Or an item the loop fills for each run (RtlInitUnicodeString(&name, p)
		 * before Create(Driver, &name)): a local the loop's body writes. */
		bool local = (v->kind == VALUE_PLACE || v->kind == VALUE_ADDRESS) && v->place.root &&
			     !v->place.root_is_global && !v->place.root_is_param && !v->place.root_is_this;
		for (size_t b = 0; (whole || local) && b < g->nblocks; b++)
			for (size_t k = 0; k < g->blocks[b].nevents; k++) {
				const struct cfg_event *ev = &g->blocks[b].events[k];
				if (whole && ev->kind == EVENT_ASSIGN && ev->compound && ev->target.root &&
				    (!strcmp(ev->op, "++") || !strcmp(ev->op, "+=")) &&
				    !strcmp(ev->target.root, v->place.root))
					return true;
				if (local && ev != e && ev->in_loop && fills_in_loop(g, ev, v->place.root))
					return true;
			}
	}
	return false;
}
