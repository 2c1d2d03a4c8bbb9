/* The run's function index. */
#include "facts/program.h"

#include <stdlib.h>
#include <string.h>

#include "facts/entry.h"
#include "base/util.h"

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

/* The definition a call to `name` from unit `from` reaches: the same file
 * first, then the same directory (one driver's sources), then the only
 * definition in the run. Returns false when no body is visible. */
bool program_resolve(const struct program *p, const char *name, size_t from, size_t *unit,
		    size_t *index)
{
	size_t lo = 0, hi = p->ndefs;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(p->defs[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t first = lo, count = 0, same_dir = 0, dir_hits = 0;
	for (size_t i = first; i < p->ndefs && !strcmp(p->defs[i].name, name); i++) {
		const struct definition *d = &p->defs[i];
		if (d->unit == from) {
			*unit = d->unit;
			*index = d->index;
			return true;
		}
		bool is_static = p->units[d->unit].functions[d->index].is_static;
		if (is_static)
			continue;
		count++;
		if (!strcmp(p->units[d->unit].dir, p->units[from].dir)) {
			same_dir = i;
			dir_hits++;
		}
	}
	if (dir_hits == 1 || (dir_hits == 0 && count == 1)) {
		size_t i = dir_hits ? same_dir : first;
		while (dir_hits == 0 && p->units[p->defs[i].unit].functions[p->defs[i].index].is_static)
			i++;
		*unit = p->defs[i].unit;
		*index = p->defs[i].index;
		return true;
	}
	return false;
}

void program_build(struct program *p, const struct unit_facts *units, size_t nunits)
{
	size_t total = 0;
	for (size_t u = 0; u < nunits; u++)
		total += units[u].nfunctions;
	p->units = units;
	p->nunits = nunits;
	p->ndefs = 0;
	p->defs = xcalloc(total ? total : 1, sizeof(*p->defs));
	for (size_t u = 0; u < nunits; u++)
		for (size_t i = 0; i < units[u].nfunctions; i++)
			p->defs[p->ndefs++] = (struct definition){ units[u].functions[i].name, u, i };
	if (p->ndefs > 1)
		qsort(p->defs, p->ndefs, sizeof(*p->defs), compare_definitions);
}

const struct function_facts *program_function(const struct program *p, size_t unit, size_t index)
{
	return &p->units[unit].functions[index];
}

void program_release(struct program *p)
{
	free(p->defs);
	p->defs = NULL;
	p->ndefs = 0;
}

const struct global_facts *program_global(const struct program *p, size_t from, const char *name)
{
	const struct unit_facts *home = &p->units[from];
	for (int pass = 0; pass < 2; pass++) {
		for (size_t u = 0; u < p->nunits; u++) {
			const struct unit_facts *unit = &p->units[u];
			if (pass == 0 ? u != from : (u == from || strcmp(unit->dir, home->dir)))
				continue;
			for (size_t i = 0; i < unit->nglobals; i++)
				if (!strcmp(unit->globals[i].name, name))
					return &unit->globals[i];
		}
	}
	return NULL;
}

static void walk_enter(struct call_walk *w, size_t unit, size_t index)
{
	char *key = xasprintf("%zu:%zu", unit, index);
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
