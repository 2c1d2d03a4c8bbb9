/* SPDX-License-Identifier: Apache-2.0 */
#include "run/select.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/map.h"
#include "base/path.h"
#include "base/source.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "facts/entry.h"
#include "facts/program.h"
#include "facts/textscan.h"
#include "project/inputs.h"

struct defined_name {
	const char *name;         /* borrowed from selection.names */
	size_t input;
};

static int compare_defined(const void *a, const void *b)
{
	const struct defined_name *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->input > y->input) - (x->input < y->input);
}

/* Whether a file `in` includes "quoted" from its own directory defines an
 * entry point (as written): the input is then where that entry point is
 * compiled. Each header is read once (`seen`, `defines`). */
static bool includes_entry_header(const struct input *in, const struct strvec *headers,
				  const struct strvec *names, struct strindex *seen, bool **defines,
				  size_t *cap)
{
	bool found = false;
	char *dir = headers->len ? path_dirname(in->path) : NULL;
	for (size_t h = 0; h < headers->len && !found; h++) {
		char *path = path_absolute(headers->items[h], dir);
		/* The answer depends on the entry names too (a project may add one). */
		struct strbuf key = STRBUF_INIT;
		strbuf_adds(&key, path);
		for (size_t n = 0; names && n < names->len; n++)
			strbuf_addf(&key, "|%s", names->items[n]);
		int k = strindex_find(seen, strbuf_str(&key));
		if (k < 0) {
			k = strindex_add(seen, strbuf_str(&key));
			GROW(*defines, *cap, (size_t)k + 1);
			(*defines)[k] = false;
			struct source src;
			const char *sys_error;
			if (path_is_regular_file(path) &&
			    source_load(path, SOURCE_MAX_BYTES, &src, &sys_error) == SOURCE_OK) {
				unsigned line, column;
				(*defines)[k] = textscan_has_definition(src.text, "DriverEntry", &line, &column);
				for (size_t n = 0; names && n < names->len && !(*defines)[k]; n++)
					(*defines)[k] = textscan_has_definition(src.text, names->items[n], &line, &column);
				source_release(&src);
			}
		}
		found = (*defines)[k];
		strbuf_release(&key);
		free(path);
	}
	free(dir);
	return found;
}

void selection_start(struct selection *s, const struct input_set *inputs, const struct strvec *entry_names)
{
	struct strindex headers_seen = STRINDEX_INIT;
	bool *header_defines = NULL;
	size_t header_cap = 0;
	memset(s, 0, sizeof(*s));
	s->n = inputs->len;
	s->inputs = inputs;
	s->wanted = alloc_zeroed(s->n + 1, sizeof(*s->wanted));
	s->names_entry = alloc_zeroed(s->n + 1, sizeof(*s->names_entry));
	size_t cap = 0;
	s->sources = alloc_zeroed(s->n + 1, sizeof(*s->sources));
	for (size_t i = 0; i < s->n; i++) {
		struct source src;
		const char *sys_error;
		if (source_load(inputs->items[i].path, SOURCE_MAX_BYTES, &src, &sys_error) != SOURCE_OK) {
			s->wanted[i] = true; /* parsing it will say why it cannot be read */
			continue;
		}
		struct textscan w;
		struct strvec names = STRVEC_INIT;
		inputs_entry_names(&inputs->items[i], entry_names, &names);
		textscan_file(src.text, &names, &w);
		source_release(&src);
		s->wanted[i] = s->names_entry[i] = w.names_entry;
		if (!w.names_entry)
			s->wanted[i] = includes_entry_header(&inputs->items[i], &w.headers, &names,
							     &headers_seen, &header_defines, &header_cap);
		strvec_clear(&names);
		strvec_push_all(&s->sources[i], &w.sources);
		for (size_t k = 0; k < w.defines.len; k++) {
			GROW(s->index, cap, s->nindex + 1);
			strvec_push(&s->names, w.defines.items[k]);
			s->index[s->nindex++] = (struct defined_name){ NULL, i };
		}
		textscan_release(&w);
	}
	strindex_clear(&headers_seen);
	free(header_defines);
	/* strvec_push may move its array, not the strings: point at them now. */
	for (size_t k = 0; k < s->nindex; k++)
		s->index[k].name = s->names.items[k];
	if (s->nindex > 1)
		qsort(s->index, s->nindex, sizeof(*s->index), compare_defined);
}

/* An input's driver folder and a base name, as one key. */
static char *folder_key(const struct input *in, const char *base)
{
	char *lower = str_lower(base);
	char *key = alloc_printf("%s|%s", in->scope ? in->scope : "", lower);
	free(lower);
	return key;
}

void selection_want_includers(struct selection *s)
{
	struct strindex entry_files = STRINDEX_INIT; /* folder and base name of inputs naming an entry */
	for (size_t i = 0; i < s->n; i++) {
		if (!s->names_entry[i])
			continue;
		char *key = folder_key(&s->inputs->items[i], path_basename(s->inputs->items[i].path));
		strindex_add(&entry_files, key);
		free(key);
	}
	for (size_t i = 0; i < s->n; i++) {
		for (size_t k = 0; k < s->sources[i].len && !s->wanted[i]; k++) {
			char *key = folder_key(&s->inputs->items[i], s->sources[i].items[k]);
			s->wanted[i] = strindex_find(&entry_files, key) >= 0;
			free(key);
		}
		strvec_clear(&s->sources[i]);
	}
	strindex_clear(&entry_files);
}

void selection_restrict(struct selection *s, const bool *keep)
{
	for (size_t i = 0; i < s->n; i++)
		s->wanted[i] = s->wanted[i] && keep[i];
}

/* Whether `path` lies under the directory `dir` (NULL: anywhere). */
static bool under(const char *path, const char *dir)
{
	size_t n = dir ? strlen(dir) : 0;
	while (n > 1 && dir[n - 1] == '/')
		n--;
	return !dir || (!strncmp(path, dir, n) && (path[n] == '/' || (n == 1 && dir[0] == '/')));
}

/* Whether input `i` belongs to a library folder: none under its driver
 * folder names an entry point. Worked out for every input once. */
static bool library_input(struct selection *s, size_t i)
{
	if (!s->library) {
		size_t *entries = alloc_zeroed(s->n + 1, sizeof(*entries)), n = 0;
		for (size_t j = 0; j < s->n; j++)
			if (s->names_entry[j])
				entries[n++] = j;
		s->library = alloc_zeroed(s->n + 1, sizeof(*s->library));
		for (size_t k = 0; k < s->n; k++) {
			const char *scope = s->inputs->items[k].scope;
			s->library[k] = scope != NULL;
			for (size_t j = 0; s->library[k] && j < n; j++)
				s->library[k] = !under(s->inputs->items[entries[j]].path, scope);
		}
		free(entries);
	}
	return s->library[i];
}

/* Wants every input under `folder` (NULL: anywhere), or built by one of
 * `projects`, whose text defines `name`; when none does, those of library
 * folders that do (facts/program.h takes such a definition when it is the
 * only one). */
static bool want_definers(struct selection *s, const char *name, const char *folder, const struct strvec *projects)
{
	struct defined_name key = { name, 0 };
	size_t lo = 0, hi = s->nindex;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (compare_defined(&s->index[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	bool added = false, own = false;
	for (int library = 0; library < 2 && !own; library++) {
		for (size_t k = lo; k < s->nindex && !strcmp(s->index[k].name, name); k++) {
			const struct input *in = &s->inputs->items[s->index[k].input];
			bool built = false;
			for (size_t j = 0; projects && j < projects->len && !built; j++)
				built = strvec_contains(&in->projects, projects->items[j]);
			if (library ? !library_input(s, s->index[k].input) : !under(in->path, folder) && !built)
				continue;
			own = true;
			added |= !s->wanted[s->index[k].input];
			s->wanted[s->index[k].input] = true;
		}
	}
	return added;
}

static void want_global(struct selection *s, const struct program *p, size_t unit, const struct cfg_place *pl,
			bool *added)
{
	if (pl->root && pl->root_is_global && !program_global(p, unit, pl->root))
		*added |= want_definers(s, pl->root, p->units[unit].scope, p->units[unit].projects);
}

/* The globals a function's events name: stores, values, call arguments and
 * results. */
static bool want_globals_of(struct selection *s, const struct program *p, size_t unit, const struct cfg *g)
{
	bool added = false;
	for (size_t b = 0; g && b < g->nblocks; b++) {
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			want_global(s, p, unit, &ev->target, &added);
			want_global(s, p, unit, &ev->value.place, &added);
		}
	}
	for (size_t c = 0; g && c < g->ncalls; c++) {
		want_global(s, p, unit, &g->calls[c].result, &added);
		for (size_t a = 0; a < g->calls[c].nargs; a++)
			want_global(s, p, unit, &g->calls[c].args[a].place, &added);
	}
	return added;
}

/* The names an initializer as written holds (`{IRP_MJ_CREATE,0,PreCreate,PostCreate}`), not the
 * designators (`.Unload=`): the routines a registration table hands the
 * system, whose files the rules read as they read any callback's. */
static void initializer_names(const char *v, struct strvec *out)
{
	for (const char *t = v; *t;) {
		if (!(isalpha((unsigned char)*t) || *t == '_')) {
			t++;
			continue;
		}
		const char *start = t;
		while (isalnum((unsigned char)*t) || *t == '_')
			t++;
		bool designator = start > v && start[-1] == '.';
		char *name = alloc_strndup(start, (size_t)(t - start));
		if (!designator && !strvec_contains(out, name))
			strvec_push(out, name);
		free(name);
	}
}

bool selection_grow(struct selection *s, const struct unit_facts *units, size_t nunits)
{
	struct program p;
	program_build(&p, units, nunits);
	/* Breadth first over the calls from every entry point, as far as bodies go. */
	struct reached {
		size_t unit, index;
	} *queue = NULL;
	size_t len = 0, cap = 0;
	bool **seen = alloc_zeroed(nunits + 1, sizeof(*seen));
	for (size_t u = 0; u < nunits; u++) {
		seen[u] = alloc_zeroed(units[u].nfunctions + 1, sizeof(**seen));
		for (size_t f = 0; f < units[u].nfunctions; f++) {
			if (!units[u].functions[f].is_driver_entry)
				continue;
			seen[u][f] = true;
			GROW(queue, cap, len + 1);
			queue[len++] = (struct reached){ u, f };
		}
	}
	bool added = false;
	bool *tables_read = alloc_zeroed(nunits + 1, sizeof(*tables_read));
	for (size_t q = 0; q < len; q++) {
		size_t from = queue[q].unit;
		const struct function_facts *fn = &units[from].functions[queue[q].index];
		added |= want_globals_of(s, &p, from, fn->cfg);
		/* What it calls, the routines it hands the system (an unload
		 * routine, a callback), and once per file those its tables name (a
		 * minifilter's operations): the rules read those too. */
		struct strvec names = STRVEC_INIT;
		for (size_t c = 0; c < fn->callees.len; c++)
			strvec_push(&names, fn->callees.items[c]);
		for (size_t c = 0; c < fn->referenced.len; c++)
			strvec_push(&names, fn->referenced.items[c]);
		for (size_t g = 0; !tables_read[from] && g < units[from].nglobals; g++)
			for (size_t v = 0; v < units[from].globals[g].values.len; v++)
				initializer_names(units[from].globals[g].values.items[v], &names);
		tables_read[from] = true;
		for (size_t c = 0; c < names.len; c++) {
			const char *name = names.items[c];
			size_t u, f;
			if (!program_resolve(&p, name, queue[q].unit, &u, &f)) {
				added |= want_definers(s, name, units[queue[q].unit].scope,
						       units[queue[q].unit].projects);
				continue;
			}
			if (seen[u][f])
				continue;
			seen[u][f] = true;
			GROW(queue, cap, len + 1);
			queue[len++] = (struct reached){ u, f };
		}
		strvec_clear(&names);
	}
	free(tables_read);
	for (size_t u = 0; u < nunits; u++)
		free(seen[u]);
	free(seen);
	free(queue);
	program_release(&p);
	return added;
}

void selection_release(struct selection *s)
{
	free(s->wanted);
	free(s->names_entry);
	free(s->library);
	for (size_t i = 0; s->sources && i < s->n; i++)
		strvec_clear(&s->sources[i]);
	free(s->sources);
	free(s->index);
	strvec_clear(&s->names);
	memset(s, 0, sizeof(*s));
}
