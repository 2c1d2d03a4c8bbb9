/* SPDX-License-Identifier: Apache-2.0 */
/* System threads the driver starts, and the waits that outlast them
 * (kinds/threads.h). */
#include "kinds/threads.h"

#include <stdlib.h>
#include <string.h>

#include "cfg/cfg.h"
#include "facts/entry.h"
#include "facts/program.h"
#include "kinds/pairs.h"
#include "kinds/shared.h"
#include "base/alloc.h"
#include "base/map.h"

/* PsCreateSystemThread(Handle, Access, Attributes, Process, ClientId,
 * StartRoutine, StartContext). */
#define START_ROUTINE_ARG 5

static bool starts_thread(const struct cfg_call *call)
{
	return call && call->callee && !strcmp(call->callee, "PsCreateSystemThread") &&
	       call->nargs > START_ROUTINE_ARG;
}

bool kinds_thread_routine(const struct check *c, size_t from, const struct cfg_call *call, size_t *unit,
			  size_t *index)
{
	if (!starts_thread(call))
		return false;
	const struct cfg_value *v = &call->args[START_ROUTINE_ARG];
	return v->kind == VALUE_FUNCTION && v->name && program_resolve(c->prog, v->name, from, unit, index) &&
	       program_function(c->prog, *unit, *index)->cfg;
}

bool kinds_call_waits(const struct cfg_call *call)
{
	static const char *const waits[] = { "KeWaitForSingleObject", "KeWaitForMultipleObjects",
					     "ZwWaitForSingleObject", "ZwWaitForMultipleObjects",
					     "NtWaitForSingleObject" };
	for (size_t k = 0; call && call->callee && k < sizeof(waits) / sizeof(*waits); k++)
		if (!strcmp(call->callee, waits[k]))
			return true;
	return false;
}

static void note_start(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e,
		       void *data)
{
	struct thread_routines *t = data;
	size_t u, i;
	const struct cfg_call *call = event_call(g, e);
	if (t->n < THREADS_MAX && e->kind == EVENT_CALL && kinds_thread_routine(c, unit, call, &u, &i)) {
		for (size_t k = 0; k < t->n; k++)
			if (t->unit[k] == u && t->index[k] == i)
				return;
		t->unit[t->n] = u;
		t->index[t->n++] = i;
	}
}

const struct thread_routines *kinds_started_threads(const struct check *c)
{
	static const char key = 0;
	void **slot = ptrmap_slot(c->memo, &key);
	if (!*slot) {
		struct thread_routines *t = alloc_zeroed(1, sizeof(*t));
		kinds_visit_events(c, note_start, t);
		slot = ptrmap_slot(c->memo, &key); /* the visit's lookups may have moved it */
		*slot = t;
	}
	return *slot;
}

/* Whether every path through the routine releases `pair`, directly or in a
 * helper that does on every path of its own. A release under a test (a
 * reference count's last drop) does not count: the thread may leave it to
 * another holder. */
static bool releases_always(const struct check *c, size_t unit, size_t index, const struct cleanup_pair *pair,
			    unsigned depth, unsigned *budget)
{
	const struct cfg *g = program_function(c->prog, unit, index)->cfg;
	/* A bound on the graphs judged: helpers that call each other many
	 * ways must not make one question exponential. */
	if (!g || depth > PROGRAM_HELPER_DEPTH || !*budget)
		return false;
	--*budget;
	size_t n = g->nblocks;
	unsigned char *gen = alloc_zeroed(n + 1, 1), *in = alloc_zeroed(n + 1, 1);
	for (size_t b = 0; b < n; b++) {
		in[b] = 1;
		for (size_t e = 0; e < g->blocks[b].nevents && !gen[b]; e++) {
			const struct cfg_call *call = event_call(g, &g->blocks[b].events[e]);
			size_t u, i;
			gen[b] = call && (pairs_call_releases(pair, call) ||
					  (call->callee && !call->callee_in_system_header &&
					   program_resolve_scoped(c->prog, call->callee, call->scope, unit, &u, &i) &&
					   (u != unit || i != index) && releases_always(c, u, i, pair, depth + 1, budget)));
		}
	}
	in[g->entry] = 0;
	for (bool changed = true; changed;) {
		changed = false;
		for (size_t b = 0; b < n; b++) {
			const struct cfg_block *blk = &g->blocks[b];
			unsigned char out = in[b] | gen[b];
			for (size_t k = 0; k < blk->nsucc - blk->nexcept; k++) {
				int to = blk->succ[k];
				if (to >= 0 && to != g->entry && in[to] && !out) {
					in[to] = 0;
					changed = true;
				}
			}
		}
	}
	bool always = in[g->exit] || gen[g->exit];
	free(gen);
	free(in);
	return always;
}

void kinds_thread_wait(const struct check *c, const struct path *p, struct thread_wait *out)
{
	memset(out, 0, sizeof(*out));
	bool started = false;
	for (size_t k = 0; k < p->len; k++) {
		const struct hist_item *it = &p->items[k];
		const struct cfg_call *call = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
		size_t from;
		if (!call)
			continue;
		if (!started && starts_thread(call) && kinds_graph_unit(c, it->g, &from) &&
		    kinds_thread_routine(c, from, call, &out->unit, &out->index))
			started = true;
		else if (started && kinds_call_waits(call)) {
			out->found = true;
			out->at = k;
		}
	}
}

bool kinds_thread_releases(const struct check *c, const struct thread_wait *w, size_t from,
			   const struct cleanup_pair *pair)
{
	if (!w->found || from >= w->at)
		return false;
	unsigned budget = 256;
	return releases_always(c, w->unit, w->index, pair, 0, &budget);
}
