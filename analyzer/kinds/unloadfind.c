/* SPDX-License-Identifier: Apache-2.0 */
#include "kinds/unloadfind.h"

#include <stdlib.h>
#include <string.h>

#include "cfg/cfg.h"
#include "eval/history.h"
#include "facts/classify.h"
#include "facts/decls.h"
#include "facts/entry.h"
#include "facts/program.h"
#include "kinds/shared.h"
#include "kinds/unloadorder.h"
#include "base/alloc.h"

/* Notes `from` for the names pushed since `before`. */
static void unloads_from(struct unloads *u, size_t before, size_t from)
{
	GROW(u->from, u->cap, u->names.len + 1);
	for (size_t k = before; k < u->names.len; k++)
		u->from[k] = from;
}

void kinds_unloads_clear(struct unloads *u)
{
	strvec_clear(&u->names);
	free(u->from);
}

/* The function stored last before item `at` in `field` of the structure
 * `place` names, or named in its initializer when it is a global. */
static void registered_in(const struct check *c, const struct path *p, size_t at, const struct cfg_place *place,
			  const char *field, struct unloads *unloads)
{
	struct strvec *names = &unloads->names;
	size_t before = names->len;
	const struct cfg_value *last = kinds_last_store_into(p, at, place->root, field);
	if (last) {
		kinds_function_names(names, last);
		unloads_from(unloads, before, c->entry->unit);
		return;
	}
	if (!place->root_is_global)
		return;
	/* Seen from the file of the function that registers it: a helper in
	 * another file names that file's own static structure. */
	const struct cfg_call *call = event_call(p->items[at].g, p->items[at].event);
	size_t from = program_unit_of_call(c->prog, call, c->entry->unit);
	const struct global_facts *gl = program_global(c->prog, from, place->root);
	const char *value = gl ? decls_field_initializer(gl, field) : NULL;
	if (value && strcmp(value, "NULL") && strcmp(value, "0") && !strvec_contains(names, value))
		strvec_push(names, value);
	unloads_from(unloads, before, from);
}

/* The routines a registration with no field names by its argument itself
 * (the shutdown notification of a KMDF control device), each when it
 * reaches one of `when_reaches` (if any). */
static void registered_routine(const struct check *c, const struct registration *reg, const struct cfg_value *v,
			       struct unloads *unloads)
{
	struct strvec *names = &unloads->names;
	size_t before = names->len;
	struct strvec found = STRVEC_INIT;
	kinds_function_names(&found, v);
	for (size_t k = 0; k < found.len; k++) {
		struct strvec seen = STRVEC_INIT;
		if ((!reg->when_reaches.len ||
		     kinds_routine_calls(c, found.items[k], c->entry->unit, &reg->when_reaches, 0, &seen, NULL, NULL)) &&
		    !strvec_contains(names, found.items[k]))
			strvec_push(names, found.items[k]);
		strvec_clear(&seen);
	}
	strvec_clear(&found);
	unloads_from(unloads, before, c->entry->unit);
}

/* The unload routines the path registers, by name; the registration call
 * whose structure cannot be read (written inside a macro's expansion), or NULL. */
const struct hist_item *kinds_unload_routines(const struct check *c, const struct unload_sources *tp,
					      const struct path *p, struct unloads *names)
{
	const struct hist_item *unreadable = NULL;
	/* A file system tears its control device down at shutdown, as it is not
	 * unloaded while volumes are mounted: its IRP_MJ_SHUTDOWN routine counts. */
	bool file_system = false;
	for (size_t i = 0; i < p->len && !file_system; i++)
		file_system = p->items[i].kind == HIST_CALL &&
			      kinds_call_listed(event_call(p->items[i].g, p->items[i].event), &tp->shutdown_when);
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		const struct cfg_place *target = it->kind == HIST_STORE ? &it->event->target : NULL;
		bool slot = target && target->field && !strcmp(target->field, "MajorFunction") && target->index;
		if (target && (strvec_contains(&tp->fields, target->field) ||
			       (slot && strvec_contains(&tp->slots, target->index)) ||
			       (slot && file_system && !strcmp(target->index, "IRP_MJ_SHUTDOWN")))) {
			size_t before = names->names.len;
			kinds_function_names(&names->names, &it->event->value);
			unloads_from(names, before, c->entry->unit);
			continue;
		}
		if (it->kind != HIST_CALL)
			continue;
		const struct cfg_call *call = event_call(it->g, it->event);
		for (size_t r = 0; r < tp->nregs; r++) {
			if (!kinds_call_listed(call, &tp->regs[r].calls))
				continue;
			/* A structure, or each of the ones a `?:` chooses between. */
			const struct cfg_place *places[8];
			size_t n = kinds_arg_places(call, tp->regs[r].arg, places, 8);
			const struct cfg_value *v = (size_t)tp->regs[r].arg <= call->nargs && tp->regs[r].arg >= 1
							    ? &call->args[tp->regs[r].arg - 1]
							    : NULL;
			if (!tp->regs[r].field) {
				if (v)
					registered_routine(c, &tp->regs[r], v, names);
				continue;
			}
			bool every = v && n == (v->nalts ? v->nalts : 1);
			for (size_t k = 0; k < n && every; k++)
				registered_in(c, p, i, places[k], tp->regs[r].field, names);
			if (!every && v && (v->kind == VALUE_UNKNOWN || v->nalts) && !unreadable)
				unreadable = it;
		}
	}
	return unreadable;
}
