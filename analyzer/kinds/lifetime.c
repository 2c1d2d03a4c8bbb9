/* SPDX-License-Identifier: Apache-2.0 */
/* The section-lifetime kind: a routine placed in a section the system
 * discards once the driver is initialized (INIT) must not be left anywhere
 * something calls it from after DriverEntry returns: stored in the driver
 * object, a global or a structure, passed to a routine of the kit that
 * registers it (a notify routine, a DPC, a thread), or named in a global's
 * initializer (a registration structure). Judged over every event of
 * DriverEntry and the helpers it reaches: where it is stored decides, not
 * the path. */
#include <stdlib.h>
#include <string.h>

#include "facts/entry.h"
#include "facts/program.h"
#include "kinds/shared.h"
#include "rules/rules.h"
#include "base/alloc.h"
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

/* The routine `name` names, seen from `unit`, when it is in a discarded
 * section: its facts, else NULL. */
static const struct function_facts *discarded(const struct check *c, size_t unit, const char *name)
{
	const struct lifetime_params *lp = c->compiled;
	size_t u, i;
	if (!name || !program_resolve(c->prog, name, unit, &u, &i))
		return NULL;
	const struct function_facts *f = program_function(c->prog, u, i);
	return f->section && strvec_contains(&lp->sections, f->section) ? f : NULL;
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

static void lifetime_event(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e,
			   void *data)
{
	const struct lifetime_params *lp = c->compiled;
	(void)data;
	const char *names[8];
	size_t n = 0;
	if (e->kind == EVENT_STORE || (e->kind == EVENT_ASSIGN && e->target.root_is_global)) {
		each_function(&e->value, names, &n, 8);
		for (size_t k = 0; k < n; k++) {
			const struct function_facts *f = discarded(c, unit, names[k]);
			if (!f)
				continue;
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
			const struct function_facts *f = discarded(c, unit, names[k]);
			if (!f)
				continue;
			char *how = alloc_printf("%s passes it to %s", g->function, call->callee);
			report_stored(c, unit, f, call->loc, g->function, how);
			free(how);
		}
	}
}

/* Initializers of the file-scope variables DriverEntry's file and directory
 * define (a FLT_REGISTRATION, an operation table): they outlive DriverEntry. */
static void lifetime_globals(const struct check *c)
{
	const struct unit_facts *u = &c->prog->units[c->entry->unit];
	for (size_t k = 0; k < u->nglobals; k++) {
		const struct global_facts *gl = &u->globals[k];
		for (size_t v = 0; v < gl->values.len; v++) {
			const struct function_facts *f = discarded(c, c->entry->unit, gl->values.items[v]);
			if (!f)
				continue;
			char *how = alloc_printf("the initializer of %s names it as %s", gl->name, gl->fields.items[v]);
			report_stored(c, c->entry->unit, f, gl->loc, gl->name, how);
			free(how);
		}
	}
}

static void lifetime_entry(const struct check *c)
{
	lifetime_globals(c);
	kinds_visit_events(c, lifetime_event, NULL);
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
