/* SPDX-License-Identifier: Apache-2.0 */
/* The run's function index. */
#include "facts/program.h"

#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "facts/entry.h"
#include "facts/reads.h"
#include "base/alloc.h"
#include "base/map.h"
#include "base/strvec.h"

struct definition {
	const char *name;
	size_t unit, index;
};

static int compare_definitions(const void *a, const void *b)
{
	const struct definition *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	return x->unit != y->unit ? (x->unit < y->unit ? -1 : 1) : (x->index < y->index ? -1 : 1);
}

/* The first of `n` sorted definitions named `name`, or where it would be. */
static size_t first_named(const struct definition *defs, size_t n, const char *name)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(defs[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool program_resolve(const struct program *p, const char *name, size_t from, size_t *unit,
		    size_t *index)
{
	/* A qualified name (a function's callees list them so): its scope and name. */
	const char *last = NULL;
	for (const char *s = name ? strstr(name, "::") : NULL; s; s = strstr(s + 2, "::"))
		last = s;
	if (!last || last == name || !last[2])
		return program_resolve_scoped(p, name, NULL, from, unit, index);
	char *scope = alloc_strndup(name, (size_t)(last - name));
	bool found = program_resolve_scoped(p, last + 2, scope, from, unit, index);
	free(scope);
	return found;
}

static bool in_scope(const struct program *p, const struct definition *d, const char *scope)
{
	const char *own = p->units[d->unit].functions[d->index].scope;
	return !scope || (own && !strcmp(own, scope));
}

/* Whether `path` lies under the directory `dir`. */
static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	return !strncmp(path, dir, n) && (path[n] == '/' || (n == 1 && dir[0] == '/'));
}

bool program_reaches(const struct program *p, size_t from, size_t u)
{
	const struct unit_facts *a = &p->units[from], *b = &p->units[u];
	/* One build's files are one driver, wherever they lie (../common). */
	for (size_t i = 0; a->projects && b->projects && i < a->projects->len; i++)
		if (strvec_contains(b->projects, a->projects->items[i]))
			return true;
	/* Two files that each define a DriverEntry are two drivers: one image
	 * has one (a sample's variants side by side, a bad twin beside a good one). */
	if (from != u && p->has_entry[from] && p->has_entry[u])
		return false;
	if (a->scope && !under(b->path, a->scope))
		return false;
	bool same_driver = a->scope && b->scope && !strcmp(a->scope, b->scope);
	return same_driver || !strcmp(a->dir, b->dir) || !p->driver_dir[u];
}

bool program_links(const struct program *p, size_t from, size_t u)
{
	return program_reaches(p, from, u) || p->library[u];
}

static bool candidate(const struct program *p, const struct definition *d, const char *scope, size_t from)
{
	return in_scope(p, d, scope) && !p->units[d->unit].functions[d->index].is_static &&
	       program_reaches(p, from, d->unit);
}

static bool resolve(const struct program *p, const char *name, const char *scope, size_t from, size_t *unit,
		    size_t *index)
{
	size_t first = first_named(p->defs, p->ndefs, name), count = 0, dir_hits = 0;
	size_t dir_at = 0, any_at = 0;
	for (size_t i = first; i < p->ndefs && !strcmp(p->defs[i].name, name); i++) {
		const struct definition *d = &p->defs[i];
		if (d->unit == from && in_scope(p, d, scope)) {
			*unit = d->unit;
			*index = d->index;
			return true;
		}
		if (!candidate(p, d, scope, from))
			continue;
		if (!count++)
			any_at = i;
		if (!strcmp(p->units[d->unit].dir, p->units[from].dir) && !dir_hits++)
			dir_at = i;
	}
	/* None of its own: the one of a library folder, linked by every
	 * driver beside it (a shared folder's KlogPrint), else none. */
	for (size_t i = first; !count && i < p->ndefs && !strcmp(p->defs[i].name, name); i++) {
		const struct definition *d = &p->defs[i];
		if (p->library[d->unit] && in_scope(p, d, scope) && !p->units[d->unit].functions[d->index].is_static) {
			if (count++)
				return false;
			any_at = i;
		}
	}
	if (dir_hits != 1 && (dir_hits || count != 1))
		return false;
	const struct definition *d = &p->defs[dir_hits ? dir_at : any_at];
	*unit = d->unit;
	*index = d->index;
	return true;
}

bool program_resolve_scoped(const struct program *p, const char *name, const char *scope, size_t from,
			    size_t *unit, size_t *index)
{
	bool found = resolve(p, name, scope, from, unit, index);
	reads_note_resolve(p, name, scope, from, found, found ? *unit : 0, found ? *index : 0);
	return found;
}

void program_build(struct program *p, const struct unit_facts *units, size_t nunits)
{
	size_t total = 0;
	for (size_t u = 0; u < nunits; u++)
		total += units[u].nfunctions;
	p->units = units;
	p->nunits = nunits;
	p->ndefs = 0;
	p->defs = alloc_zeroed(total ? total : 1, sizeof(*p->defs));
	for (size_t u = 0; u < nunits; u++)
		for (size_t i = 0; i < units[u].nfunctions; i++)
			p->defs[p->ndefs++] = (struct definition){ units[u].functions[i].name, u, i };
	if (p->ndefs > 1)
		qsort(p->defs, p->ndefs, sizeof(*p->defs), compare_definitions);
	total = 0;
	for (size_t u = 0; u < nunits; u++)
		total += units[u].nglobals;
	p->nglobals = 0;
	p->globals = alloc_zeroed(total ? total : 1, sizeof(*p->globals));
	for (size_t u = 0; u < nunits; u++)
		for (size_t i = 0; i < units[u].nglobals; i++)
			p->globals[p->nglobals++] = (struct definition){ units[u].globals[i].name, u, i };
	if (p->nglobals > 1)
		qsort(p->globals, p->nglobals, sizeof(*p->globals), compare_definitions);
	struct strindex dirs = STRINDEX_INIT;
	for (size_t u = 0; u < nunits; u++)
		for (size_t i = 0; i < units[u].nfunctions; i++)
			if (units[u].functions[i].is_driver_entry)
				strindex_add(&dirs, units[u].dir);
	p->driver_dir = alloc_zeroed(nunits + 1, sizeof(*p->driver_dir));
	p->has_entry = alloc_zeroed(nunits + 1, sizeof(*p->has_entry));
	for (size_t u = 0; u < nunits; u++)
		p->driver_dir[u] = strindex_find(&dirs, units[u].dir) >= 0;
	strindex_clear(&dirs);
	size_t *entries = alloc_zeroed(nunits + 1, sizeof(*entries)), nentries = 0;
	for (size_t u = 0; u < nunits; u++)
		for (size_t i = 0; i < units[u].nfunctions; i++)
			if (units[u].functions[i].is_driver_entry && (!nentries || entries[nentries - 1] != u)) {
				entries[nentries++] = u;
				p->has_entry[u] = true;
			}
	p->library = alloc_zeroed(nunits + 1, sizeof(*p->library));
	for (size_t u = 0; u < nunits; u++) {
		p->library[u] = units[u].scope != NULL;
		for (size_t k = 0; p->library[u] && k < nentries; k++)
			p->library[u] = !under(units[entries[k]].path, units[u].scope);
	}
	free(entries);
	p->paths = (struct strindex)STRINDEX_INIT;
	p->path_unit = alloc_zeroed(nunits + 1, sizeof(*p->path_unit));
	for (size_t u = nunits; u-- > 0;) /* the first unit of a path wins */
		p->path_unit[strindex_add(&p->paths, units[u].path)] = u;
}

int program_unit_at(const struct program *p, const char *path)
{
	int k = strindex_find(&p->paths, path);
	return k >= 0 ? (int)p->path_unit[k] : -1;
}

const struct function_facts *program_function(const struct program *p, size_t unit, size_t index)
{
	reads_note_unit(p, unit);
	return &p->units[unit].functions[index];
}

void program_release(struct program *p)
{
	free(p->defs);
	p->defs = NULL;
	p->ndefs = 0;
	free(p->globals);
	p->globals = NULL;
	p->nglobals = 0;
	free(p->driver_dir);
	p->driver_dir = NULL;
	free(p->has_entry);
	p->has_entry = NULL;
	free(p->library);
	p->library = NULL;
	strindex_clear(&p->paths);
	free(p->path_unit);
	p->path_unit = NULL;
}

/* The home unit's own first (it may come from a header it includes), then
 * the first in unit order of its directory, then the one other file of the
 * driver that defines it: `extern CONST FLT_REGISTRATION Registration;` names
 * the structure a file elsewhere in the tree fills. A global of internal
 * linkage is only ever its own unit's. */
static const struct definition *global_named(const struct program *p, size_t from, const char *name)
{
	const struct definition *near = NULL, *far = NULL;
	size_t nfar = 0;
	for (size_t k = first_named(p->globals, p->nglobals, name);
	     k < p->nglobals && !strcmp(p->globals[k].name, name); k++) {
		const struct definition *d = &p->globals[k];
		if (d->unit == from)
			return d;
		if (p->units[d->unit].globals[d->index].is_static)
			continue;
		if (!near && !strcmp(p->units[d->unit].dir, p->units[from].dir))
			near = d;
		else if (program_reaches(p, from, d->unit) && !nfar++)
			far = d;
	}
	return near ? near : nfar == 1 ? far : NULL;
}

const struct global_facts *program_global(const struct program *p, size_t from, const char *name)
{
	const struct definition *d = global_named(p, from, name);
	reads_note_global(p, name, from, d != NULL, d ? d->unit : 0);
	return d ? &p->units[d->unit].globals[d->index] : NULL;
}

bool program_global_home(const struct program *p, size_t from, const char *name, size_t *unit)
{
	const struct definition *d = global_named(p, from, name);
	if (d)
		*unit = d->unit;
	return d != NULL;
}

static void walk_enter(struct call_walk *w, size_t unit, size_t index)
{
	char *key = alloc_printf("%zu:%zu", unit, index);
	bool seen = strvec_contains(&w->seen, key);
	if (!seen)
		strvec_push(&w->seen, key);
	free(key);
	if (!seen)
		w->visit(w, unit, index);
}

void call_walk_follow(struct call_walk *w, const char *callee, size_t from)
{
	size_t unit, index;
	if (w->depth >= PROGRAM_HELPER_DEPTH || !program_resolve(w->prog, callee, from, &unit, &index))
		return;
	w->depth++;
	walk_enter(w, unit, index);
	w->depth--;
}

void call_walk_run(const struct program *p, size_t unit, size_t index, call_walk_visit *visit,
		   void *data)
{
	struct call_walk w = { p, visit, data, 0, STRVEC_INIT };
	walk_enter(&w, unit, index);
	strvec_clear(&w.seen);
}

size_t program_unit_of_call(const struct program *p, const struct cfg_call *call, size_t fallback)
{
	for (size_t u = 0; u < p->nunits; u++)
		for (size_t i = 0; i < p->units[u].nfunctions; i++) {
			const struct cfg *g = p->units[u].functions[i].cfg;
			if (g && g->ncalls && call >= g->calls && call < g->calls + g->ncalls)
				return u;
		}
	return fallback;
}
