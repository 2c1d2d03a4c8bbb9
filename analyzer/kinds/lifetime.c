/* SPDX-License-Identifier: Apache-2.0 */
/* The section-lifetime kind: a routine placed in a section the system
 * discards once the driver is initialized (INIT) must not be left anywhere
 * something calls it from after DriverEntry returns: stored in the driver
 * object, a global or a structure, passed to a routine of the kit that
 * registers it (a notify routine, a DPC, a thread), or named in a global's
 * initializer (a registration structure); nor called, directly or through
 * helpers, by a routine left so (an image notify routine calling a matcher
 * placed in INIT with the init helpers). Judged over every event of
 * DriverEntry and the helpers it reaches: where it is stored decides, not
 * the path. A store into a local structure (a query table) keeps the routine
 * only when the structure is given to something that may keep it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "facts/entry.h"
#include "facts/program.h"
#include "front/ddi.h"
#include "kinds/shared.h"
#include "rules/rules.h"
#include "base/alloc.h"
#include "base/map.h"
#include "base/strvec.h"

struct lifetime_params {
	struct strvec sections;     /* discarded after initialization */
	struct strvec not_kept;     /* routines that do not keep what they are given past their return */
};

static void *lifetime_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct lifetime_params *lp = alloc_zeroed(1, sizeof(*lp));
	kinds_names_compile(&lp->sections, cJSON_GetObjectItemCaseSensitive(params, "sections"));
	kinds_names_compile(&lp->not_kept, cJSON_GetObjectItemCaseSensitive(params, "not_kept"));
	return lp;
}

static void lifetime_release(void *compiled)
{
	struct lifetime_params *lp = compiled;
	strvec_clear(&lp->sections);
	strvec_clear(&lp->not_kept);
	free(lp);
}

static bool in_discarded(const struct lifetime_params *lp, const struct function_facts *f)
{
	return f->section && strvec_contains(&lp->sections, f->section);
}

/* The routine `name` names, seen from `unit`, when it is in a discarded
 * section: its facts, else NULL. */
static const struct function_facts *discarded(const struct check *c, size_t unit, const char *name)
{
	const struct lifetime_params *lp = c->compiled;
	size_t u, i;
	if (!name || !program_resolve(c->prog, name, unit, &u, &i))
		return NULL;
	const struct function_facts *f = program_function(c->prog, u, i);
	return in_discarded(lp, f) ? f : NULL;
}

/* A routine something may call after DriverEntry returns, and how it was
 * left there: what it calls runs then too. */
struct kept {
	const char *name;           /* borrowed from the event or the global */
	size_t unit;                /* the unit the name is seen from */
	struct cfg_loc at;          /* the store, call or initializer */
	char *which;                /* "DriverEntry passes to PsSetLoadImageNotifyRoutine" */
};

struct lifetime_walk {
	struct kept *kept;
	size_t nkept, cap;
	struct u64set reported;     /* the discarded routines reported, by their facts */
	struct u64set visited;      /* the routines whose calls were read */
};

static unsigned long long fn_key(const struct function_facts *f)
{
	return (unsigned long long)(uintptr_t)f;
}

static void keep(struct lifetime_walk *w, const char *name, size_t unit, struct cfg_loc at, char *which)
{
	GROW(w->kept, w->cap, w->nkept + 1);
	w->kept[w->nkept++] = (struct kept){ name, unit, at, which };
}

static void report_stored(const struct check *c, size_t unit, const struct function_facts *f,
			  struct cfg_loc at, const char *function, const char *how)
{
	struct cfg_loc defined = { f->file ? f->file : c->prog->units[unit].path, f->line, f->column };
	/* A routine defined in another file than the one that stores it. */
	size_t u, i;
	if (program_resolve(c->prog, f->name, unit, &u, &i))
		defined.file = f->file ? f->file : c->prog->units[u].path;
	char *line = kinds_line_number_text(at.line);
	const char *vars[] = { "routine", f->name, "section", f->section, "how", how, "use_line", line, NULL };
	eval_add_finding(c, at, function, NULL, &defined, "defined here", vars);
	free(line);
}

/* The functions a value may be: itself, or each alternative of a `?:`. */
static void each_function(const struct cfg_value *v, const char **out, size_t *n, size_t max)
{
	if (v->kind == VALUE_FUNCTION && v->name && *n < max)
		out[(*n)++] = v->name;
	for (size_t k = 0; k < v->nalts; k++)
		each_function(&v->alts[k], out, n, max);
}

/* Whether a value names the local `root` (its value or its address). */
static bool names_local(const struct cfg_value *v, const char *root)
{
	if ((v->kind == VALUE_PLACE || v->kind == VALUE_ADDRESS) && v->place.root && !strcmp(v->place.root, root))
		return true;
	for (size_t k = 0; k < v->nalts; k++)
		if (names_local(&v->alts[k], root))
			return true;
	return false;
}

/* Whether what is stored into the local structure `root` of `g` (a query
 * table, a config) may outlive the function: the structure, or its address,
 * is given to a call that is not one of `not_kept` nor a zeroing call,
 * copied, or its address given away otherwise. A table handed only to
 * RtlQueryRegistryValues is read before that call returns. */
static bool local_kept(const struct lifetime_params *lp, const struct cfg *g, const struct cfg_place *target)
{
	if (target->escapes)
		return true;
	for (size_t b = 0; b < g->nblocks; b++) {
		for (size_t i = 0; i < g->blocks[b].nevents; i++) {
			const struct cfg_event *e = &g->blocks[b].events[i];
			const struct cfg_call *call = event_call(g, e);
			if (call) {
				/* Zeroing it keeps nothing either. */
				if (kinds_call_listed(call, &lp->not_kept) ||
				    (call->callee && ddi_zeroing_fill(call->callee) != -2) ||
				    (call->macro && ddi_zeroing_fill(call->macro) != -2))
					continue;
				for (size_t a = 0; a < call->nargs; a++)
					if (names_local(&call->args[a], target->root))
						return true;
			} else if ((e->kind == EVENT_STORE || e->kind == EVENT_ASSIGN || e->kind == EVENT_RETURN) &&
				   names_local(&e->value, target->root)) {
				return true;
			}
		}
	}
	return false;
}

/* A member or element of a local variable of the function itself (not
 * reached through a pointer, a parameter or `this`). */
static bool in_local(const struct cfg_place *target)
{
	return target->root && !target->root_is_global && !target->root_is_param && !target->root_is_this &&
	       !target->deref && target->path && !strstr(target->path, "->");
}

static void lifetime_event(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e,
			   void *data)
{
	const struct lifetime_params *lp = c->compiled;
	struct lifetime_walk *w = data;
	const char *names[8];
	size_t n = 0;
	if (e->kind == EVENT_STORE || (e->kind == EVENT_ASSIGN && e->target.root_is_global)) {
		each_function(&e->value, names, &n, 8);
		if (n && in_local(&e->target) && !local_kept(lp, g, &e->target))
			return;
		for (size_t k = 0; k < n; k++) {
			keep(w, names[k], unit, e->loc, alloc_printf("%s stores in %s", g->function, e->target.path));
			const struct function_facts *f = discarded(c, unit, names[k]);
			if (!f)
				continue;
			u64set_add(&w->reported, fn_key(f));
			char *how = alloc_printf("%s stores it in %s", g->function, e->target.path);
			report_stored(c, unit, f, e->loc, g->function, how);
			free(how);
		}
		return;
	}
	const struct cfg_call *call = event_call(g, e);
	/* A routine of the driver's own that is given it stores it where its
	 * body shows (the walk visits it); a kit routine keeps it, unless it
	 * only calls it before returning. */
	if (!call || !call->callee || !call->callee_in_system_header || kinds_call_listed(call, &lp->not_kept))
		return;
	for (size_t a = 0; a < call->nargs; a++) {
		n = 0;
		each_function(&call->args[a], names, &n, 8);
		for (size_t k = 0; k < n; k++) {
			keep(w, names[k], unit, call->loc, alloc_printf("%s passes to %s", g->function, call->callee));
			const struct function_facts *f = discarded(c, unit, names[k]);
			if (!f)
				continue;
			u64set_add(&w->reported, fn_key(f));
			char *how = alloc_printf("%s passes it to %s", g->function, call->callee);
			report_stored(c, unit, f, call->loc, g->function, how);
			free(how);
		}
	}
}

/* Initializers of the file-scope variables DriverEntry's file and directory
 * define (a FLT_REGISTRATION, an operation table): they outlive DriverEntry. */
static void lifetime_globals(const struct check *c, struct lifetime_walk *w)
{
	const struct unit_facts *u = &c->prog->units[c->entry->unit];
	for (size_t k = 0; k < u->nglobals; k++) {
		const struct global_facts *gl = &u->globals[k];
		for (size_t v = 0; v < gl->values.len; v++) {
			keep(w, gl->values.items[v], c->entry->unit, gl->loc,
			     alloc_printf("the initializer of %s names as %s", gl->name, gl->fields.items[v]));
			const struct function_facts *f = discarded(c, c->entry->unit, gl->values.items[v]);
			if (!f)
				continue;
			u64set_add(&w->reported, fn_key(f));
			char *how = alloc_printf("the initializer of %s names it as %s", gl->name, gl->fields.items[v]);
			report_stored(c, c->entry->unit, f, gl->loc, gl->name, how);
			free(how);
		}
	}
}

/* The calls of `fn` (unit `unit`), a routine that runs after DriverEntry
 * returns, reached from the kept routine `k` through `via` (NULL when `fn`
 * is `k`'s routine): each discarded routine called is reported once, at the
 * call; the others are followed. */
static void calls_after_init(const struct check *c, struct lifetime_walk *w, const struct kept *k, size_t unit,
			     const struct function_facts *fn, const char *via, unsigned depth)
{
	if (!fn->cfg || !u64set_add(&w->visited, fn_key(fn)))
		return;
	const struct cfg *g = fn->cfg;
	for (size_t b = 0; b < g->nblocks; b++) {
		for (size_t i = 0; i < g->blocks[b].nevents; i++) {
			const struct cfg_call *call = event_call(g, &g->blocks[b].events[i]);
			size_t u, x;
			if (!call || !call->callee || call->callee_in_system_header ||
			    !program_resolve_scoped(c->prog, call->callee, call->scope, unit, &u, &x))
				continue;
			const struct function_facts *f = program_function(c->prog, u, x);
			if (f == fn)
				continue;
			if (!in_discarded(c->compiled, f)) {
				if (depth < PROGRAM_HELPER_DEPTH)
					calls_after_init(c, w, k, u, f, via ? via : fn->name, depth + 1);
				continue;
			}
			if (!u64set_add(&w->reported, fn_key(f)))
				continue;
			char *kept_line = kinds_line_number_text(k->at.line);
			char *how = via ? alloc_printf("%s, reached from %s, which %s (line %s), calls it", fn->name, via,
						       k->which, kept_line)
					: alloc_printf("%s, which %s (line %s), calls it", fn->name, k->which, kept_line);
			size_t before = c->out->len;
			report_stored(c, unit, f, call->loc, fn->name, how);
			/* Where the routine that calls it was left to run later. */
			if (c->out->len > before && k->at.file) {
				struct finding *out = &c->out->items[c->out->len - 1];
				out->related = alloc_resize(out->related, (out->nrelated + 1) * sizeof(*out->related));
				out->related[out->nrelated++] = (struct finding_step){
					alloc_strdup(k->at.file), k->at.line, k->at.column,
					alloc_printf("%s is left here to run after DriverEntry returns", k->name),
					STEP_EVENT
				};
			}
			free(how);
			free(kept_line);
		}
	}
}

static void lifetime_entry(const struct check *c)
{
	struct lifetime_walk w = { 0 };
	lifetime_globals(c, &w);
	kinds_visit_events(c, lifetime_event, &w);
	/* What the routines left to run later call, a routine of a discarded
	 * section itself aside (reported already). */
	for (size_t k = 0; k < w.nkept; k++) {
		size_t u, i;
		if (program_resolve(c->prog, w.kept[k].name, w.kept[k].unit, &u, &i) &&
		    !discarded(c, w.kept[k].unit, w.kept[k].name))
			calls_after_init(c, &w, &w.kept[k], u, program_function(c->prog, u, i), NULL, 0);
	}
	for (size_t k = 0; k < w.nkept; k++)
		free(w.kept[k].which);
	free(w.kept);
	u64set_clear(&w.reported);
	u64set_clear(&w.visited);
}

static const struct kind_ops section_lifetime_ops = {
	.check_entry = lifetime_entry,
};

const struct kind kind_section_lifetime = {
	.name = "section-lifetime",
	.placeholders = (const char *const[]){ "routine", "section", "how", "use_line", NULL },
	.compile = lifetime_compile,
	.release = lifetime_release,
	.ops = &section_lifetime_ops,
};
