/* Rule kinds about declarations rather than paths: signature,
 * role-declaration, c-linkage, dispatch-role and model-note. */
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "facts/entry.h"
#include "kinds/shared.h"
#include "facts/program.h"
#include "rules/rules.h"
#include "base/problems.h"
#include "base/util.h"

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
	char *s = xstrdup(type ? type : "");
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
 * needed assumed declarations, may be judged on what is missing: the rule
 * says in a note that it could not check instead of reporting. Returns
 * whether that is the case. */
static bool cannot_judge(const struct check *c, const struct unit_facts *u, struct cfg_loc loc,
			 const char *what)
{
	if (!u->missing_headers.len && !u->assumed_names.len)
		return false;
	char *why = u->missing_headers.len
		? xasprintf("'%s' was not found, so its declarations are unknown", u->missing_headers.items[0])
		: xasprintf("'%s' is declared by no header", u->assumed_names.items[0]);
	char *cwd = current_directory();
	char *shown = loc.file ? path_relative_to(loc.file, cwd) : xstrdup(u->display);
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
	char *ret = xstrndup(form, (size_t)(open - form));
	parts[0] = normalize_type(ret);
	free(ret);
	size_t n = 1;
	for (const char *p = open + 1; p < close && n < max;) {
		const char *end = memchr(p, ',', (size_t)(close - p));
		end = end ? end : close;
		char *one = xstrndup(p, (size_t)(end - p));
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
		why = xasprintf("the return type is '%s'", g->canonical_return_type);
	else if (n && g->nparams != n - 1)
		why = xasprintf("it takes %zu parameter%s instead of %zu", g->nparams,
				g->nparams == 1 ? "" : "s", n - 1);
	for (size_t i = 0; !why && i < g->nparams && i + 1 < n; i++) {
		char *have = normalize_type(g->params[i].canonical_type);
		if (strcmp(have, parts[i + 1]))
			why = xasprintf("parameter %zu's type is '%s'", i + 1, g->params[i].canonical_type);
		free(have);
	}
	for (size_t i = 0; i < n; i++)
		free(parts[i]);
	free(ret);
	return why ? why : xstrdup("its type differs");
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
		bool applies = string_in("*", models);
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
		bool applies = string_in("*", models);
		const cJSON *m;
		cJSON_ArrayForEach(m, models) {
			int model = driver_model_from_name(m->valuestring);
			applies |= model >= 0 && (c->entry->models & MODEL_BIT(model));
		}
		if (!applies)
			continue;
		const cJSON *t;
		cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(form, "type")) {
			if (!reference && string_in("*", models))
				reference = t->valuestring;
			char *want = normalize_type(t->valuestring);
			ok |= !strcmp(want, norm);
			free(want);
			if (!string_in("*", models) && !strstr(strbuf_str(&accepted), t->valuestring))
				strbuf_addf(&accepted, "%s'%s'", accepted.len ? " or " : "", t->valuestring);
		}
	}
	if (!ok && !cannot_judge(c, c->unit, entry_loc(c), c->fn->name)) {
		char *extra = accepted.len ? xasprintf(" (nor is it the port form %s)", strbuf_str(&accepted)) : xstrdup("");
		char *diff = signature_difference(c->fn->cfg, reference ? reference : "");
		const char *vars[] = { "type", type, "accepted", extra, "difference", diff, NULL };
		report(c, entry_loc(c), c->fn->name, NULL, NULL, NULL, vars);
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

/* The params of role-declaration and dispatch-role, compiled once per rule. */
struct role_params {
	struct strvec role_types;
	bool judge_role, judge_annotation;  /* dispatch-role's "judge"; both when absent */
};

static void *role_params_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct role_params *rp = xcalloc(1, sizeof(*rp));
	names_compile(&rp->role_types, cJSON_GetObjectItemCaseSensitive(params, "role_types"));
	const cJSON *judge = cJSON_GetObjectItemCaseSensitive(params, "judge"), *item;
	rp->judge_role = rp->judge_annotation = !judge;
	cJSON_ArrayForEach(item, judge) {
		rp->judge_role |= cJSON_IsString(item) && !strcmp(item->valuestring, "role");
		rp->judge_annotation |= cJSON_IsString(item) && !strcmp(item->valuestring, "annotation");
	}
	return rp;
}

static void role_params_release(void *compiled)
{
	struct role_params *rp = compiled;
	strvec_clear(&rp->role_types);
	free(rp);
}

/* The declarations of `name` in `unit` (its file and its own headers). */
static bool declared_with(const struct unit_facts *u, const char *name, const struct strvec *role_types,
			  bool *any_decl)
{
	for (size_t i = 0; i < u->ndecls; i++) {
		const struct decl_facts *d = &u->decls[i];
		if (strcmp(d->name, name))
			continue;
		*any_decl = true;
		for (size_t k = 0; k < d->specifiers.len; k++)
			if (strvec_contains(role_types, d->specifiers.items[k]))
				return true;
	}
	return false;
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
	if (cannot_judge(c, c->unit, entry_loc(c), c->fn->name))
		return;
	report(c, entry_loc(c), c->fn->name, NULL, NULL, NULL, NULL);
}

static const struct kind_ops role_declaration_ops = {
	.check_entry = role_entry,
};

const struct kind kind_role_declaration = {
	.name = "role-declaration",
	.compile = role_params_compile,
	.release = role_params_release,
	.placeholders = (const char *const[]){ NULL },
	.ops = &role_declaration_ops,
};

static void linkage_entry(const struct check *c)
{
	if (c->unit->cplusplus && !c->fn->c_linkage && !cannot_judge(c, c->unit, entry_loc(c), c->fn->name))
		report(c, entry_loc(c), c->fn->name, NULL, NULL, NULL, NULL);
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
	report(c, entry_loc(c), c->fn->name, NULL, NULL, NULL, NULL);
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
	for (size_t i = 0; i < u->ndecls; i++)
		if (!strcmp(u->decls[i].name, name))
			return u;
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

static void check_store(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e)
{
	if ((e->kind != EVENT_STORE) || !e->target.field || strcmp(e->target.field, "MajorFunction") ||
	    e->value.kind != VALUE_FUNCTION || !e->value.name)
		return;
	const char *routine = e->value.name;
	const struct role_params *rp = c->compiled;
	const struct unit_facts *u = unit_declaring(c, unit, routine);
	if (!u)
		return; /* declared where we cannot see: nothing to judge */
	bool any = false;
	char *problem = NULL;
	if (!declared_with(u, routine, &rp->role_types, &any)) {
		if (rp->judge_role)
			problem = xstrdup("is not declared with the DRIVER_DISPATCH role type");
	} else if (e->target.index_constant && e->target.index && rp->judge_annotation) {
		struct strvec types = STRVEC_INIT;
		for (size_t i = 0; i < u->ndecls; i++)
			if (!strcmp(u->decls[i].name, routine))
				strvec_push_all(&types, &u->decls[i].dispatch_types);
		if (types.len && !strvec_contains(&types, e->target.index)) {
			struct strbuf sb = STRBUF_INIT;
			for (size_t i = 0; i < types.len; i++)
				strbuf_addf(&sb, "%s%s", i ? ", " : "", types.items[i]);
			problem = xasprintf("its _Dispatch_type_ annotation names %s", strbuf_str(&sb));
			strbuf_release(&sb);
		}
		strvec_clear(&types);
	}
	if (problem && cannot_judge(c, u, e->loc, routine)) {
		free(problem);
		problem = NULL;
	}
	if (problem) {
		const char *vars[] = { "routine", routine, "index", e->target.index ? e->target.index : "i",
				       "problem", problem, NULL };
		report(c, e->loc, g->function, NULL, NULL, NULL, vars);
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
	kind_visit_events(c, dispatch_visit, NULL);
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
