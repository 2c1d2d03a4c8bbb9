/* SPDX-License-Identifier: Apache-2.0 */
/* The wdf-nonpnp kind: the WDF_DRIVER_CONFIG given to WdfDriverCreate,
 * replayed on the path from its WDF_DRIVER_CONFIG_INIT: a device-add callback
 * against the non-PnP flag, and the unload callback a non-PnP driver needs.
 * Its params are the prepared-structure kinds' (prepared.h). */
#include <stdlib.h>
#include <string.h>

#include "kinds/prepared.h"
#include "kinds/shared.h"
#include "base/alloc.h"
#include "base/hash.h"
#include "base/map.h"
#include "base/strbuf.h"

/* Whether `v` is a routine on every path: a function, or a `?:` between
 * functions; NULL and values not known are not. */
static bool names_routine(const struct cfg_value *v)
{
	if (v->nalts) {
		for (size_t k = 0; k < v->nalts; k++)
			if (!names_routine(&v->alts[k]))
				return false;
		return true;
	}
	return v->kind == VALUE_FUNCTION;
}

static void nonpnp_path(const struct check *c, const struct path *p)
{
	int arg = prepared_use_arg(c);
	const struct prepared_params *pp = c->compiled;
	const char *init_call = pp->init_call;
	int add_arg = pp->add_arg;
	const char *add_field = pp->add_field, *flags_field = pp->flags_field, *flag = pp->nonpnp_flag,
		   *unload_field = pp->unload_field;
	for (size_t u = 0; u < p->len; u++) {
		const struct hist_item *use = &p->items[u];
		const struct cfg_call *call = prepared_use_at(c, use);
		if (!call)
			continue;
		const struct cfg_place *place = kinds_arg_place(call, arg);
		if (!place)
			continue;
		bool add_null = false, add_routine = false, nonpnp = false, unload = false, known_init = false,
		     exempt = false;
		for (size_t i = 0; i < u; i++) {
			const struct hist_item *it = &p->items[i];
			const struct cfg_call *ic = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
			const struct cfg_place *ip = ic && kinds_call_named(ic, init_call) ? kinds_arg_place(ic, 1) : NULL;
			if (ip && given_same_variable(it, ip->root, ip->root_is_global, use, place->root, place->root_is_global)) {
				known_init = true;
				const struct cfg_value *add = (size_t)add_arg <= ic->nargs ? &ic->args[add_arg - 1] : NULL;
				add_null = add && add->kind == VALUE_NULL;
				add_routine = add && names_routine(add);
				nonpnp = unload = false;
				continue;
			}
			if (it->kind != HIST_STORE ||
			    !given_same_variable(it, it->event->target.root, it->event->target.root_is_global, use, place->root,
				      place->root_is_global))
				continue;
			const struct cfg_event *e = it->event;
			if (kinds_event_stores_field(e, add_field)) {
				add_null = e->value.kind == VALUE_NULL;
				add_routine = names_routine(&e->value);
			}
			if (kinds_event_stores_field(e, flags_field) && kinds_value_mentions(&e->value, flag))
				nonpnp = true;
			for (size_t k = 0; k < pp->unless_flags.len; k++)
				if (kinds_event_stores_field(e, flags_field) && kinds_value_mentions(&e->value, pp->unless_flags.items[k]))
					exempt = true;
			if (kinds_event_stores_field(e, unload_field))
				unload = e->value.kind != VALUE_NULL;
		}
		if (!known_init)
			continue;
		const char *problem = NULL;
		if ((pp->problems & NP_REPORT_PNP_NO_ADD) && add_null && !nonpnp && !exempt)
			problem = "has no EvtDriverDeviceAdd but does not set WdfDriverInitNonPnpDriver";
		else if ((pp->problems & NP_REPORT_NONPNP_NO_UNLOAD) && nonpnp && !unload)
			problem = "sets WdfDriverInitNonPnpDriver but no EvtDriverUnload";
		else if ((pp->problems & NP_REPORT_NONPNP_WITH_ADD) && nonpnp && add_routine)
			problem = "sets WdfDriverInitNonPnpDriver together with an EvtDriverDeviceAdd callback";
		if (!problem || kinds_span_hidden_by_opaque(c, p, 0, u, place->root))
			continue;
		const char *vars[] = { "var", place->root, "call", call->callee, "problem", problem, NULL };
		eval_add_finding(c, use->event->loc, use->g->function, p, NULL, NULL, vars);
	}
}

/* What a later use can still report, per variable some use is given: what
 * nonpnp_path gathers of it so far; and which of their names an invisible
 * call was given. The order of all else tells paths apart for nothing. */
enum { NP_INIT = 1, NP_ADD_NULL = 2, NP_NONPNP = 4, NP_UNLOAD = 8, NP_EXEMPT = 16, NP_ADD_ROUTINE = 32 };

static void nonpnp_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	const struct prepared_params *pp = c->compiled;
	const struct given_roots *roots = given_roots(c, &kind_wdf_nonpnp, prepared_use_call, prepared_use_arg(c));
	unsigned long long *ids = alloc_zeroed(p->len + 1, sizeof(*ids)), names = 0, sum = 0;
	unsigned *flags = alloc_zeroed(p->len + 1, sizeof(*flags));
	size_t nvars = 0;
	struct u64set hidden = U64SET_INIT;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		const struct cfg_call *call = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
		names += prepared_hidden_names(roots, it, &hidden);
		const struct cfg_place *at = it->kind == HIST_STORE ? &it->event->target
					     : it->kind == HIST_CALL && kinds_call_named(call, pp->init_call) ? kinds_arg_place(call, 1)
					     : NULL;
		const char *name;
		if (!at || !at->root)
			continue;
		unsigned long long id = given_variable_id(it, at->root, at->root_is_global, &name);
		if (!given_roots_has(roots, name))
			continue;
		size_t k = 0;
		while (k < nvars && ids[k] != id)
			k++;
		nvars += k == nvars;
		ids[k] = id;
		unsigned *f = &flags[k];
		if (it->kind == HIST_CALL) {
			const struct cfg_value *add = (size_t)pp->add_arg <= call->nargs ? &call->args[pp->add_arg - 1] : NULL;
			*f = (*f & NP_EXEMPT) | NP_INIT | (add && add->kind == VALUE_NULL ? NP_ADD_NULL : 0) |
			     (add && names_routine(add) ? NP_ADD_ROUTINE : 0);
			continue;
		}
		const struct cfg_event *e = it->event;
		if (kinds_event_stores_field(e, pp->add_field))
			*f = (*f & ~(unsigned)(NP_ADD_NULL | NP_ADD_ROUTINE)) | (e->value.kind == VALUE_NULL ? NP_ADD_NULL : 0) |
			     (names_routine(&e->value) ? NP_ADD_ROUTINE : 0);
		if (kinds_event_stores_field(e, pp->flags_field) && kinds_value_mentions(&e->value, pp->nonpnp_flag))
			*f |= NP_NONPNP;
		for (size_t u = 0; u < pp->unless_flags.len; u++)
			if (kinds_event_stores_field(e, pp->flags_field) && kinds_value_mentions(&e->value, pp->unless_flags.items[u]))
				*f |= NP_EXEMPT;
		if (kinds_event_stores_field(e, pp->unload_field))
			*f = (*f & ~(unsigned)NP_UNLOAD) | (e->value.kind != VALUE_NULL ? NP_UNLOAD : 0);
	}
	for (size_t k = 0; k < nvars; k++) /* in no order: a sum */
		sum += hash_bytes(&flags[k], sizeof(flags[k]), ids[k]) | 1;
	key_int(key, sum);
	key_int(key, names);
	u64set_clear(&hidden);
	free(flags);
	free(ids);
}

static const struct kind_ops wdf_nonpnp_ops = {
	.relevant = prepared_fields_relevant,
	.check_path = nonpnp_path,
	.summary = nonpnp_summary,
	.summary_reads = HIST_BIT(HIST_CALL) | HIST_BIT(HIST_STORE) | HIST_BIT(HIST_OPAQUE),
	.outcomes_unread = true,
};

const struct kind kind_wdf_nonpnp = {
	.name = "wdf-nonpnp",
	.placeholders = (const char *const[]){ "var", "problem", "call", NULL },
	.compile = prepared_params_compile,
	.release = prepared_params_release,
	.ops = &wdf_nonpnp_ops,
};

