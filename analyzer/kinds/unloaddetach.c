/* SPDX-License-Identifier: Apache-2.0 */
/* A device deleted before it is detached, in an unload routine
 * (unloaddetach.h). */
#include "kinds/unloaddetach.h"

#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "facts/entry.h"
#include "facts/program.h"
#include "kinds/shared.h"
#include "kinds/unloaduse.h"
#include "base/alloc.h"
#include "base/str.h"

void kinds_detach_compile(struct detach_params *dp, const cJSON *detached_first)
{
	memset(dp, 0, sizeof(*dp));
	if (!detached_first)
		return;
	kinds_names_compile(&dp->deletes, cJSON_GetObjectItemCaseSensitive(detached_first, "delete"));
	kinds_names_compile(&dp->detaches, cJSON_GetObjectItemCaseSensitive(detached_first, "detach"));
	const cJSON *lowers = cJSON_GetObjectItemCaseSensitive(detached_first, "lower"), *l;
	dp->lowers = alloc_zeroed((size_t)cJSON_GetArraySize(lowers) + 1, sizeof(*dp->lowers));
	cJSON_ArrayForEach(l, lowers) {
		struct lower_source *s = &dp->lowers[dp->nlowers++];
		kinds_names_compile(&s->calls, cJSON_GetObjectItemCaseSensitive(l, "calls"));
		s->arg = kinds_param_int(l, "arg", 0);
	}
}

void kinds_detach_release(struct detach_params *dp)
{
	strvec_clear(&dp->deletes);
	strvec_clear(&dp->detaches);
	for (size_t i = 0; i < dp->nlowers; i++)
		strvec_clear(&dp->lowers[i].calls);
	free(dp->lowers);
}

/* What the attach calls of the driver's own code tie: "global filter =>
 * global lower" pairs,
 * the "<extension T>.F" places a lower device went to, and the members F
 * of any extension that hold one. */
struct attachments {
	struct strvec filters, lowers;     /* parallel: global paths */
	struct strvec extension_places;    /* "<extension T>.Lower" */
	struct strvec fields;              /* "Lower" */
	struct strvec backlinks;           /* "Self" (kinds_back_links) */
	struct strvec kept_filters, kept_places; /* parallel: a global filter, the
						  * "<extension T>.Lower" its lower went to */
};

static const struct cfg_place *lower_place(const struct detach_params *dp, const struct cfg_call *call)
{
	for (size_t i = 0; i < dp->nlowers; i++) {
		const struct lower_source *s = &dp->lowers[i];
		if (!kinds_call_listed(call, &s->calls))
			continue;
		if (s->arg == 0)
			return call->result.root ? &call->result : NULL;
		if ((size_t)s->arg <= call->nargs && call->args[s->arg - 1].kind == VALUE_ADDRESS)
			return &call->args[s->arg - 1].place;
	}
	return NULL;
}

/* The parameter of `g` a store `*P = value` fills with the place `path`
 * (a local, or an extension's member), or -1. */
static int out_param_given(const struct cfg *g, const char *path)
{
	for (size_t b = 0; b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			if ((ev->kind == EVENT_ASSIGN || ev->kind == EVENT_STORE) && ev->target.root_is_param &&
			    ev->target.deref && ev->target.path && ev->target.path[0] == '*' &&
			    !strcmp(ev->target.path + 1, ev->target.root) && ev->value.kind == VALUE_PLACE &&
			    ev->value.place.path && !strcmp(ev->value.place.path, path))
				return ev->target.param_index;
		}
	return -1;
}

/* A helper `g` whose attach call `call` attached the device it created to a
 * stack, and that hands both back through its out parameters
 * (`*FilterDevice = fdo; *LowerDevice = ext->Lower;`): the globals each call
 * of it gives those parameters the address of are a filter and its lower
 * device. */
static void handed_back(const struct check *c, const struct cfg *g, const struct cfg_call *call,
			const struct cfg_place *lower, struct attachments *a)
{
	const struct cfg_value *filter = &call->args[0];
	if (filter->kind != VALUE_PLACE || !filter->place.path || filter->place.root_is_global)
		return;
	int pf = out_param_given(g, filter->place.path), pl = out_param_given(g, lower->path);
	if (pf < 0 || pl < 0 || pf == pl)
		return;
	for (size_t cu = 0; cu < c->prog->nunits; cu++)
		for (size_t cf = 0; cf < c->prog->units[cu].nfunctions; cf++) {
			const struct cfg *cg = c->prog->units[cu].functions[cf].cfg;
			for (size_t j = 0; cg && j < cg->ncalls; j++) {
				const struct cfg_call *site = &cg->calls[j];
				if (!site->callee || strcmp(site->callee, g->function) ||
				    site->nargs <= (size_t)(pf > pl ? pf : pl))
					continue;
				const struct cfg_value *vf = &site->args[pf], *vl = &site->args[pl];
				if (vf->kind == VALUE_ADDRESS && vl->kind == VALUE_ADDRESS && vf->place.root_is_global &&
				    vl->place.root_is_global && vf->place.path && vl->place.path) {
					strvec_push(&a->filters, vf->place.path);
					strvec_push(&a->lowers, vl->place.path);
				}
			}
		}
}

static void collect(const struct check *c, const struct detach_params *dp, struct attachments *a)
{
	kinds_back_links(c->prog, c->entry->unit, NULL, &a->backlinks);
	for (size_t u = 0; u < c->prog->nunits; u++)
		for (size_t f = 0; program_reaches(c->prog, c->entry->unit, u) && f < c->prog->units[u].nfunctions; f++) {
			const struct cfg *g = c->prog->units[u].functions[f].cfg;
			for (size_t k = 0; g && k < g->ncalls; k++) {
				const struct cfg_call *call = &g->calls[k];
				const struct cfg_place *lower = lower_place(dp, call);
				if (!lower || !lower->path || !call->nargs)
					continue;
				const struct cfg_value *filter = &call->args[0];
				if (lower->root_is_global && !str_starts_with(lower->path, "<extension ") &&
				    filter->kind == VALUE_PLACE && filter->place.root_is_global && filter->place.path) {
					strvec_push(&a->filters, filter->place.path);
					strvec_push(&a->lowers, lower->path);
				}
				if (str_starts_with(lower->path, "<extension ") && !strvec_contains(&a->extension_places, lower->path))
					strvec_push(&a->extension_places, lower->path);
				/* A global filter whose lower device went to its extension:
				 * a global the driver copies that member to is its lower too. */
				if (str_starts_with(lower->path, "<extension ") && filter->kind == VALUE_PLACE &&
				    filter->place.root_is_global && filter->place.path) {
					strvec_push(&a->kept_filters, filter->place.path);
					strvec_push(&a->kept_places, lower->path);
				}
				if (lower->field && !strvec_contains(&a->fields, lower->field))
					strvec_push(&a->fields, lower->field);
				handed_back(c, g, call, lower, a);
			}
		}
}

/* `g.Lower = ext->Lower;` where the attach call put a global filter's
 * lower device in ext->Lower: g.Lower is that filter's lower device. */
static void collect_copies(const struct check *c, struct attachments *a)
{
	for (size_t u = 0; a->kept_places.len && u < c->prog->nunits; u++)
		for (size_t f = 0; program_reaches(c->prog, c->entry->unit, u) && f < c->prog->units[u].nfunctions; f++) {
			const struct cfg *g = c->prog->units[u].functions[f].cfg;
			for (size_t b = 0; g && b < g->nblocks; b++)
				for (size_t e = 0; e < g->blocks[b].nevents; e++) {
					const struct cfg_event *ev = &g->blocks[b].events[e];
					if ((ev->kind != EVENT_ASSIGN && ev->kind != EVENT_STORE) || !ev->target.root_is_global ||
					    !ev->target.path || str_starts_with(ev->target.path, "<extension ") ||
					    ev->value.kind != VALUE_PLACE || !ev->value.place.path)
						continue;
					for (size_t k = 0; k < a->kept_places.len; k++)
						if (!strcmp(a->kept_places.items[k], ev->value.place.path)) {
							strvec_push(&a->filters, a->kept_filters.items[k]);
							strvec_push(&a->lowers, ev->target.path);
						}
				}
		}
}

static void attachments_release(struct attachments *a)
{
	strvec_clear(&a->kept_filters);
	strvec_clear(&a->kept_places);
	strvec_clear(&a->filters);
	strvec_clear(&a->lowers);
	strvec_clear(&a->extension_places);
	strvec_clear(&a->fields);
	strvec_clear(&a->backlinks);
}

/* What a local stands for: the place the function assigns it once
 * (`lower = ext->Lower;`), else the path itself. */
static const char *resolved(const struct cfg *g, const struct cfg_place *p)
{
	if (!p->path || !p->root || p->root_is_global || p->root_is_param || p->field || p->deref ||
	    strcmp(p->path, p->root))
		return p->path;
	const char *to = NULL;
	for (size_t b = 0; b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			if ((ev->kind != EVENT_ASSIGN && ev->kind != EVENT_STORE) || !ev->target.path ||
			    strcmp(ev->target.path, p->path))
				continue;
			if (to || ev->value.kind != VALUE_PLACE || !ev->value.place.path)
				return p->path; /* assigned twice, or something not a place */
			to = ev->value.place.path;
		}
	return to ? to : p->path;
}

/* Whether detaching `lower` detaches the device at `device` from the device
 * below it. */
static bool lower_of(const struct cfg *g, const struct attachments *a, const char *device, const char *lower)
{
	for (size_t i = 0; i < a->filters.len; i++)
		if (!strcmp(a->filters.items[i], device) && !strcmp(a->lowers.items[i], lower))
			return true;
	/* The member of the extension the attach call put the global filter's
	 * lower device in, however the unload reaches it (`EXT(g_Filter)->Lower`). */
	for (size_t i = 0; i < a->kept_filters.len; i++)
		if (!strcmp(a->kept_filters.items[i], device) && !strcmp(a->kept_places.items[i], lower))
			return true;
	if (strvec_contains(&a->extension_places, lower) && kinds_takes_extension(g, device))
		return true;
	/* `ext->Self` deleted, `ext->Lower` detached. */
	const char *arrow = strstr(device, "->");
	size_t base = arrow ? (size_t)(arrow - device) : 0;
	if (!arrow || strchr(arrow + 2, '-') || strchr(arrow + 2, '.') || !strvec_contains(&a->backlinks, arrow + 2) ||
	    strncmp(lower, device, base + 2))
		return false;
	return strvec_contains(&a->fields, lower + base + 2) && !strchr(lower + base + 2, '-');
}

/* The detach of `device` after event `from` of block `b`: in the rest of the
 * block, or in a block after it reached by forward edges only, before
 * anything is stored into the device's variable again. */
static const struct cfg_call *detach_after(const struct cfg *g, const struct detach_params *dp,
					   const struct attachments *a, size_t b, size_t from, const char *device,
					   const char *root)
{
	unsigned char *seen = alloc_zeroed(g->nblocks + 1, 1);
	int *stack = alloc_zeroed(g->nblocks + 1, sizeof(*stack));
	size_t top = 0;
	const struct cfg_call *found = NULL;
	stack[top++] = (int)b;
	seen[b] = 1;
	while (top && !found) {
		size_t at = (size_t)stack[--top];
		const struct cfg_block *blk = &g->blocks[at];
		bool stop = false;
		for (size_t e = at == b ? from + 1 : 0; e < blk->nevents && !found && !stop; e++) {
			const struct cfg_event *ev = &blk->events[e];
			const struct cfg_call *call = event_call(g, ev);
			if (call && kinds_call_listed(call, &dp->detaches) && call->nargs &&
			    call->args[0].kind == VALUE_PLACE && call->args[0].place.path &&
			    lower_of(g, a, device, resolved(g, &call->args[0].place)))
				found = call;
			stop = (ev->kind == EVENT_ASSIGN || ev->kind == EVENT_STORE) && ev->target.root && root &&
			       !strcmp(ev->target.root, root);
		}
		for (size_t s = 0; !stop && s < blk->nsucc - blk->nexcept; s++) {
			int n = blk->succ[s];
			if (n > (int)at && !seen[n]) {
				seen[n] = 1;
				stack[top++] = n;
			}
		}
	}
	free(stack);
	free(seen);
	return found;
}

static bool function_detaches_late(const struct cfg *g, const struct detach_params *dp,
				   const struct attachments *a, struct unload_detach *out)
{
	for (size_t b = 0; b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_call *call = event_call(g, &g->blocks[b].events[e]);
			if (!call || !kinds_call_listed(call, &dp->deletes) || !call->nargs ||
			    call->args[0].kind != VALUE_PLACE || !call->args[0].place.path)
				continue;
			const struct cfg_place *arg = &call->args[0].place;
			const char *device = resolved(g, arg);
			const struct cfg_call *detach = detach_after(g, dp, a, b, e, device, arg->root);
			if (!detach)
				continue;
			out->delete_loc = call->loc;
			out->detach_loc = detach->loc;
			out->device = call->args[0].text ? call->args[0].text : arg->path;
			out->lower = detach->args[0].text ? detach->args[0].text : detach->args[0].place.path;
			out->function = g->function;
			return true;
		}
	return false;
}

struct detach_search {
	const struct detach_params *dp;
	const struct attachments *a;
	struct unload_detach *out;
};

static bool visit_detaches(const struct cfg *g, void *data)
{
	struct detach_search *s = data;
	return function_detaches_late(g, s->dp, s->a, s->out);
}

bool kinds_unload_detach(const struct check *c, const struct detach_params *dp, size_t unit, size_t index,
			 struct unload_detach *out)
{
	struct attachments a = { STRVEC_INIT, STRVEC_INIT, STRVEC_INIT, STRVEC_INIT, STRVEC_INIT, STRVEC_INIT,
				 STRVEC_INIT };
	collect(c, dp, &a);
	collect_copies(c, &a);
	bool found = false;
	if (a.filters.len || a.extension_places.len || a.fields.len) {
		struct strvec seen = STRVEC_INIT;
		struct detach_search search = { dp, &a, out };
		found = kinds_unload_helpers_any(c, unit, index, 0, visit_detaches, &search, &seen);
		strvec_clear(&seen);
	}
	attachments_release(&a);
	return found;
}
