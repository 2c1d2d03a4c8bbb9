/* SPDX-License-Identifier: Apache-2.0 */
/* The params the call kinds share (kinds/callparams.h): compiled once per
 * rule, and what they make of one call. */
#include "kinds/callparams.h"

#include <stdlib.h>
#include <string.h>

#include "facts/nofail.h"
#include "kinds/shared.h"
#include "base/alloc.h"
#include "base/map.h"

void *call_params_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct call_params *cp = alloc_zeroed(1, sizeof(*cp));
	kinds_names_compile(&cp->calls, cJSON_GetObjectItemCaseSensitive(params, "calls"));
	kinds_names_compile(&cp->after, cJSON_GetObjectItemCaseSensitive(params, "after"));
	kinds_names_compile(&cp->since, cJSON_GetObjectItemCaseSensitive(params, "since"));
	kinds_names_compile(&cp->unwinds, cJSON_GetObjectItemCaseSensitive(params, "unwinds"));
	kinds_names_compile(&cp->variants, cJSON_GetObjectItemCaseSensitive(params, "variants"));
	cp->call = kinds_param_string(params, "call");
	const char *paths = kinds_param_string(params, "paths");
	cp->success_returns_only = paths && !strcmp(paths, "success-returns");
	cp->own_helpers = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "own_helpers"));
	cp->one_enough = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "one_enough"));
	cp->new_expr = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "new_expr"));
	const cJSON *unless = cJSON_GetObjectItemCaseSensitive(params, "unless_arg"), *u;
	cp->unless = alloc_zeroed((size_t)cJSON_GetArraySize(unless) + 1, sizeof(*cp->unless));
	cJSON_ArrayForEach(u, unless) {
		struct unless_arg *x = &cp->unless[cp->nunless++];
		kinds_names_compile(&x->calls, cJSON_GetObjectItemCaseSensitive(u, "calls"));
		x->index = kinds_param_int(u, "index", 0);
		x->truthy = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(u, "truthy"));
	}
	const cJSON *fits = cJSON_GetObjectItemCaseSensitive(params, "unless_fits");
	cp->fits = alloc_zeroed((size_t)cJSON_GetArraySize(fits) + 1, sizeof(*cp->fits));
	cJSON_ArrayForEach(u, fits) {
		struct unless_fits *x = &cp->fits[cp->nfits++];
		kinds_names_compile(&x->calls, cJSON_GetObjectItemCaseSensitive(u, "calls"));
		x->index = kinds_param_int(u, "index", 0);
		x->count = kinds_param_int(u, "count", 0);
		x->unit = kinds_param_int(u, "unit", 1);
	}
	kinds_surely_compile(&cp->surely, params);
	return cp;
}

void call_params_release(void *compiled)
{
	struct call_params *cp = compiled;
	strvec_clear(&cp->calls);
	strvec_clear(&cp->after);
	strvec_clear(&cp->since);
	strvec_clear(&cp->unwinds);
	strvec_clear(&cp->variants);
	for (size_t i = 0; i < cp->nunless; i++)
		strvec_clear(&cp->unless[i].calls);
	free(cp->unless);
	for (size_t i = 0; i < cp->nfits; i++)
		strvec_clear(&cp->fits[i].calls);
	free(cp->fits);
	kinds_surely_release(&cp->surely);
	free(cp);
}

/* Whether the call cannot fail with its arguments (facts/nofail.h, what
 * every rule's exploration knows), or an "unless_arg" or "unless_fits"
 * entry exempts it. */
bool call_params_exempted(const struct call_params *cp, const struct cfg_call *call)
{
	if (facts_call_cannot_fail(call))
		return true;
	for (size_t i = 0; i < cp->nfits; i++) {
		const struct unless_fits *x = &cp->fits[i];
		if (!kinds_call_listed(call, &x->calls) || x->index < 1 || (size_t)x->index > call->nargs ||
		    x->count < 1 || (size_t)x->count > call->nargs)
			continue;
		const struct cfg_value *src = &call->args[x->index - 1], *count = &call->args[x->count - 1];
		long n = src->kind == VALUE_STRING ? facts_literal_chars(src->text) : -1;
		if (n >= 0 && count->kind == VALUE_CONSTANT && (n + 1) * (long long)x->unit <= count->number)
			return true;
	}
	for (size_t i = 0; i < cp->nunless; i++) {
		const struct unless_arg *x = &cp->unless[i];
		if (!kinds_call_listed(call, &x->calls) || x->index < 1 || (size_t)x->index > call->nargs)
			continue;
		const struct cfg_value *v = &call->args[x->index - 1];
		if (v->kind == VALUE_CONSTANT && (v->number != 0) == x->truthy)
			return true;
	}
	return false;
}

bool call_params_listed(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct call_params *cp = c->compiled;
	return e->kind == EVENT_CALL && kinds_call_listed(event_call(g, e), &cp->calls) &&
	       !call_params_exempted(cp, event_call(g, e));
}

/* What a call is to these kinds, worked out once per call (summaries
 * replay every call of a path at each of its nodes). */
unsigned call_params_flags(const struct check *c, const struct cfg_call *call)
{
	const struct call_params *cp = c->compiled;
	void **slot = ptrmap_slot(c->memo, call); /* the memo frees what it holds */
	if (!*slot) {
		unsigned *flags = alloc_bytes(sizeof(*flags));
		*flags = (kinds_call_listed(call, &cp->calls) ? CALL_JUDGED : 0) |
			 (cp->unwinds.len && kinds_call_listed(call, &cp->unwinds) ? CALL_UNWINDS : 0);
		if (!(*flags & CALL_JUDGED) && kinds_surely_creator(&cp->surely, call))
			*flags |= CALL_CONTEXT;
		*slot = flags;
	}
	return *(unsigned *)*slot;
}

