/* SPDX-License-Identifier: Apache-2.0 */
/* The explorer's frames (one per inlined call of a helper) and sites (one
 * per relevant call of a frame, and one more for its later runs in a loop):
 * what the history items name. */
#include "eval/explorer.h"

#include <stdlib.h>
#include <string.h>

#include "facts/entry.h"
#include "facts/program.h"
#include "eval/history.h"
#include "base/alloc.h"
#include "base/str.h"

static int new_site(struct explorer *x, int frame, int call)
{
	GROW(x->sites, x->sites_cap, x->nsites + 1);
	x->sites[x->nsites] = (struct site){ frame, call, (int)x->nsites };
	return (int)x->nsites++;
}

int frames_site_of(struct explorer *x, int frame, int call)
{
	struct frame *f = &x->frames[frame];
	if (!f->sites)
		f->sites = alloc_zeroed(f->g->ncalls + 1, sizeof(*f->sites));
	if (!f->sites[call])
		f->sites[call] = new_site(x, frame, call) + 1;
	return f->sites[call] - 1;
}

/* The site of a relevant call run on this path: in a frame a cycle can
 * enter, a call the path made already (a loop's earlier iteration) is
 * another instance: what it acquired stays apart from what this run
 * acquires or fails to. All later runs share that second site, so a path
 * holds each call at most twice. */
int frames_site_on_path(struct explorer *x, const struct state *s, int frame, int call)
{
	int site = frames_site_of(x, frame, call);
	struct frame *f = &x->frames[frame];
	if (!f->cyclic)
		return site;
	bool ran = false;
	for (const struct hist_node *n = s->hist; n && !ran; n = n->prev)
		ran = n->item.kind == HIST_CALL && n->item.frame == (unsigned)frame && n->item.site == site;
	if (!ran)
		return site;
	if (!f->again)
		f->again = alloc_zeroed(f->g->ncalls + 1, sizeof(*f->again));
	if (!f->again[call]) {
		f->again[call] = new_site(x, frame, call) + 1;
		x->sites[f->again[call] - 1].first = site;
		GROW(x->again_sites, x->again_cap, x->nagain + 1);
		x->again_sites[x->nagain++] = f->again[call] - 1;
	}
	return f->again[call] - 1;
}

/* The site of the last run of `e` in `frame` the path recorded, or -1. */
int frames_site_recorded(const struct state *s, int frame, const struct cfg_event *e)
{
	for (const struct hist_node *n = s->hist; n; n = n->prev)
		if (n->item.kind == HIST_CALL && n->item.frame == (unsigned)frame && n->item.event == e)
			return n->item.site;
	return -1;
}

/* What `this->` stands for in a method called as `c` from frame `parent`. */
static void bind_this(struct explorer *x, struct frame *f, int parent, const struct cfg_call *c)
{
	const struct cfg_place *o = &c->object;
	const char *sep = c->object_arrow ? "->" : ".";
	if (!o->root || !o->path)
		return;
	if (o->root_is_this) {
		/* this->m_Inner.Init() from a method: the caller's object, one member deeper. */
		const struct frame *p = &x->frames[parent];
		if (!p->this_prefix)
			return;
		const char *rest = str_starts_with(o->path, "this->") ? o->path + strlen("this->") : "";
		f->this_prefix = *rest ? alloc_printf("%s%s%s", p->this_prefix, rest, sep) : alloc_strdup(p->this_prefix);
		f->this_frame = p->this_frame;
		return;
	}
	f->this_prefix = alloc_printf("%s%s", o->path, sep);
	f->this_frame = o->root_is_global ? GLOBAL_FRAME : parent;
}

/* What each pointer parameter's members stand for: a helper given `&g.Port`
 * (or a parameter its caller was given so) acts on g.Port, so the handle a
 * call fills through the parameter (`&Port->Handle`) is the one the caller
 * and the routines called after it test and release (state_resolve_filled). */
static void bind_params(struct explorer *x, struct frame *f, int parent, const struct cfg_call *c)
{
	const struct frame *p = &x->frames[parent];
	size_t n = c->nargs < f->g->nparams ? c->nargs : f->g->nparams;
	for (size_t i = 0; i < n; i++) {
		const struct cfg_value *arg = &c->args[i];
		const struct cfg_place *pl = &arg->place;
		char *prefix = NULL;
		int frame = parent;
		if (arg->kind == VALUE_ADDRESS && pl->root && !pl->root_is_this && !pl->root_is_param) {
			prefix = alloc_printf("%s.", liveness_place_name(pl));
			frame = pl->root_is_global ? GLOBAL_FRAME : parent;
		} else if (arg->kind == VALUE_PLACE && pl->root_is_param && !pl->field && !pl->deref && !pl->index &&
			   pl->param_index >= 0 && (size_t)pl->param_index < p->nparams &&
			   p->param_prefix[pl->param_index]) {
			prefix = alloc_strdup(p->param_prefix[pl->param_index]);
			frame = p->param_frame[pl->param_index];
		}
		if (!prefix)
			continue;
		if (!f->nparams) {
			f->param_prefix = alloc_zeroed(n, sizeof(*f->param_prefix));
			f->param_frame = alloc_zeroed(n, sizeof(*f->param_frame));
			f->nparams = n;
		}
		f->param_prefix[i] = prefix;
		f->param_frame[i] = frame;
	}
}

int frames_for(struct explorer *x, int parent, int block, size_t event, size_t unit,
		     size_t index, const struct cfg_call *c)
{
	for (int i = 0; i < x->nframes; i++) {
		const struct frame *f = &x->frames[i];
		if (f->parent == parent && f->call_block == block && f->call_event == event)
			return i;
	}
	if (x->nframes >= MAX_FRAMES)
		return -1;
	struct frame *f = &x->frames[x->nframes];
	f->g = program_function(x->prog, unit, index)->cfg;
	f->unit = unit;
	f->index = index;
	f->parent = parent;
	f->call_block = block;
	f->call_event = event;
	f->call = c;
	f->depth = x->frames[parent].depth + 1;
	if ((unsigned)f->depth > x->deepest)
		x->deepest = (unsigned)f->depth;
	f->live = liveness_of(x, f->g);
	f->tails = NULL;
	f->cyclic = f->live->cyclic || x->frames[parent].cyclic;
	f->visits = alloc_zeroed(f->g->nblocks + 1, sizeof(*f->visits));
	f->this_prefix = NULL;
	f->param_prefix = NULL;
	f->param_frame = NULL;
	f->nparams = 0;
	f->live_names = NULL;
	f->nlive_names = 0;
	f->arena_ids = NULL;
	f->sites = NULL;
	f->again = NULL;
	bind_this(x, f, parent, c);
	bind_params(x, f, parent, c);
	x->positions += f->g->nblocks;
	return x->nframes++;
}

/* Whether `frame` is the state's or one of its callers'. */
static bool on_stack(const struct explorer *x, const struct state *s, int frame)
{
	for (int k = s->frame; k >= 0; k = x->frames[k].parent)
		if (k == frame)
			return true;
	return false;
}

/* While the loop's frame runs, which run wrote a variable still tells
 * states apart: the loop may run the call again. Once it has returned, what
 * each run acquired, and whether its outcome is still open, is the history's
 * to tell (a kind's summary keys it), and states that differ only in which
 * run last wrote a variable (an input passed by address, filled as an out
 * parameter) merge, instead of exploring the rest of the entry once for a
 * loop run once and once for one run more. */
uint64_t frames_instances_adjust(const struct explorer *x, const struct state *s)
{
	if (!x->kind->summary)
		return 0;
	/* Most states hold nothing about such a run: asked by the counts. */
	bool any = false;
	for (size_t k = 0; k < x->nagain && !any; k++) {
		int site = x->again_sites[k];
		any = state_site_fact_count(s, site) && !on_stack(x, s, x->sites[site].frame);
	}
	uint64_t delta = 0;
	for (size_t i = 0; any && i < s->nfacts; i++) {
		const struct fact *f = &s->facts[i];
		if (f->site < 0 || x->sites[f->site].first == f->site || on_stack(x, s, x->sites[f->site].frame))
			continue;
		delta += state_fact_hash_as(f, x->sites[f->site].first) - f->hash;
	}
	return delta;
}
