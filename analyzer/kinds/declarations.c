/* SPDX-License-Identifier: Apache-2.0 */
/* Rule kinds about declarations rather than paths: signature,
 * role-declaration, c-linkage, dispatch-role, routine-role and model-note.
 * How a function is declared (role types, _Function_class_, _Dispatch_type_)
 * comes from the tokens of its declarations (facts/decls.c). */
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "facts/entry.h"
#include "kinds/shared.h"
#include "facts/program.h"
#include "facts/reads.h"
#include "rules/rules.h"
#include "base/problems.h"
#include "base/alloc.h"
#include "base/path.h"
#include "base/strbuf.h"
#include "base/strvec.h"

static struct cfg_loc entry_loc(const struct check *c)
{
	return c->fn->cfg->loc;
}

/* A canonical type spelling without struct/enum keywords, calling
 * conventions and spaces, so spellings from C and C++ compare equal. */
static char *normalize_type(const char *type)
{
	static const char *const drop[] = { "struct ", "enum ", "union ", "__attribute__((stdcall))",
					    "__attribute__((cdecl))", "__stdcall", "__cdecl" };
	char *s = alloc_strdup(type ? type : "");
	for (size_t d = 0; d < sizeof(drop) / sizeof(*drop); d++) {
		size_t n = strlen(drop[d]);
		for (char *p; (p = strstr(s, drop[d]));)
			memmove(p, p + n, strlen(p + n) + 1);
	}
	char *out = s, *w = s;
	for (; *out; out++)
		if (*out != ' ')
			*w++ = *out;
	*w = '\0';
	return s;
}

static char *function_type(const struct cfg *g)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s (", g->canonical_return_type ? g->canonical_return_type : "?");
	for (size_t i = 0; i < g->nparams; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", g->params[i].canonical_type);
	strbuf_adds(&sb, ")");
	return strbuf_detach(&sb);
}

/* A declaration judged in a file that read a header as empty, or that
 * needed assumed declarations, may be judged on what is missing; so may one
 * a macro wrote (DECLARE_DISPATCH(Create)) when the rule reads the
 * declaration's tokens (`from_tokens`), since its role type and annotations
 * are in the macro's body. Then the rule says in a note that it could not
 * check instead of reporting. Returns whether that is the case. */
static bool cannot_judge(const struct check *c, const struct unit_facts *u, struct cfg_loc loc,
			 const char *what, bool from_tokens)
{
	const char *macro = NULL;
	for (size_t i = 0; from_tokens && i < u->ndecls && !macro; i++)
		if (!strcmp(u->decls[i].name, what))
			macro = u->decls[i].macro;
	char *why;
	if (u->missing_headers.len)
		why = alloc_printf("'%s' was not found, so its declarations are unknown", u->missing_headers.items[0]);
	else if (u->assumed_names.len)
		why = alloc_printf("'%s' is declared by no header", u->assumed_names.items[0]);
	else if (macro)
		why = alloc_printf("it is declared by the macro '%s', whose expansion entrycheck does not read", macro);
	else
		return false;
	char *cwd = path_current_directory();
	char *shown = loc.file ? path_relative_to(loc.file, cwd) : alloc_strdup(u->display);
	problems_add(c->notes, PROBLEM_NOTE, shown, loc.line, loc.column, "%s not checked for %s: %s",
		     c->rule->id, what, why);
	free(shown);
	free(cwd);
	free(why);
	return true;
}

/* The parts of a form's type text "ret (a, b)": the return type and the
 * parameter types, each normalized. */
static size_t form_parts(const char *form, char **parts, size_t max)
{
	const char *open = strchr(form, '('), *close = strrchr(form, ')');
	if (!open || !close || close < open || max < 1)
		return 0;
	char *ret = alloc_strndup(form, (size_t)(open - form));
	parts[0] = normalize_type(ret);
	free(ret);
	size_t n = 1;
	for (const char *p = open + 1; p < close && n < max;) {
		const char *end = memchr(p, ',', (size_t)(close - p));
		end = end ? end : close;
		char *one = alloc_strndup(p, (size_t)(end - p));
		parts[n] = normalize_type(one);
		free(one);
		if (*parts[n])
			n++;
		else
			free(parts[n]);
		p = end + 1;
	}
	return n;
}

/* Which part of DriverEntry's type differs from `form`: the return type,
 * the parameter count or the first parameter whose type differs. */
static char *signature_difference(const struct cfg *g, const char *form)
{
	char *parts[16];
	size_t n = form_parts(form, parts, 16);
	char *why = NULL;
	char *ret = normalize_type(g->canonical_return_type);
	if (n && strcmp(ret, parts[0]))
		why = alloc_printf("the return type is '%s'", g->canonical_return_type);
	else if (n && g->nparams != n - 1)
		why = alloc_printf("it takes %zu parameter%s instead of %zu", g->nparams,
				g->nparams == 1 ? "" : "s", n - 1);
	for (size_t i = 0; !why && i < g->nparams && i + 1 < n; i++) {
		char *have = normalize_type(g->params[i].canonical_type);
		if (strcmp(have, parts[i + 1]))
			why = alloc_printf("parameter %zu's type is '%s'", i + 1, g->params[i].canonical_type);
		free(have);
	}
	for (size_t i = 0; i < n; i++)
		free(parts[i]);
	free(ret);
	return why ? why : alloc_strdup("its type differs");
}

/* Whether one of `forms` ({models, type}) applies to DriverEntry's models
 * and names its type. */
static bool form_accepted(const struct check *c, const cJSON *forms)
{
	char *type = function_type(c->fn->cfg), *norm = normalize_type(type);
	bool ok = false;
	const cJSON *form, *m, *t;
	cJSON_ArrayForEach(form, forms) {
		const cJSON *models = cJSON_GetObjectItemCaseSensitive(form, "models");
		bool applies = kinds_name_listed("*", models);
		cJSON_ArrayForEach(m, models) {
			int model = driver_model_from_name(m->valuestring);
			applies |= model >= 0 && (c->entry->models & MODEL_BIT(model));
		}
		cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(form, "type")) {
			char *want = normalize_type(t->valuestring);
			ok |= applies && !strcmp(want, norm);
			free(want);
		}
	}
	free(norm);
	free(type);
	return ok;
}

static void signature_entry(const struct check *c)
{
	char *type = function_type(c->fn->cfg);
	char *norm = normalize_type(type);
	struct strbuf accepted = STRBUF_INIT;
	bool ok = false;
	const cJSON *form;
	const char *reference = NULL; /* the first form for every model: what differs is told against it */
	cJSON_ArrayForEach(form, cJSON_GetObjectItemCaseSensitive(c->params, "forms")) {
		const cJSON *models = cJSON_GetObjectItemCaseSensitive(form, "models");
		bool applies = kinds_name_listed("*", models);
		const cJSON *m;
		cJSON_ArrayForEach(m, models) {
			int model = driver_model_from_name(m->valuestring);
			applies |= model >= 0 && (c->entry->models & MODEL_BIT(model));
		}
		if (!applies)
			continue;
		const cJSON *t;
		cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(form, "type")) {
			if (!reference && kinds_name_listed("*", models))
				reference = t->valuestring;
			char *want = normalize_type(t->valuestring);
			ok |= !strcmp(want, norm);
			free(want);
			if (!kinds_name_listed("*", models) && !strstr(strbuf_str(&accepted), t->valuestring))
				strbuf_addf(&accepted, "%s'%s'", accepted.len ? " or " : "", t->valuestring);
		}
	}
	if (!ok && !cannot_judge(c, c->unit, entry_loc(c), c->fn->name, false)) {
		char *extra = accepted.len ? alloc_printf(" (nor is it the port form %s)", strbuf_str(&accepted)) : alloc_strdup("");
		char *diff = signature_difference(c->fn->cfg, reference ? reference : "");
		const char *vars[] = { "type", type, "accepted", extra, "difference", diff, NULL };
		eval_add_finding(c, entry_loc(c), c->fn->name, NULL, NULL, NULL, vars);
		free(diff);
		free(extra);
	}
	strbuf_release(&accepted);
	free(norm);
	free(type);
}

static const struct kind_ops signature_ops = {
	.check_entry = signature_entry,
};

const struct kind kind_signature = {
	.name = "signature",
	.placeholders = (const char *const[]){ "type", "accepted", "difference", NULL },
	.ops = &signature_ops,
};

/* The params of role-declaration, dispatch-role and routine-role, compiled
 * once per rule. */
struct role_params {
	struct strvec role_types;
	/* dispatch-role's "judge"; role and annotation when absent */
	bool judge_role, judge_annotation, judge_dispatch_type, judge_function_class;
	/* routine-role: the fields judged and the role types of each; "judge" */
	struct strvec fields;
	struct strvec *field_types;
	struct strvec other_roles;
	bool judge_missing, judge_other_role;
};

static bool judged(const cJSON *judge, const char *what)
{
	const cJSON *item;
	cJSON_ArrayForEach(item, judge)
		if (cJSON_IsString(item) && !strcmp(item->valuestring, what))
			return true;
	return false;
}

static void *role_params_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct role_params *rp = alloc_zeroed(1, sizeof(*rp));
	kinds_names_compile(&rp->role_types, cJSON_GetObjectItemCaseSensitive(params, "role_types"));
	const cJSON *judge = cJSON_GetObjectItemCaseSensitive(params, "judge");
	rp->judge_role = !judge || judged(judge, "role");
	rp->judge_annotation = !judge || judged(judge, "annotation");
	rp->judge_dispatch_type = judged(judge, "dispatch-type");
	rp->judge_function_class = judged(judge, "function-class");
	rp->judge_missing = !judge || judged(judge, "missing");
	rp->judge_other_role = !judge || judged(judge, "other-role");
	const cJSON *roles = cJSON_GetObjectItemCaseSensitive(params, "roles"), *role;
	size_t n = (size_t)cJSON_GetArraySize(roles);
	rp->field_types = n ? alloc_zeroed(n, sizeof(*rp->field_types)) : NULL;
	cJSON_ArrayForEach(role, roles) {
		strvec_push(&rp->fields, role->string);
		kinds_names_compile(&rp->field_types[rp->fields.len - 1], role);
	}
	kinds_names_compile(&rp->other_roles, cJSON_GetObjectItemCaseSensitive(params, "other_roles"));
	return rp;
}

static void role_params_release(void *compiled)
{
	struct role_params *rp = compiled;
	strvec_clear(&rp->role_types);
	for (size_t i = 0; i < rp->fields.len; i++)
		strvec_clear(&rp->field_types[i]);
	free(rp->field_types);
	strvec_clear(&rp->fields);
	strvec_clear(&rp->other_roles);
	free(rp);
}

/* How the declarations of a function in one unit use role types. */
struct role_use {
	bool any_decl;
	const char *typed;          /* a role type used as the declaration's type (DRIVER_DISPATCH Foo;) */
	const char *classed;        /* a role type named by _Function_class_ */
	const char *other;          /* a role type of `others` used either way */
	bool dispatch_annotated;    /* some declaration carries _Dispatch_type_ */
};

static const char *first_listed(const struct strvec *have, const struct strvec *wanted)
{
	for (size_t k = 0; k < have->len; k++)
		if (strvec_contains(wanted, have->items[k]))
			return have->items[k];
	return NULL;
}

/* The declarations of `name` in `unit` (its file and its own headers).
 * `others` may be NULL. */
static struct role_use role_use_of(const struct unit_facts *u, const char *name, const struct strvec *role_types,
				   const struct strvec *others)
{
	struct role_use r = { 0 };
	for (size_t i = 0; i < u->ndecls; i++) {
		const struct decl_facts *d = &u->decls[i];
		if (strcmp(d->name, name))
			continue;
		r.any_decl = true;
		r.typed = r.typed ? r.typed : first_listed(&d->specifiers, role_types);
		r.classed = r.classed ? r.classed : first_listed(&d->function_classes, role_types);
		if (others && !r.other)
			r.other = first_listed(&d->specifiers, others) ? first_listed(&d->specifiers, others)
								       : first_listed(&d->function_classes, others);
		r.dispatch_annotated |= d->dispatch_types.len > 0;
	}
	return r;
}

static bool declared_with(const struct unit_facts *u, const char *name, const struct strvec *role_types,
			  bool *any_decl)
{
	struct role_use r = role_use_of(u, name, role_types, NULL);
	*any_decl = r.any_decl;
	return r.typed || r.classed;
}

/* The role type to advise: the first "advise" entry whose models include the
 * entry's (a Storport miniport's is sp_DRIVER_INITIALIZE), else the first of
 * "role_types". */
static const char *advised_role_type(const struct check *c)
{
	const cJSON *advice, *m;
	cJSON_ArrayForEach(advice, cJSON_GetObjectItemCaseSensitive(c->params, "advise")) {
		const char *type = kinds_param_string(advice, "type");
		cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(advice, "models")) {
			int model = driver_model_from_name(m->valuestring);
			if (type && model >= 0 && (c->entry->models & MODEL_BIT(model)))
				return type;
		}
	}
	const struct role_params *rp = c->compiled;
	return rp->role_types.len ? rp->role_types.items[0] : "DRIVER_INITIALIZE";
}

static void role_entry(const struct check *c)
{
	bool any = false;
	const struct role_params *rp = c->compiled;
	if (declared_with(c->unit, c->fn->name, &rp->role_types, &any))
		return;
	/* The miniport form (a video miniport's) has no role type to declare. */
	if (form_accepted(c, cJSON_GetObjectItemCaseSensitive(c->params, "unless_types")))
		return;
	if (cannot_judge(c, c->unit, entry_loc(c), c->fn->name, true))
		return;
	const char *vars[] = { "role_type", advised_role_type(c), NULL };
	eval_add_finding(c, entry_loc(c), c->fn->name, NULL, NULL, NULL, vars);
}

static const struct kind_ops role_declaration_ops = {
	.check_entry = role_entry,
};

const struct kind kind_role_declaration = {
	.name = "role-declaration",
	.compile = role_params_compile,
	.release = role_params_release,
	.placeholders = (const char *const[]){ "role_type", NULL },
	.ops = &role_declaration_ops,
};

static void linkage_entry(const struct check *c)
{
	if (c->unit->cplusplus && !c->fn->c_linkage && !cannot_judge(c, c->unit, entry_loc(c), c->fn->name, false))
		eval_add_finding(c, entry_loc(c), c->fn->name, NULL, NULL, NULL, NULL);
}

static const struct kind_ops c_linkage_ops = {
	.check_entry = linkage_entry,
};

const struct kind kind_c_linkage = {
	.name = "c-linkage",
	.placeholders = (const char *const[]){ NULL },
	.ops = &c_linkage_ops,
};

static void note_entry(const struct check *c)
{
	eval_add_finding(c, entry_loc(c), c->fn->name, NULL, NULL, NULL, NULL);
}

static const struct kind_ops model_note_ops = {
	.check_entry = note_entry,
};

const struct kind kind_model_note = {
	.name = "model-note",
	.placeholders = (const char *const[]){ NULL },
	.ops = &model_note_ops,
};

/* dispatch-role: the routines DriverEntry and its helpers store in MajorFunction[]. */

static const struct unit_facts *unit_declaring(const struct check *c, size_t from, const char *name)
{
	/* The file of the store first, then the files of the same directory. */
	const struct unit_facts *u = &c->prog->units[from];
	reads_note_unit(c->prog, from);
	for (size_t i = 0; i < u->ndecls; i++)
		if (!strcmp(u->decls[i].name, name))
			return u;
	reads_note_dir(c->prog, u->dir);
	for (size_t k = 0; k < c->prog->nunits; k++) {
		const struct unit_facts *o = &c->prog->units[k];
		if (strcmp(o->dir, u->dir))
			continue;
		for (size_t i = 0; i < o->ndecls; i++)
			if (!strcmp(o->decls[i].name, name))
				return o;
	}
	return NULL;
}

static bool create_family(const char *major)
{
	return !strcmp(major, "IRP_MJ_CREATE") || !strcmp(major, "IRP_MJ_CREATE_NAMED_PIPE") ||
	       !strcmp(major, "IRP_MJ_CREATE_MAILSLOT");
}

/* Whether `g` also stores `routine` into a slot its annotations name, all of
 * them of the create family as `index` is: a file system filter's create
 * routine serves the named-pipe and mailslot creates on purpose, and an
 * annotation missing for one of them is incomplete, not the wrong routine in
 * a slot (a read routine stored in the write slot is). */
static bool stored_in_annotated_slot(const struct cfg *g, const char *routine, const struct strvec *types,
				     const char *index)
{
	if (!create_family(index))
		return false;
	for (size_t i = 0; i < types->len; i++)
		if (!create_family(types->items[i]))
			return false;
	for (size_t b = 0; b < g->nblocks; b++)
		for (size_t i = 0; i < g->blocks[b].nevents; i++) {
			const struct cfg_event *e = &g->blocks[b].events[i];
			if (e->kind == EVENT_STORE && e->target.field && !strcmp(e->target.field, "MajorFunction") &&
			    e->value.kind == VALUE_FUNCTION && e->value.name && !strcmp(e->value.name, routine) &&
			    e->target.index && strvec_contains(types, e->target.index))
				return true;
		}
	return false;
}

/* What dispatch-role finds wrong with the declarations of `routine`,
 * stored in MajorFunction[index] by `g`; NULL when nothing. */
static char *dispatch_problem(const struct role_params *rp, const struct unit_facts *u, const char *routine,
			      const struct cfg *g, const struct cfg_event *e)
{
	struct role_use r = role_use_of(u, routine, &rp->role_types, NULL);
	if (!r.typed && !r.classed)
		return rp->judge_role ? alloc_strdup("is not declared with the DRIVER_DISPATCH role type") : NULL;
	if (e->target.index_constant && e->target.index && (rp->judge_annotation || rp->judge_dispatch_type)) {
		struct strvec types = STRVEC_INIT;
		for (size_t i = 0; i < u->ndecls; i++)
			if (!strcmp(u->decls[i].name, routine))
				strvec_push_all(&types, &u->decls[i].dispatch_types);
		char *problem = NULL;
		if (types.len && !strvec_contains(&types, e->target.index) && !strvec_contains(&types, "IRP_MJ_OTHER")) {
			char *names = kinds_names_joined(&types, ", ");
			bool shared = stored_in_annotated_slot(g, routine, &types, e->target.index);
			if (shared && rp->judge_dispatch_type)
				problem = alloc_printf("its _Dispatch_type_ annotations name only %s", names);
			else if (!shared && rp->judge_annotation)
				problem = alloc_printf("its _Dispatch_type_ annotation names %s", names);
			free(names);
			if (!problem) { /* the other rule's */
				strvec_clear(&types);
				return NULL;
			}
		}
		strvec_clear(&types);
		if (problem)
			return problem;
	}
	const char *role = r.typed ? r.typed : r.classed;
	bool class_only = rp->judge_function_class && !r.typed;
	/* A routine a loop stores in every slot (a filter's pass-through) is not
	 * asked for annotations: it would need one per major function. */
	bool unannotated = rp->judge_dispatch_type && !r.dispatch_annotated && e->target.index_constant;
	if (class_only && unannotated)
		return alloc_printf("is declared with _Function_class_(%s) instead of '%s %s;', and without a "
				 "_Dispatch_type_ annotation", role, role, routine);
	if (class_only)
		return alloc_printf("is declared with _Function_class_(%s) instead of '%s %s;'", role, role, routine);
	if (unannotated)
		return alloc_printf("its %s declaration has no _Dispatch_type_(%s) annotation", role,
				 e->target.index ? e->target.index : "IRP_MJ_...");
	return NULL;
}

static void check_store(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e)
{
	if ((e->kind != EVENT_STORE) || !e->target.field || strcmp(e->target.field, "MajorFunction") ||
	    e->value.kind != VALUE_FUNCTION || !e->value.name)
		return;
	const char *routine = e->value.name;
	const struct unit_facts *u = unit_declaring(c, unit, routine);
	if (!u)
		return; /* declared where we cannot see: nothing to judge */
	char *problem = dispatch_problem(c->compiled, u, routine, g, e);
	if (problem && cannot_judge(c, u, e->loc, routine, true)) {
		free(problem);
		problem = NULL;
	}
	if (problem) {
		const char *vars[] = { "routine", routine, "index", e->target.index ? e->target.index : "i",
				       "problem", problem, NULL };
		eval_add_finding(c, e->loc, g->function, NULL, NULL, NULL, vars);
		free(problem);
	}
}

static void dispatch_visit(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e,
			   void *data)
{
	(void)data;
	check_store(c, unit, g, e);
}

static void dispatch_entry(const struct check *c)
{
	kinds_visit_events(c, dispatch_visit, NULL);
}

static const struct kind_ops dispatch_role_ops = {
	.check_entry = dispatch_entry,
};

const struct kind kind_dispatch_role = {
	.name = "dispatch-role",
	.compile = role_params_compile,
	.release = role_params_release,
	.placeholders = (const char *const[]){ "routine", "index", "problem", NULL },
	.ops = &dispatch_role_ops,
};

/* routine-role: the routines stored in the driver object's other entry
 * points (DriverUnload, DriverExtension->AddDevice, DriverStartIo), each
 * judged against the role types of its field. */

static void routine_visit(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e,
			  void *data)
{
	(void)data;
	const struct role_params *rp = c->compiled;
	if (e->kind != EVENT_STORE || !e->target.field || e->value.kind != VALUE_FUNCTION || !e->value.name)
		return;
	size_t f = 0;
	while (f < rp->fields.len && strcmp(rp->fields.items[f], e->target.field))
		f++;
	if (f == rp->fields.len)
		return;
	const char *routine = e->value.name;
	const struct unit_facts *u = unit_declaring(c, unit, routine);
	if (!u)
		return;
	const struct strvec *types = &rp->field_types[f];
	struct role_use r = role_use_of(u, routine, types, &rp->other_roles);
	char *problem = NULL;
	if (r.typed || r.classed)
		return;
	if (r.other && rp->judge_other_role)
		problem = alloc_printf("is declared '%s', the role type of another kind of routine, not '%s'", r.other,
				    types->items[0]);
	else if (!r.other && rp->judge_missing)
		problem = alloc_printf("is not declared with its role type: add '%s %s;'", types->items[0], routine);
	if (problem && cannot_judge(c, u, e->loc, routine, true)) {
		free(problem);
		problem = NULL;
	}
	if (problem) {
		const char *vars[] = { "routine", routine, "target", e->target.path, "role", types->items[0],
				       "problem", problem, NULL };
		eval_add_finding(c, e->loc, g->function, NULL, NULL, NULL, vars);
		free(problem);
	}
}

static void routine_entry(const struct check *c)
{
	kinds_visit_events(c, routine_visit, NULL);
}

static const struct kind_ops routine_role_ops = {
	.check_entry = routine_entry,
};

const struct kind kind_routine_role = {
	.name = "routine-role",
	.compile = role_params_compile,
	.release = role_params_release,
	.placeholders = (const char *const[]){ "routine", "target", "role", "problem", NULL },
	.ops = &routine_role_ops,
};
