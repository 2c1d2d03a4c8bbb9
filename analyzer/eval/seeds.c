/* SPDX-License-Identifier: Apache-2.0 */
/* What every path starts knowing: the file-scope flags and members some test
 * reads, with the value they hold when the driver is loaded, less those whose
 * address the driver keeps for a call to fill. */
#include "eval/explorer.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/strvec.h"
#include "eval/history.h"
#include "facts/entry.h"
#include "facts/program.h"
#include "facts/reads.h"

/* Whether unit `u` is of the entry's own driver, not a library folder's. */
bool eval_own_unit(const struct program *prog, size_t entry_unit, size_t u)
{
	return u == entry_unit || program_reaches(prog, entry_unit, u);
}

/* The value `field` of global `gl` is initialized with, when it is written
 * as a constant (a number, TRUE, FALSE, NULL), or 0 when the initializer
 * leaves it out. */
static bool initial_member(const struct global_facts *gl, const char *field, long long *value)
{
	*value = 0;
	for (size_t i = 0; i < gl->fields.len; i++) {
		if (gl->fields.items[i][0] == '[')
			return false; /* elements, not named members */
		if (strcmp(gl->fields.items[i], field))
			continue;
		const char *text = gl->values.items[i];
		char *end;
		if (!strcmp(text, "FALSE") || !strcmp(text, "NULL") || !strcmp(text, "TRUE")) {
			*value = !strcmp(text, "TRUE");
			return true;
		}
		*value = strtoll(text, &end, 0);
		return end != text && !end[strspn(end, "uUlL")];
	}
	return true;
}

/* A global's value when the driver is loaded, as unit `u` names it: a
 * scalar's (facts/decls.c), or 0 for a member of a structure defined with
 * no initializer ("g.Count", "g.Cfg.Mode": dots only). What it reads of
 * other files is noted for the evaluation cache. */
static bool load_value(const struct program *prog, size_t entry_unit, size_t u, const char *name, long long *value)
{
	size_t n = strcspn(name, ".-[*>(");
	if (!name[n]) {
		const struct global_facts *gl = program_global(prog, u, name);
		*value = gl && gl->scalar ? gl->value : 0;
		return gl && gl->scalar;
	}
	if (name[n] != '.' || name[n + strcspn(name + n, "-[*>(")])
		return false;
	/* Its own file's, else one of its directory's, as globals resolve. */
	char *root = alloc_strndup(name, n);
	bool zeroed = false;
	const struct global_facts *gl = program_global(prog, u, root);
	if (gl && gl->fields.len && !strchr(name + n + 1, '.')) {
		/* A member of a structure with an initializer: its constant, or 0
		 * for a member the initializer leaves out. */
		free(root);
		return initial_member(gl, name + n + 1, value);
	}
	if (!gl) {
		reads_note_unit(prog, u);
		zeroed = strvec_contains(&prog->units[u].zeroed, root);
		if (!zeroed)
			reads_note_dir(prog, prog->units[u].dir);
		for (size_t k = 0; k < prog->nunits && !zeroed; k++)
			zeroed = k != u && !strcmp(prog->units[k].dir, prog->units[u].dir) &&
				 eval_own_unit(prog, entry_unit, k) &&
				 strvec_contains(&prog->units[k].zeroed, root);
	}
	free(root);
	*value = 0;
	return zeroed;
}

static bool is_param(const struct cfg *g, const char *name)
{
	for (size_t i = 0; i < g->nparams; i++)
		if (g->params[i].name && !strcmp(g->params[i].name, name))
			return true;
	return false;
}

/* The graph of the driver's function that call `c`, made in unit `u`,
 * calls, as calls resolve; NULL for any other call. */
static const struct cfg *called_graph(const struct program *prog, const struct cfg_call *c, size_t u)
{
	size_t cu, ci;
	if (!c->callee || !program_resolve_scoped(prog, c->callee, c->scope, u, &cu, &ci))
		return NULL;
	return program_function(prog, cu, ci)->cfg;
}

/* A parameter whose pointee a function keeps: what its callers pass for it
 * is kept, with `suffix` (".LogFile" of `&s.LogFile`) appended. */
struct kept_param {
	const struct cfg *g;
	size_t param;
	char *suffix;
};

struct kept_list {
	struct kept_param *items;
	size_t n, cap;
};

#define KEPT_PARAMS_MAX 64 /* a chain of helpers handing a pointer on ends */

static void kept_param_add(struct kept_list *l, const struct cfg *g, size_t param, const char *suffix)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].g == g && l->items[i].param == param && !strcmp(l->items[i].suffix, suffix))
			return;
	if (l->n == KEPT_PARAMS_MAX)
		return;
	GROW(l->items, l->cap, l->n + 1);
	l->items[l->n++] = (struct kept_param){ g, param, alloc_strdup(suffix) };
}

/* What follows a parameter's name in a place rooted at it, as members
 * ("s.LogFile" and "p->LogFile" both give ".LogFile"), or NULL when a
 * subscript or a call is in the way. */
static char *param_suffix(const struct cfg_place *p)
{
	size_t n = strlen(p->root);
	if (strncmp(p->path, p->root, n))
		return NULL;
	const char *rest = p->path + n;
	if (!strncmp(rest, "->", 2))
		rest += 2;
	else if (rest[0] == '.')
		rest += 1;
	else if (rest[0])
		return NULL;
	if (rest[strcspn(rest, "-[*>(")])
		return NULL;
	return rest[0] ? alloc_printf(".%s", rest) : alloc_strdup("");
}

static bool pointer_param(const struct cfg *g, const struct cfg_place *p)
{
	if (!p->root_is_param || p->deref || !p->path || strcmp(p->path, p->root) || p->param_index < 0 ||
	    (size_t)p->param_index >= g->nparams)
		return false;
	const char *type = g->params[p->param_index].canonical_type;
	return type && strchr(type, '*');
}

/* A store that keeps an address: a global's (noted in `out`), or a
 * parameter's pointee, `&s->Member` or the pointer parameter itself stored
 * into a structure (`Entry->EntryContext = Value`). */
static void note_kept_store(const struct cfg *g, const struct cfg_event *ev, struct strvec *out, struct kept_list *l)
{
	const struct cfg_place *at = &ev->value.place;
	if (ev->kind != EVENT_STORE && ev->kind != EVENT_ASSIGN)
		return;
	if (ev->value.kind == VALUE_ADDRESS && at->root_is_global && at->path) {
		strvec_push(out, at->path);
	} else if (ev->value.kind == VALUE_ADDRESS && at->root_is_param && at->root && at->path && at->param_index >= 0) {
		char *suffix = param_suffix(at);
		if (suffix)
			kept_param_add(l, g, (size_t)at->param_index, suffix);
		free(suffix);
	} else if (ev->kind == EVENT_STORE && ev->value.kind == VALUE_PLACE && pointer_param(g, at)) {
		kept_param_add(l, g, (size_t)at->param_index, "");
	}
}

/* What the callers of the kept parameters pass: a global's place is kept; a
 * parameter of the caller's is kept in turn. Calls resolve as the
 * evaluator's do, from the calling unit. */
static void kept_arguments(const struct program *prog, size_t entry_unit, struct kept_list *l, struct strvec *out)
{
	for (size_t done = 0, pass = 0; done < l->n && pass < 4; pass++) {
		size_t upto = l->n;
		for (size_t u = 0; u < prog->nunits; u++) {
			if (u != entry_unit && !program_links(prog, entry_unit, u))
				continue;
			for (size_t i = 0; i < prog->units[u].nfunctions; i++) {
				const struct cfg *g = prog->units[u].functions[i].cfg;
				for (size_t k = 0; g && k < g->ncalls; k++) {
					const struct cfg_call *c = &g->calls[k];
					const struct cfg *callee = called_graph(prog, c, u);
					for (size_t j = done; callee && j < upto; j++) {
						const struct kept_param *kp = &l->items[j];
						const struct cfg_value *v = kp->g == callee && kp->param < c->nargs ? &c->args[kp->param] : NULL;
						if (!v || (v->kind != VALUE_ADDRESS && v->kind != VALUE_PLACE) || !v->place.root ||
						    !v->place.path)
							continue;
						/* A member's address only (a query table's entry points at one
						 * setting): a whole object handed on through a parameter is a
						 * registration's context, which no call of the path writes. */
						if (v->place.root_is_global && !v->place.path[strcspn(v->place.path, "-[*>(")] &&
						    (kp->suffix[0] || strchr(v->place.path, '.'))) {
							char *path = alloc_printf("%s%s", v->place.path, kp->suffix);
							strvec_push(out, path);
							free(path);
						} else if (v->place.root_is_param && v->place.param_index >= 0) {
							char *suffix = param_suffix(&v->place);
							char *both = suffix ? alloc_printf("%s%s", suffix, kp->suffix) : NULL;
							if (both)
								kept_param_add(l, g, (size_t)v->place.param_index, both);
							free(suffix);
							free(both);
						}
					}
				}
			}
		}
		done = upto;
	}
}

/* The places whose address the entry's driver keeps: stored into a place (a
 * query table's EntryContext = &g_Mode, directly or through the helpers
 * that fill the table for a caller's settings block) or named by an
 * initializer of a global ("&g_Mode"). A call given that place may write
 * them, and no path sees the write. */
static void kept_addresses(const struct program *prog, size_t entry_unit, struct strvec *out)
{
	struct kept_list params = { 0 };
	for (size_t u = 0; u < prog->nunits; u++) {
		if (u != entry_unit && !program_links(prog, entry_unit, u))
			continue;
		reads_note_unit(prog, u); /* an edit may take an address */
		for (size_t i = 0; i < prog->units[u].nfunctions; i++) {
			const struct cfg *g = prog->units[u].functions[i].cfg;
			for (size_t b = 0; g && b < g->nblocks; b++)
				for (size_t e = 0; e < g->blocks[b].nevents; e++)
					note_kept_store(g, &g->blocks[b].events[e], out, &params);
		}
		for (size_t i = 0; i < prog->units[u].nglobals; i++) {
			const struct strvec *values = &prog->units[u].globals[i].values;
			for (size_t f = 0; f < values->len; f++)
				for (const char *a = strchr(values->items[f], '&'); a; a = strchr(a + 1, '&')) {
					char *path = alloc_strndup(a + 1, strspn(a + 1, "abcdefghijklmnopqrstuvwxyz"
										"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_."));
					strvec_push(out, path);
					free(path);
				}
		}
	}
	kept_arguments(prog, entry_unit, &params, out);
	for (size_t i = 0; i < params.n; i++)
		free(params.items[i].suffix);
	free(params.items);
}

/* Whether `name` ("g.Cfg.Mode") is one of `kept`, or a member of one. */
static bool address_kept(const struct strvec *kept, const char *name)
{
	for (size_t i = 0; i < kept->len; i++) {
		size_t len = strlen(kept->items[i]);
		if (len && !strncmp(name, kept->items[i], len) && (!name[len] || name[len] == '.'))
			return true;
	}
	return false;
}

struct seed_list {
	struct global_seed *seeds;
	bool *clash;                 /* two files see the name with different values */
	size_t cap, seen;
	struct strindex *names;
};

/* The frame of `name` as the function `g` of unit `u` names it: its file's
 * own variable (eval/explorer.h), or a global. */
static int seed_frame(const struct cfg *g, size_t u, const char *name)
{
	return cfg_owns(g, name) ? INTERNAL_FRAME(u) : GLOBAL_FRAME;
}

static void seed_add(struct seed_list *l, const char *name, int frame, long long value)
{
	/* A file's own variable is named apart from another file's: "<frame> name". */
	char *key = frame == GLOBAL_FRAME ? alloc_strdup(name) : alloc_printf("%d %s", frame, name);
	size_t skip = strlen(key) - strlen(name);
	size_t k = (size_t)strindex_add(l->names, key);
	free(key);
	if (k == l->seen) { /* a name not seen before takes the next number */
		GROW(l->seeds, l->cap, k + 1);
		l->clash = alloc_resize(l->clash, l->cap * sizeof(*l->clash));
		l->seeds[k] = (struct global_seed){ l->names->names[k] + skip, frame, value };
		l->clash[k] = false;
		l->seen = k + 1;
	}
	l->clash[k] |= l->seeds[k].value != value;
}

/* The global an InterlockedCompareExchange whose result `var` ("@N") names
 * exchanges (`if (InterlockedCompareExchange(&g.Init, 1, 0) != 0)` reads
 * g.Init as the driver loaded it), or NULL. */
const char *eval_exchanged(const struct cfg *g, const char *var)
{
	const struct cfg_call *call = cfg_named_call(g, var);
	const struct cfg_place *p = call ? cfg_compare_exchanged(call) : NULL;
	return p && p->root_is_global && !p->deref ? p->path : NULL;
}

/* A test of a flag, a flag word's bits or a count: not a pointer's NONNULL. */
bool eval_counted_test(const struct cfg_cond *c)
{
	return c->kind == COND_BITS || c->kind == COND_COMPARE || c->kind == COND_SWITCH ||
	       (c->kind == COND_NONNULL && !c->var_pointer);
}

/* A helper given a global's address (`Undo(&g_State)`) that tests a member
 * so through its parameter (`State->Registered & BIT`) tests that global's
 * member (eval/variables.c binds it): the names so tested,
 * "g_State.Registered", of the calls of `g` in unit `u`, read as if tested
 * by name. */
void eval_bound_tests(const struct program *prog, size_t u, const struct cfg *g, struct strvec *out)
{
	for (size_t k = 0; g && k < g->ncalls; k++) {
		const struct cfg_call *c = &g->calls[k];
		const struct cfg *callee = called_graph(prog, c, u);
		for (size_t a = 0; callee && a < c->nargs && a < callee->nparams; a++) {
			const struct cfg_value *v = &c->args[a];
			const char *param = callee->params[a].name;
			size_t n = param ? strlen(param) : 0;
			if (v->kind != VALUE_ADDRESS || !v->place.root_is_global || !v->place.path || !n ||
			    v->place.path[strcspn(v->place.path, "-[*>(")])
				continue;
			for (size_t b = 0; b < callee->nblocks; b++) {
				const struct cfg_cond *cond = &callee->blocks[b].cond;
				const char *t = eval_counted_test(cond) ? cond->var : NULL;
				if (t && !strncmp(t, param, n) && !strncmp(t + n, "->", 2) && t[n + 2] &&
				    !t[n + 2 + strcspn(t + n + 2, "-[*>(")]) {
					char *name = alloc_printf("%s.%s", v->place.path, t + n + 2);
					strvec_push(out, name);
					free(name);
				}
			}
		}
	}
}

/* The file-scope scalars, and members of zeroed structures, that a test of
 * some function reads by name, with the value they hold when the driver is
 * loaded, as the testing function's file sees them (its own, then its
 * directory's), in the files of the entry's driver; a name two files see
 * with different values is left out, as facts know globals by name.
 * DriverEntry runs first: a flag set only later, by a request or a
 * callback, still holds that value on its paths. The seeds borrow their
 * names from `names`. */
struct global_seed *eval_load_seeds(const struct program *prog, size_t entry_unit, size_t *n,
				      struct strindex *names)
{
	struct seed_list l = { .names = names };
	for (size_t u = 0; u < prog->nunits; u++) {
		/* Only the entry's own driver's files, as calls resolve; of a
		 * library folder's, only the variables each file owns (a global
		 * of its name may be another program's, not this driver's). */
		bool library = !eval_own_unit(prog, entry_unit, u);
		if (library && !program_links(prog, entry_unit, u))
			continue;
		for (size_t i = 0; i < prog->units[u].nfunctions; i++) {
			const struct cfg *g = prog->units[u].functions[i].cfg;
			for (size_t b = 0; g && b < g->nblocks; b++) {
				const struct cfg_cond *c = &g->blocks[b].cond;
				/* A compare's second operand carries no flag of its own: a
				 * global by that name that is no parameter. */
				for (int side = 0; side < 2; side++) {
					const char *v = side ? c->var2 : c->var;
					long long value;
					if (v && (side ? !is_param(g, v) : c->var_global) && (!library || cfg_owns(g, v)) &&
					    load_value(prog, entry_unit, u, v, &value))
						seed_add(&l, v, seed_frame(g, u, v), value);
					const char *x = eval_exchanged(g, v);
					if (x && (!library || cfg_owns(g, x)) && load_value(prog, entry_unit, u, x, &value))
						seed_add(&l, x, seed_frame(g, u, x), value);
				}
			}
			struct strvec bound = STRVEC_INIT;
			eval_bound_tests(prog, u, g, &bound);
			for (size_t k = 0; k < bound.len; k++) {
				long long value;
				if ((!library || cfg_owns(g, bound.items[k])) &&
				    load_value(prog, entry_unit, u, bound.items[k], &value))
					seed_add(&l, bound.items[k], seed_frame(g, u, bound.items[k]), value);
			}
			strvec_clear(&bound);
		}
	}
	struct strvec kept = STRVEC_INIT;
	if (names->len)
		kept_addresses(prog, entry_unit, &kept);
	*n = 0;
	for (size_t k = 0; k < names->len; k++)
		if (!l.clash[k] && !address_kept(&kept, l.seeds[k].name))
			l.seeds[(*n)++] = l.seeds[k];
	strvec_clear(&kept);
	free(l.clash);
	return l.seeds;
}

