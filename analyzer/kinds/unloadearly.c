/* SPDX-License-Identifier: Apache-2.0 */
/* State released while a routine that reads it is still registered
 * (kinds/unloadearly.h). */
#include "kinds/unloadearly.h"

#include <stdlib.h>
#include <string.h>

#include "facts/entry.h"
#include "facts/program.h"
#include "kinds/places.h"
#include "kinds/shared.h"
#include "base/alloc.h"
#include "base/str.h"
#include "base/map.h"

void kinds_early_compile(struct early_params *ep, const cJSON *freed_before)
{
	releasers_compile(&ep->releases, cJSON_GetObjectItemCaseSensitive(freed_before, "releases"));
	kinds_names_compile(&ep->guards, cJSON_GetObjectItemCaseSensitive(freed_before, "guards"));
	const cJSON *k;
	cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(freed_before, "unregistrations")) {
		ep->items = alloc_resize(ep->items, (ep->n + 1) * sizeof(*ep->items));
		struct unregistration *u = &ep->items[ep->n++];
		memset(u, 0, sizeof(*u));
		kinds_names_compile(&u->calls, cJSON_GetObjectItemCaseSensitive(k, "calls"));
		u->routine_arg = kinds_param_int(k, "routine_arg", 0);
		u->remove_arg = kinds_param_int(k, "remove_arg", 0);
		kinds_names_compile(&u->registered_by, cJSON_GetObjectItemCaseSensitive(k, "registered_by"));
		kinds_names_compile(&u->fields, cJSON_GetObjectItemCaseSensitive(k, "fields"));
		u->arg = kinds_param_int(k, "arg", 0);
		kinds_names_compile(&u->skip_fields, cJSON_GetObjectItemCaseSensitive(k, "skip_fields"));
	}
}

void kinds_early_release(struct early_params *ep)
{
	releasers_release(&ep->releases);
	strvec_clear(&ep->guards);
	for (size_t i = 0; i < ep->n; i++) {
		strvec_clear(&ep->items[i].calls);
		strvec_clear(&ep->items[i].registered_by);
		strvec_clear(&ep->items[i].fields);
		strvec_clear(&ep->items[i].skip_fields);
	}
	free(ep->items);
	memset(ep, 0, sizeof(*ep));
}

/* What the search keeps between its tests: the global the last release
 * asked about gave back (NULL after any other call). */
struct search {
	const struct early_params *ep;
	const char *place;
	char *routine;              /* the reader found by the last unregistration matched */
	const char *object;         /* the global whose method the release is in ("g_Table."), or NULL */
	char *owned;                /* `place`, when made from `object` */
};

/* The routines the driver gives a registration: its argument, or what
 * DriverEntry and its helpers store in one of its fields. */
struct given {
	const struct unregistration *u;
	struct strvec names;
};

static void add_name(size_t unit, size_t index, const char *name, void *data)
{
	(void)unit;
	(void)index;
	if (!strvec_contains(data, name))
		strvec_push(data, name);
}

static void note_given(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e, void *data)
{
	struct given *gv = data;
	const struct cfg_call *call = event_call(g, e);
	if (call && gv->u->arg >= 1 && (size_t)gv->u->arg <= call->nargs && kinds_call_listed(call, &gv->u->registered_by)) {
		const struct cfg_value *v = &call->args[gv->u->arg - 1];
		kinds_function_names(&gv->names, v);
		if (v->kind == VALUE_ADDRESS && v->place.root_is_global && v->place.root && gv->u->skip_fields.len) {
			struct strvec followed = STRVEC_INIT;
			kinds_initializer_functions(c->prog, unit, v->place.root, &gv->u->skip_fields, &followed, add_name,
						    &gv->names);
			strvec_clear(&followed);
		}
	}
	if (kinds_event_is_store(e) && e->target.field && strvec_contains(&gv->u->fields, e->target.field))
		kinds_function_names(&gv->names, &e->value);
}

/* Memoized per check under the unregistration's own address, packed in
 * one allocation (a memo's value is freed whole). */
static const struct callback_reads *given_routines(const struct check *c, const struct unregistration *u)
{
	void **slot = ptrmap_slot(c->memo, u);
	if (*slot)
		return *slot;
	struct given gv = { u, STRVEC_INIT };
	kinds_visit_events(c, note_given, &gv);
	struct callback_reads *names = kinds_reads_pack(&gv.names, NULL);
	strvec_clear(&gv.names);
	*ptrmap_slot(c->memo, u) = names;
	return names;
}

/* Whether the routines `r` gathers test for NULL a member of the released
 * place's name through a pointer they are given (`if (Name->Buffer == NULL)`
 * in a helper handed `&g_Name`): they expect to find it gone. */
static bool tests_member(const struct callback_reads *r, const char *place)
{
	const char *last = strrchr(place, '.');
	for (size_t k = r->n; last && k < r->n + r->ntested; k++) {
		const char *dot = strrchr(r->places[k], '.');
		if (dot && !strcmp(dot, last))
			return true;
	}
	return false;
}

/* Whether routine `name` reads `place`, expecting it may be gone (it tests
 * it for NULL, or it takes a rundown reference first) or not. */
static bool reads_freely(const struct check *c, const struct early_params *ep, const char *name, size_t unit,
			 const char *place)
{
	const struct callback_reads *r = kinds_routine_reads(c, name, unit);
	if (!r || !kinds_reads_place(r, place) || kinds_reads_tests(r, place) || tests_member(r, place))
		return false;
	struct strvec seen = STRVEC_INIT;
	bool guarded = ep->guards.len && kinds_routine_calls(c, name, unit, &ep->guards, 0, &seen, NULL, NULL);
	strvec_clear(&seen);
	return !guarded;
}

static bool releases_global(const struct check *c, size_t unit, const struct cfg_call *call, void *data)
{
	(void)c;
	(void)unit;
	struct search *s = data;
	s->place = NULL;
	free(s->owned);
	s->owned = NULL;
	for (size_t r = 0; r < s->ep->releases.n; r++) {
		const struct releaser *rel = &s->ep->releases.items[r];
		if (!kinds_call_listed(call, &rel->calls) || rel->arg < 1 || (size_t)rel->arg > call->nargs)
			continue;
		const struct cfg_value *v = &call->args[rel->arg - 1];
		const struct cfg_place *p = &v->place;
		bool place = (v->kind == VALUE_PLACE || v->kind == VALUE_ADDRESS) && !v->nalts && p->path;
		if (place && p->root_is_global)
			s->place = p->key ? p->key : p->path;
		else if (place && p->root_is_this && s->object && str_starts_with(p->path, "this->"))
			s->place = s->owned = alloc_printf("%s%s", s->object, p->path + 6); /* a method's own member */
		return s->place != NULL;
	}
	return false;
}

/* An unregistration; with a global asked about, one of whose routines reads it. */
static bool unregisters_reader(const struct check *c, size_t unit, const struct cfg_call *call, void *data)
{
	struct search *s = data;
	for (size_t k = 0; k < s->ep->n; k++) {
		const struct unregistration *u = &s->ep->items[k];
		if (!kinds_call_listed(call, &u->calls))
			continue;
		struct strvec named = STRVEC_INIT;
		const char *const *routines = NULL;
		size_t nroutines = 0;
		if (u->routine_arg >= 1 && (size_t)u->routine_arg <= call->nargs) {
			const struct cfg_value *rm = u->remove_arg >= 1 && (size_t)u->remove_arg <= call->nargs
							     ? &call->args[u->remove_arg - 1]
							     : NULL;
			if (rm && !(rm->kind == VALUE_CONSTANT && rm->number != 0))
				continue;
			kinds_function_names(&named, &call->args[u->routine_arg - 1]);
			routines = (const char *const *)named.items;
			nroutines = named.len;
		} else if (u->registered_by.len) {
			const struct callback_reads *given = given_routines(c, u);
			routines = given->places;
			nroutines = given->n;
		}
		struct strvec norm = STRVEC_INIT;
		if (s->place)
			kinds_place_add(&norm, s->place);
		bool found = !s->place && nroutines;
		for (size_t r = 0; r < nroutines && norm.len && !found; r++)
			if (reads_freely(c, s->ep, routines[r], unit, norm.items[0])) {
				found = true;
				free(s->routine);
				s->routine = alloc_strdup(routines[r]);
			}
		strvec_clear(&norm);
		strvec_clear(&named);
		if (found)
			return true;
	}
	return false;
}

bool kinds_unload_early(const struct check *c, const struct early_params *ep, size_t unit, size_t index,
			struct unload_early *out)
{
	struct search s = { ep, NULL, NULL, NULL, NULL };
	struct call_test then = { releases_global, &s, &s.object }, first = { unregisters_reader, &s, NULL };
	if (!kinds_unload_order_by(c, unit, index, &then, &first, &out->order)) {
		free(s.routine);
		free(s.owned);
		return false;
	}
	struct strvec norm = STRVEC_INIT;
	kinds_place_add(&norm, s.place);
	out->place = alloc_strdup(norm.len ? norm.items[0] : s.place);
	strvec_clear(&norm);
	out->routine = s.routine;
	free(s.owned);
	return true;
}
