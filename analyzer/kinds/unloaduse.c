/* SPDX-License-Identifier: Apache-2.0 */
/* Memory an unload routine reaches after releasing it (kinds/unloaduse.h):
 * a forward must-analysis over one function's graph, whose facts are
 * "variable v was released" and "the extension the function reaches is
 * device variable d's" (the graph names every pointer to a device extension
 * "<extension T>": one object, released with the device it was taken from,
 * while no other device's was taken since), each a bit of a word. */
#include "kinds/unloaduse.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "facts/entry.h"
#include "facts/program.h"
#include "kinds/shared.h"
#include "base/alloc.h"
#include "base/str.h"

#define UNLOAD_USE_DEPTH 4
#define MAX_VARS 32
#define RELEASED(i) (1ull << (i))
#define EXTENSION_OF(d) (1ull << (MAX_VARS + (d)))
#define EXTENSION "<extension>"

struct tracked {
	const struct cfg *g;
	const struct releaser_list *rel;
	const struct strvec *backlinks; /* fields naming the device whose extension holds them */
	const char *vars[MAX_VARS];   /* released variables; EXTENSION for the extension */
	bool global[MAX_VARS];
	bool device[MAX_VARS];        /* given to a release that takes the extension with it */
	size_t nvars;
	int ext;                      /* EXTENSION's index, or -1 */
};

static const struct releaser *releaser_of(const struct tracked *t, const struct cfg_call *call)
{
	for (size_t r = 0; r < t->rel->n; r++)
		if (kinds_call_listed(call, &t->rel->items[r].calls))
			return &t->rel->items[r];
	return NULL;
}

/* A variable itself, not a member of it or what it points to. */
static bool plain_variable(const struct cfg_place *p)
{
	return p->root && !p->field && !p->deref && !p->index && p->path && !strcmp(p->path, p->root);
}

static int var_index(const struct tracked *t, const char *name)
{
	for (size_t i = 0; i < t->nvars; i++)
		if (!strcmp(t->vars[i], name))
			return (int)i;
	return -1;
}

static int add_var(struct tracked *t, const struct cfg_place *p)
{
	int i = var_index(t, p->root);
	if (i >= 0 || t->nvars == MAX_VARS)
		return i;
	t->vars[t->nvars] = p->root;
	t->global[t->nvars] = p->root_is_global;
	return (int)t->nvars++;
}

/* `x->F` where F is a back link: the device x is the extension of. */
static bool back_link(const struct tracked *t, const struct cfg_place *p)
{
	size_t n = p->root ? strlen(p->root) : 0;
	return t->backlinks && p->root && p->field && !p->deref && !p->index && p->path &&
	       !strncmp(p->path, p->root, n) && !strncmp(p->path + n, "->", 2) && !strcmp(p->path + n + 2, p->field) &&
	       strvec_contains(t->backlinks, p->field);
}

/* The released argument of a call that releases, when it is a variable;
 * `IoDeleteDevice(ext->Self)` releases ext, the extension, with its device. */
static const struct cfg_place *released_place(const struct tracked *t, const struct releaser *r,
					      const struct cfg_call *call)
{
	if (!r || r->arg < 1 || (size_t)r->arg > call->nargs)
		return NULL;
	const struct cfg_value *v = &call->args[r->arg - 1];
	if (v->kind != VALUE_PLACE)
		return NULL;
	return plain_variable(&v->place) || (r->extension && back_link(t, &v->place)) ? &v->place : NULL;
}

/* Whether event `e` takes a device's extension (`ext = dev->DeviceExtension`,
 * cast or not): the device's variable index, or -2 for another device's. */
static int device_of(const struct tracked *t, const struct cfg_event *e)
{
	const struct cfg_place *from = &e->value.place;
	size_t n = from->path ? strlen(from->path) : 0, tail = strlen("->DeviceExtension");
	if ((e->kind != EVENT_ASSIGN && e->kind != EVENT_STORE) || e->value.kind != VALUE_PLACE || n <= tail ||
	    strcmp(from->path + n - tail, "->DeviceExtension"))
		return -1;
	int d = from->root && strlen(from->root) == n - tail && !strncmp(from->path, from->root, n - tail)
			? var_index(t, from->root)
			: -1;
	return d >= 0 ? d : -2;
}

/* The variables released; the extension, when a released device's is taken. */
static void collect(struct tracked *t)
{
	const struct cfg *g = t->g;
	t->ext = -1;
	for (size_t k = 0; k < g->ncalls; k++) {
		const struct releaser *r = releaser_of(t, &g->calls[k]);
		const struct cfg_place *p = released_place(t, r, &g->calls[k]);
		int i = p ? add_var(t, p) : -1;
		if (i >= 0 && r->extension && !p->field)
			t->device[i] = true;
	}
	for (size_t b = 0; b < g->nblocks && t->ext < 0 && t->nvars < MAX_VARS; b++)
		for (size_t e = 0; e < g->blocks[b].nevents && t->ext < 0; e++) {
			int d = device_of(t, &g->blocks[b].events[e]);
			if (d >= 0 && t->device[d]) {
				t->ext = (int)t->nvars;
				t->vars[t->nvars++] = EXTENSION;
			}
		}
}

/* Whether `path` reaches through the pointer `var`: var->x, var[i], *var. */
static bool through(const char *path, const char *var)
{
	if (!strcmp(var, EXTENSION))
		return !strncmp(path, "<extension ", strlen("<extension "));
	bool star = false;
	while (*path == '*' || *path == '(') {
		star |= *path == '*';
		path++;
	}
	size_t n = strlen(var);
	if (strncmp(path, var, n))
		return false;
	char next = path[n];
	if (star && (next == '\0' || next == ')' || next == '-' || next == '[' || next == '.'))
		return true;
	return (next == '-' && path[n + 1] == '>') || next == '[';
}

struct scan {
	const struct tracked *t;
	struct unload_use *out;
	bool found;
};

static void note_use(struct scan *sc, const char *shown, size_t var, struct cfg_loc loc, bool again)
{
	if (sc->found && sc->out->use_loc.line <= loc.line)
		return;
	sc->found = true;
	sc->out->use_loc = loc;
	sc->out->use = shown;
	sc->out->var = sc->t->vars[var];
	sc->out->again = again;
}

/* `shown`: the use as written, when the graph has it (an extension's
 * member is "<extension T>.Buf" to the graph). */
static void check_path(struct scan *sc, uint64_t s, const char *path, const char *shown, struct cfg_loc loc)
{
	for (size_t i = 0; path && sc && i < sc->t->nvars; i++)
		if ((s & RELEASED(i)) && through(path, sc->t->vars[i]))
			note_use(sc, shown && shown[0] ? shown : path[0] == '<' ? NULL : path, i, loc, false);
}

static void check_value(struct scan *sc, uint64_t s, const struct cfg_value *v, struct cfg_loc loc)
{
	for (size_t k = 0; k < v->nalts; k++)
		check_value(sc, s, &v->alts[k], loc);
	if (v->kind == VALUE_PLACE || v->kind == VALUE_ADDRESS)
		check_path(sc, s, v->place.path, v->text, loc);
}

/* Forgets what is known of variable i: a store gave it something else. */
static uint64_t forget(uint64_t s, size_t i)
{
	return s & ~(RELEASED(i) | EXTENSION_OF(i));
}

/* After a device's extension is taken: the extension is that device's, and
 * not released; another device's makes it no known device's. */
static uint64_t taken(const struct tracked *t, uint64_t s, const struct cfg_event *e)
{
	int d = t->ext >= 0 ? device_of(t, e) : -1;
	if (d == -1)
		return s;
	s &= ~RELEASED(t->ext);
	for (size_t v = 0; v < t->nvars; v++)
		s &= ~EXTENSION_OF(v);
	return d >= 0 ? s | EXTENSION_OF(d) : s;
}

/* The facts after event `e`, given those before; with `sc`, its uses. */
static uint64_t step(const struct tracked *t, uint64_t s, const struct cfg_event *e, struct scan *sc)
{
	int i;
	switch (e->kind) {
	case EVENT_CALL: {
		const struct cfg_call *call = &t->g->calls[e->call];
		const struct releaser *r = releaser_of(t, call);
		const struct cfg_place *released = released_place(t, r, call);
		for (size_t a = 0; a < call->nargs; a++) {
			if (r && (int)a == r->arg - 1 && released) {
				i = var_index(t, released->root);
				if (sc && i >= 0 && (s & RELEASED(i)))
					note_use(sc, released->path, (size_t)i, e->loc, true);
				continue;
			}
			if (sc)
				check_value(sc, s, &call->args[a], e->loc);
		}
		/* Given a variable's address, or a routine of the driver's given
		 * the globals: either may store something new there. */
		for (size_t a = 0; a < call->nargs; a++)
			if (call->args[a].kind == VALUE_ADDRESS && plain_variable(&call->args[a].place) &&
			    (i = var_index(t, call->args[a].place.root)) >= 0)
				s = forget(s, (size_t)i);
		if (!call->callee || !call->callee_in_system_header)
			for (size_t v = 0; v < t->nvars; v++)
				if (t->global[v])
					s = forget(s, v);
		if (released && (i = var_index(t, released->root)) >= 0) {
			s |= RELEASED(i);
			if (r->extension && t->ext >= 0 && (s & EXTENSION_OF(i)))
				s |= RELEASED(t->ext);
		}
		return s;
	}
	case EVENT_ASSIGN:
		if (sc)
			check_value(sc, s, &e->value, e->loc);
		if (e->target.root && (i = var_index(t, e->target.root)) >= 0)
			s = forget(s, (size_t)i);
		return taken(t, s, e);
	case EVENT_STORE:
	case EVENT_ZERO:
		if (sc) {
			check_path(sc, s, e->target.path, NULL, e->loc);
			if (e->kind == EVENT_STORE)
				check_value(sc, s, &e->value, e->loc);
		}
		return e->kind == EVENT_STORE ? taken(t, s, e) : s;
	case EVENT_RETURN:
		if (sc)
			check_value(sc, s, &e->value, e->loc);
		return s;
	default:
		return s;
	}
}

/* The release a use is related to: the function's first release of its
 * variable (for the extension, of a device whose extension goes with it). */
static void first_release(const struct tracked *t, struct unload_use *out)
{
	bool extension = !strcmp(out->var, EXTENSION);
	for (size_t k = 0; k < t->g->ncalls; k++) {
		const struct releaser *r = releaser_of(t, &t->g->calls[k]);
		const struct cfg_place *p = released_place(t, r, &t->g->calls[k]);
		int i = p ? var_index(t, p->root) : -1;
		if (i >= 0 && (extension ? r->extension && t->device[i] : !strcmp(p->root, out->var))) {
			out->release_loc = t->g->calls[k].loc;
			out->release = t->g->calls[k].callee;
			return;
		}
	}
}

static bool function_uses(const struct cfg *g, const struct releaser_list *rel, const struct strvec *backlinks,
			  struct unload_use *out)
{
	struct tracked t = { .g = g, .rel = rel, .backlinks = backlinks, .ext = -1 };
	collect(&t);
	if (!t.nvars || !g->nblocks)
		return false;
	size_t n = g->nblocks;
	uint64_t *in = alloc_zeroed(n, sizeof(*in));
	unsigned char *reached = alloc_zeroed(n, 1);
	int *stack = alloc_zeroed(n + 1, sizeof(*stack));
	kinds_reach(g, g->entry, reached, stack);
	for (size_t b = 0; b < n; b++)
		in[b] = (int)b == g->entry ? 0 : UINT64_MAX;
	for (bool changed = true; changed;) {
		changed = false;
		for (size_t b = 0; b < n; b++) {
			if (!reached[b])
				continue;
			uint64_t s = in[b];
			for (size_t e = 0; e < g->blocks[b].nevents; e++)
				s = step(&t, s, &g->blocks[b].events[e], NULL);
			for (size_t k = 0; k < g->blocks[b].nsucc; k++) {
				int to = g->blocks[b].succ[k];
				if (to >= 0 && to != g->entry && (in[to] & s) != in[to]) {
					in[to] &= s;
					changed = true;
				}
			}
		}
	}
	struct scan sc = { &t, out, false };
	for (size_t b = 0; b < n; b++) {
		if (!reached[b])
			continue;
		uint64_t s = in[b];
		for (size_t e = 0; e < g->blocks[b].nevents; e++)
			s = step(&t, s, &g->blocks[b].events[e], &sc);
		const struct cfg_cond *cond = &g->blocks[b].cond;
		if (cond->kind != COND_NONE) {
			check_path(&sc, s, cond->var, cond->text, cond->loc);
			check_path(&sc, s, cond->var2, cond->text, cond->loc);
		}
	}
	if (sc.found) {
		out->function = g->function;
		first_release(&t, out);
	}
	free(stack);
	free(reached);
	free(in);
	return sc.found;
}

bool kinds_takes_extension(const struct cfg *g, const char *device)
{
	size_t n = strlen(device);
	for (size_t b = 0; b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			const char *from = ev->value.kind == VALUE_PLACE ? ev->value.place.path : NULL;
			if ((ev->kind == EVENT_ASSIGN || ev->kind == EVENT_STORE) && from && !strncmp(from, device, n) &&
			    !strcmp(from + n, "->DeviceExtension"))
				return true;
			/* `ext = Ext(dev)`: an accessor of the driver's given the device alone. */
			const struct cfg_call *call = ev->kind == EVENT_ASSIGN && ev->value.kind == VALUE_CALL
							      ? &g->calls[ev->value.call] : NULL;
			if (call && call->callee && !call->callee_in_system_header && call->nargs == 1 &&
			    call->args[0].kind == VALUE_PLACE && call->args[0].place.path &&
			    !strcmp(call->args[0].place.path, device))
				return true;
		}
	return false;
}

/* The back links of the program: members that a function stores the device
 * into whose extension holds them (`ext = dev->DeviceExtension; ext->Self =
 * dev;`), so that `IoDeleteDevice(ext->Self)` frees ext. */
/* Whether `g` gives variable `dev` to one of `calls` (a reference taken). */
static bool gives_to(const struct cfg *g, const char *dev, const struct strvec *calls)
{
	for (size_t k = 0; calls && calls->len && k < g->ncalls; k++) {
		const struct cfg_call *call = &g->calls[k];
		if (kinds_call_listed(call, calls) && call->nargs && call->args[0].kind == VALUE_PLACE &&
		    call->args[0].place.path && !strcmp(call->args[0].place.path, dev))
			return true;
	}
	return false;
}

void kinds_back_links(const struct program *prog, size_t from, const struct strvec *unless_kept_by,
		      struct strvec *out)
{
	for (size_t u = 0; u < prog->nunits; u++)
		for (size_t f = 0; program_reaches(prog, from, u) && f < prog->units[u].nfunctions; f++) {
			const struct cfg *g = prog->units[u].functions[f].cfg;
			for (size_t b = 0; g && b < g->nblocks; b++)
				for (size_t e = 0; e < g->blocks[b].nevents; e++) {
					const struct cfg_event *ev = &g->blocks[b].events[e];
					const struct cfg_place *to = &ev->target;
					if (ev->kind == EVENT_STORE && to->field && to->path &&
					    str_starts_with(to->path, "<extension ") && !strchr(to->path, '[') &&
					    ev->value.kind == VALUE_PLACE && plain_variable(&ev->value.place) &&
					    !strvec_contains(out, to->field) && kinds_takes_extension(g, ev->value.place.root) &&
					    !gives_to(g, ev->value.place.root, unless_kept_by))
						strvec_push(out, to->field);
				}
		}
}

bool kinds_unload_helpers_any(const struct check *c, size_t unit, size_t index, unsigned depth,
			      bool (*visit)(const struct cfg *g, void *data), void *data, struct strvec *seen)
{
	const struct function_facts *fn = program_function(c->prog, unit, index);
	const struct cfg *g = fn->cfg;
	if (!g || strvec_contains(seen, fn->name))
		return false;
	strvec_push(seen, fn->name);
	if (visit(g, data))
		return true;
	for (size_t k = 0; depth + 1 < UNLOAD_USE_DEPTH && k < g->ncalls; k++) {
		const struct cfg_call *call = &g->calls[k];
		size_t u, i;
		if (call->callee && !call->callee_in_system_header &&
		    program_resolve_scoped(c->prog, call->callee, call->scope, unit, &u, &i) &&
		    kinds_unload_helpers_any(c, u, i, depth + 1, visit, data, seen))
			return true;
	}
	return false;
}

struct use_search {
	const struct releaser_list *releasers;
	const struct strvec *backlinks;
	struct unload_use *out;
};

static bool visit_uses(const struct cfg *g, void *data)
{
	struct use_search *s = data;
	return function_uses(g, s->releasers, s->backlinks, s->out);
}

bool kinds_unload_use(const struct check *c, size_t unit, size_t index, const struct releaser_list *releasers,
		      unsigned depth, struct strvec *seen, struct unload_use *out)
{
	/* A device the driver holds a reference on outlives IoDeleteDevice, its
	 * extension with it: its back link frees nothing. */
	struct strvec backlinks = STRVEC_INIT, kept_by = STRVEC_INIT;
	for (size_t r = 0; r < releasers->n; r++)
		if (releasers->items[r].extension)
			strvec_push_all(&kept_by, &releasers->items[r].kept_by);
	kinds_back_links(c->prog, c->entry->unit, &kept_by, &backlinks);
	strvec_clear(&kept_by);
	struct use_search search = { releasers, &backlinks, out };
	bool found = kinds_unload_helpers_any(c, unit, index, depth, visit_uses, &search, seen);
	strvec_clear(&backlinks);
	return found;
}
