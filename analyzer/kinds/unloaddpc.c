/* SPDX-License-Identifier: Apache-2.0 */
/* A timer cancelled at unload while its DPC may still run (kinds/unloaddpc.h). */
#include "kinds/unloaddpc.h"

#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "facts/entry.h"
#include "facts/program.h"
#include "facts/reads.h"
#include "kinds/places.h"
#include "kinds/shared.h"
#include "base/alloc.h"

void kinds_dpc_compile(struct dpc_params *dp, const cJSON *flushed_after)
{
	kinds_names_compile(&dp->cancels, cJSON_GetObjectItemCaseSensitive(flushed_after, "cancels"));
	kinds_names_compile(&dp->flushes, cJSON_GetObjectItemCaseSensitive(flushed_after, "flushes"));
	const cJSON *k;
	cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(flushed_after, "sets")) {
		dp->sets = alloc_resize(dp->sets, (dp->nsets + 1) * sizeof(*dp->sets));
		struct timer_set *t = &dp->sets[dp->nsets++];
		memset(t, 0, sizeof(*t));
		kinds_names_compile(&t->calls, cJSON_GetObjectItemCaseSensitive(k, "calls"));
		t->arg = kinds_param_int(k, "arg", 1);
		t->dpc = kinds_param_int(k, "dpc", 0);
	}
}

void kinds_dpc_release(struct dpc_params *dp)
{
	strvec_clear(&dp->cancels);
	strvec_clear(&dp->flushes);
	for (size_t i = 0; i < dp->nsets; i++)
		strvec_clear(&dp->sets[i].calls);
	free(dp->sets);
	memset(dp, 0, sizeof(*dp));
}

/* The timer a call names, as the reads compare places (`&g_Hb.Timer` as
 * "g_Hb.Timer"), into `out`; false when it is not a place. */
static bool timer_place(const struct cfg_call *call, int arg, struct strvec *out)
{
	if (arg < 1 || (size_t)arg > call->nargs)
		return false;
	const struct cfg_value *v = &call->args[arg - 1];
	if ((v->kind != VALUE_ADDRESS && v->kind != VALUE_PLACE) || v->nalts || !v->place.root)
		return false;
	kinds_place_add(out, v->place.key ? v->place.key : v->place.path);
	return out->len > 0;
}

/* A DPC argument that may be a routine's: not NULL, not 0. */
static bool names_dpc(const struct cfg_value *v)
{
	return v->kind != VALUE_NULL && !(v->kind == VALUE_CONSTANT && v->number == 0);
}

struct search {
	const struct dpc_params *dp;
	struct unload_dpc *out;
};

/* Where the driver's directory sets timer `place` with a DPC, if it does. */
static bool set_with_dpc(const struct check *c, const struct dpc_params *dp, const char *place, struct unload_dpc *out)
{
	const struct program *prog = c->prog;
	const char *dir = prog->units[c->entry->unit].dir;
	reads_note_dir(prog, dir);
	for (size_t u = 0; u < prog->nunits; u++) {
		const struct unit_facts *unit = &prog->units[u];
		if (strcmp(unit->dir, dir))
			continue;
		for (size_t i = 0; i < unit->nfunctions; i++) {
			const struct cfg *g = unit->functions[i].cfg;
			for (size_t k = 0; g && k < g->ncalls; k++)
				for (size_t s = 0; s < dp->nsets; s++) {
					const struct cfg_call *call = &g->calls[k];
					const struct timer_set *t = &dp->sets[s];
					if (!kinds_call_listed(call, &t->calls) || t->dpc < 1 || (size_t)t->dpc > call->nargs ||
					    !names_dpc(&call->args[t->dpc - 1]))
						continue;
					struct strvec set = STRVEC_INIT;
					bool same = timer_place(call, t->arg, &set) && !strcmp(set.items[0], place);
					strvec_clear(&set);
					if (!same)
						continue;
					out->set_loc = call->loc;
					out->set_name = call->callee;
					const struct cfg_value *d = &call->args[t->dpc - 1];
					out->dpc = alloc_strdup(d->text ? d->text : d->kind == VALUE_ADDRESS && d->place.path ? d->place.path : "its DPC");
					return true;
				}
		}
	}
	return false;
}

static bool cancels_dpc_timer(const struct check *c, size_t unit, const struct cfg_call *call, void *data)
{
	(void)unit;
	struct search *s = data;
	struct strvec place = STRVEC_INIT;
	bool found = kinds_call_listed(call, &s->dp->cancels) && timer_place(call, 1, &place);
	if (found) {
		free(s->out->dpc);
		s->out->dpc = NULL;
		found = set_with_dpc(c, s->dp, place.items[0], s->out);
	}
	strvec_clear(&place);
	return found;
}

static bool flushes(const struct check *c, size_t unit, const struct cfg_call *call, void *data)
{
	(void)c;
	(void)unit;
	const struct search *s = data;
	return kinds_call_listed(call, &s->dp->flushes);
}

bool kinds_unload_dpc(const struct check *c, const struct dpc_params *dp, size_t unit, size_t index,
		      struct unload_dpc *out)
{
	struct search s = { dp, out };
	struct call_test then = { cancels_dpc_timer, &s, NULL }, after = { flushes, &s, NULL };
	if (kinds_unload_unfollowed(c, unit, index, &then, &after, &out->order))
		return true;
	free(out->dpc);
	out->dpc = NULL;
	return false;
}
