/* SPDX-License-Identifier: Apache-2.0 */
/* The store-before-init kind: a member of a structure set before the init
 * call that zeroes the structure, and so discarded. */
#include <stdlib.h>
#include <string.h>

#include "kinds/prepared.h"
#include "kinds/shared.h"
#include "base/alloc.h"
#include "base/strbuf.h"

/* Whether the place `path` lies within the place `outer` (equal, or a member
 * or element of it): an init of `p->Attributes` does not discard `p->Flags`. */
static bool path_within(const char *path, const char *outer)
{
	if (!path || !outer)
		return true;
	size_t n = strlen(outer);
	if (strncmp(path, outer, n))
		return false;
	return !path[n] || path[n] == '.' || path[n] == '[' || !strncmp(path + n, "->", 2);
}

/* Whether a call between items `from` and `to` is passed the variable that
 * the store `store` wrote: the value was used before the init discarded it. */
static bool passed_on(const struct path *p, size_t from, size_t to, const struct hist_item *store)
{
	const struct cfg_place *target = &store->event->target;
	for (size_t i = from; i < to; i++) {
		const struct hist_item *it = &p->items[i];
		const struct cfg_call *call = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
		for (size_t a = 0; call && a < call->nargs; a++) {
			const struct cfg_place *arg = kinds_arg_place(call, (int)a + 1);
			if (arg && given_same_variable(it, arg->root, arg->root_is_global, store, target->root,
					    target->root_is_global))
				return true;
		}
	}
	return false;
}

/* Also records every call that is passed a variable, for passed_on. */
static bool store_init_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct cfg_call *call = event_call(g, e);
	for (size_t a = 0; call && a < call->nargs; a++)
		if (kinds_arg_place(call, (int)a + 1))
			return true;
	return prepared_struct_relevant(c, g, e);
}

static void store_before_init_path(const struct check *c, const struct path *p)
{
	for (size_t u = 0; u < p->len; u++) {
		const struct hist_item *init = &p->items[u];
		const struct cfg_call *call = init->kind == HIST_CALL ? event_call(init->g, init->event) : NULL;
		if (!call || !prepared_is_init_call(c, call, false))
			continue;
		const struct cfg_place *place = kinds_arg_place(call, 1);
		if (!place)
			continue;
		/* Stores since the previous init of the same variable. */
		size_t from = 0;
		for (size_t i = 0; i < u; i++) {
			const struct hist_item *it = &p->items[i];
			const struct cfg_call *prev = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
			const struct cfg_place *pp = prev && prepared_is_init_call(c, prev, false) ? kinds_arg_place(prev, 1) : NULL;
			if (pp && given_same_variable(it, pp->root, pp->root_is_global, init, place->root, place->root_is_global))
				from = i + 1;
		}
		for (size_t i = from; i < u; i++) {
			const struct hist_item *it = &p->items[i];
			if (it->kind != HIST_STORE ||
			    !given_same_variable(it, it->event->target.root, it->event->target.root_is_global, init, place->root,
				      place->root_is_global) ||
			    !path_within(it->event->target.path, place->path) || passed_on(p, i + 1, u, it))
				continue;
			char *line = alloc_printf("%u", init->event->loc.line);
			const char *vars[] = { "target", it->event->target.path, "var", place->root, "init",
					       call->callee, "init_line", line, NULL };
			eval_add_finding(c, it->event->loc, it->g->function, p, &init->event->loc, "zeroes it here", vars);
			free(line);
		}
	}
}

static bool init_only(const struct check *c, const struct cfg_call *call)
{
	return prepared_is_init_call(c, call, false);
}

/* What a later init can still report: the stores into a variable some init
 * is given, made since its last init and since the last call given it, by
 * event and variable. Every other call and store of the path (the rule
 * records every call given a variable) tells paths apart for nothing. */
static void store_init_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	const struct given_roots *roots = given_roots(c, &kind_store_before_init, init_only, 1);
	size_t *pending = alloc_zeroed(p->len + 1, sizeof(*pending)), npending = 0;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		const struct cfg_call *call = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
		for (size_t a = 0; call && a < call->nargs && npending; a++) {
			const struct cfg_place *arg = kinds_arg_place(call, (int)a + 1);
			if (!arg)
				continue;
			size_t kept = 0;
			for (size_t k = 0; k < npending; k++) {
				const struct hist_item *st = &p->items[pending[k]];
				if (!given_same_variable(it, arg->root, arg->root_is_global, st, st->event->target.root,
					      st->event->target.root_is_global))
					pending[kept++] = pending[k];
			}
			npending = kept;
		}
		const char *name;
		if (it->kind == HIST_STORE && it->event->target.root) {
			given_variable_id(it, it->event->target.root, it->event->target.root_is_global, &name);
			if (given_roots_has(roots, name))
				pending[npending++] = i;
		}
	}
	for (size_t k = 0; k < npending; k++) {
		const struct hist_item *st = &p->items[pending[k]];
		const char *name;
		key_ptr(key, st->event);
		key_int(key, given_variable_id(st, st->event->target.root, st->event->target.root_is_global, &name));
	}
	free(pending);
}

static const struct kind_ops store_before_init_ops = {
	.relevant = store_init_relevant,
	.check_path = store_before_init_path,
	.summary = store_init_summary,
	.summary_reads = HIST_BIT(HIST_CALL) | HIST_BIT(HIST_STORE),
	.outcomes_unread = true,
};

const struct kind kind_store_before_init = {
	.name = "store-before-init",
	.placeholders = (const char *const[]){ "target", "var", "init", "init_line", NULL },
	.compile = prepared_params_compile,
	.release = prepared_params_release,
	.ops = &store_before_init_ops,
};

