/* The store-before-init kind: a member of a structure set before the init
 * call that zeroes the structure, and so discarded. */
#include <stdlib.h>
#include <string.h>

#include "kinds/prepared.h"
#include "kinds/shared.h"
#include "base/util.h"

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
			const struct cfg_place *arg = call_arg_place(call, (int)a + 1);
			if (arg && same_var(it, arg->root, arg->root_is_global, store, target->root,
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
		if (call_arg_place(call, (int)a + 1))
			return true;
	return struct_relevant(c, g, e);
}

static void store_before_init_path(const struct check *c, const struct path *p)
{
	for (size_t u = 0; u < p->len; u++) {
		const struct hist_item *init = &p->items[u];
		const struct cfg_call *call = init->kind == HIST_CALL ? event_call(init->g, init->event) : NULL;
		if (!call || !is_init_call(c, call, false))
			continue;
		const struct cfg_place *place = call_arg_place(call, 1);
		if (!place)
			continue;
		/* Stores since the previous init of the same variable. */
		size_t from = 0;
		for (size_t i = 0; i < u; i++) {
			const struct hist_item *it = &p->items[i];
			const struct cfg_call *prev = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
			const struct cfg_place *pp = prev && is_init_call(c, prev, false) ? call_arg_place(prev, 1) : NULL;
			if (pp && same_var(it, pp->root, pp->root_is_global, init, place->root, place->root_is_global))
				from = i + 1;
		}
		for (size_t i = from; i < u; i++) {
			const struct hist_item *it = &p->items[i];
			if (it->kind != HIST_STORE ||
			    !same_var(it, it->event->target.root, it->event->target.root_is_global, init, place->root,
				      place->root_is_global) ||
			    !path_within(it->event->target.path, place->path) || passed_on(p, i + 1, u, it))
				continue;
			char *line = xasprintf("%u", init->event->loc.line);
			const char *vars[] = { "target", it->event->target.path, "var", place->root, "init",
					       call->callee, "init_line", line, NULL };
			report(c, it->event->loc, it->g->function, p, &init->event->loc, "zeroes it here", vars);
			free(line);
		}
	}
}

/* The variables given to an init call, by name, in every function
 * DriverEntry reaches (one allocation, for the check's memo): a store into
 * any other no init can discard. */
struct init_roots {
	size_t n, cap;
	unsigned long long names[];
};

static void add_init_root(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e,
			  void *data)
{
	(void)unit;
	struct init_roots **r = data;
	const struct cfg_call *call = event_call(g, e);
	const struct cfg_place *place = call && is_init_call(c, call, false) ? call_arg_place(call, 1) : NULL;
	if (!place || !place->root)
		return;
	if ((*r)->n == (*r)->cap) {
		(*r)->cap *= 2;
		*r = xrealloc(*r, sizeof(**r) + (*r)->cap * sizeof((*r)->names[0]));
	}
	(*r)->names[(*r)->n++] = hash_bytes(place->root, strlen(place->root), 0);
}

static const struct init_roots *init_roots(const struct check *c)
{
	void **slot = ptrmap_slot(c->memo, &kind_store_before_init);
	if (!*slot) {
		struct init_roots *r = xmalloc(sizeof(*r) + 8 * sizeof(r->names[0]));
		*r = (struct init_roots){ 0, 8 };
		kind_visit_events(c, add_init_root, &r);
		*slot = r;
	}
	return *slot;
}

/* The variable a store writes, hashed as same_var tells them apart: through a
 * helper's pointer parameter, the caller's. `*name` gets the root's name. */
static unsigned long long stored_var(const struct hist_item *st, const char **name)
{
	bool global = st->alias_root ? st->alias_global : st->event->target.root_is_global;
	unsigned frame = st->alias_root ? st->alias_frame : st->frame;
	*name = st->alias_root ? st->alias_root : st->event->target.root;
	return hash_bytes(*name, strlen(*name), global ? 0x5bd1e995 : frame + 1) | 1;
}

/* What a later init can still report: the stores into a variable some init
 * is given, made since its last init and since the last call given it, by
 * event and variable. Every other call and store of the path (the rule
 * records every call given a variable) tells paths apart for nothing. */
static void store_init_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	const struct init_roots *roots = init_roots(c);
	size_t *pending = xcalloc(p->len + 1, sizeof(*pending)), npending = 0;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		const struct cfg_call *call = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
		for (size_t a = 0; call && a < call->nargs && npending; a++) {
			const struct cfg_place *arg = call_arg_place(call, (int)a + 1);
			size_t kept = 0;
			for (size_t k = 0; arg && k < npending; k++) {
				const struct hist_item *st = &p->items[pending[k]];
				if (!same_var(it, arg->root, arg->root_is_global, st, st->event->target.root,
					      st->event->target.root_is_global))
					pending[kept++] = pending[k];
			}
			npending = arg ? kept : npending;
		}
		const char *name;
		if (it->kind == HIST_STORE && it->event->target.root) {
			stored_var(it, &name);
			unsigned long long h = hash_bytes(name, strlen(name), 0);
			for (size_t k = 0; k < roots->n; k++)
				if (roots->names[k] == h) {
					pending[npending++] = i;
					break;
				}
		}
	}
	for (size_t k = 0; k < npending; k++) {
		const char *name;
		key_ptr(key, p->items[pending[k]].event);
		key_int(key, stored_var(&p->items[pending[k]], &name));
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

