/* SPDX-License-Identifier: Apache-2.0 */
/* What a call through a function pointer reaches (pointers.h): a look at
 * every store of the run into a place like the one the call reads. */
#include "facts/pointers.h"

#include <stdbool.h>
#include <string.h>

#include "cfg/cfg.h"
#include "facts/entry.h"
#include "facts/program.h"
#include "facts/reads.h"

struct sources {
	const char *function[POINTER_MAX_TARGETS]; /* the functions stored */
	size_t unit[POINTER_MAX_TARGETS];          /* the unit that stores each */
	size_t nfunctions;
	bool kernel;            /* a routine MmGetSystemRoutineAddress found was stored */
	bool other;             /* something else was: any function may be called */
	/* The run and the units whose calls count, to read what a parameter
	 * stored into the pointer was given (`m_steps[n++] = fn` of Push(fn)). */
	const struct program *p;
	size_t entry, home;
	bool via_param;         /* reading a caller's argument: one level only */
};

static void add_function(struct sources *s, const char *name, size_t unit)
{
	for (size_t i = 0; i < s->nfunctions; i++)
		if (!strcmp(s->function[i], name))
			return;
	if (s->nfunctions == POINTER_MAX_TARGETS) {
		s->other = true;
		return;
	}
	s->function[s->nfunctions] = name;
	s->unit[s->nfunctions++] = unit;
}

/* Whether a store into `target` may set the pointer `ptr` is read from: the
 * same global variable, or the same member of any object. */
static bool same_pointer(const struct cfg_place *ptr, const struct cfg_place *target)
{
	if (!target->root)
		return false;
	/* A member that is an array of pointers (`m_steps[i]()`): any slot's store. */
	if (ptr->field)
		return target->field && !strcmp(target->field, ptr->field) && !target->index == !ptr->index;
	return target->root_is_global == ptr->root_is_global && !target->field && !target->index &&
	       !target->deref && !strcmp(target->root, ptr->root);
}

static bool system_routine(const struct cfg_call *c)
{
	return c->callee && !strcmp(c->callee, "MmGetSystemRoutineAddress");
}

static void add_value(struct sources *s, const struct cfg *g, const struct cfg_value *v, const char *field,
		      size_t unit);

/* Whether unit `u` defines a DriverEntry of its own, other than the one of
 * unit `entry`: a file of another driver, though in the same directory (a
 * sample's variants side by side). */
static bool another_entry(const struct program *p, size_t entry, size_t u)
{
	return u != entry && p->has_entry[u];
}

/* What every call of `function` in the code the driver reaches gives its
 * parameter `param` (0-based): a parameter stored into the pointer brings
 * those. No call found, or one given something else: any function. */
static void add_arguments(struct sources *s, const char *function, int param, const char *field)
{
	const struct program *p = s->p;
	bool called = false;
	s->via_param = true;
	for (size_t u = 0; p && u < p->nunits && !s->other; u++) {
		if (u != s->home && (strcmp(p->units[u].dir, p->units[s->home].dir) || another_entry(p, s->entry, u)) &&
		    !program_reaches(p, s->entry, u))
			continue;
		for (size_t i = 0; i < p->units[u].nfunctions && !s->other; i++) {
			const struct cfg *body = program_function(p, u, i)->cfg;
			for (size_t k = 0; body && k < body->ncalls && !s->other; k++) {
				const struct cfg_call *call = &body->calls[k];
				if (!call->callee || strcmp(call->callee, function) || (size_t)param >= call->nargs)
					continue;
				called = true;
				add_value(s, body, &call->args[param], field, u);
			}
		}
	}
	s->via_param = false;
	if (!called)
		s->other = true;
}

static void add_value(struct sources *s, const struct cfg *g, const struct cfg_value *v, const char *field,
		      size_t unit)
{
	switch (v->kind) {
	case VALUE_NULL:
		return;
	case VALUE_CONSTANT:
		if (v->number != 0)
			s->other = true;
		return;
	case VALUE_CALL:
		if (system_routine(&g->calls[v->call]))
			s->kernel = true;
		else
			s->other = true;
		return;
	case VALUE_FUNCTION:
		add_function(s, v->name, unit);
		return;
	case VALUE_PLACE:
		/* A copy of the same member of another object (ops.Start = from->Start)
		 * brings no function the member's other stores do not. */
		if (v->place.field && field && !strcmp(v->place.field, field))
			return;
		if (v->place.root_is_param && !v->place.field && !v->place.deref && !v->place.index && !s->via_param) {
			add_arguments(s, g->function, v->place.param_index, field);
			return;
		}
		s->other = true;
		return;
	default:
		for (size_t i = 0; i < v->nalts; i++)
			add_value(s, g, &v->alts[i], field, unit);
		if (!v->nalts)
			s->other = true;
	}
}

static void scan_function(struct sources *s, const struct cfg *g, const struct cfg_place *ptr, size_t unit)
{
	for (size_t b = 0; b < g->nblocks && !s->other; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			if ((ev->kind == EVENT_ASSIGN || ev->kind == EVENT_STORE) && same_pointer(ptr, &ev->target))
				add_value(s, g, &ev->value, ptr->field, unit);
			else if (ev->kind == EVENT_CALL && same_pointer(ptr, &g->calls[ev->call].result)) {
				if (system_routine(&g->calls[ev->call]))
					s->kernel = true;
				else
					s->other = true;
			}
		}
}

static enum pointer_target resolved(const struct program *p, const struct sources *s,
				    struct pointer_targets *out)
{
	if (s->other || (s->kernel && s->nfunctions))
		return POINTER_UNKNOWN;
	if (s->kernel)
		return POINTER_KERNEL;
	if (!s->nfunctions)
		return POINTER_UNKNOWN;
	struct pointer_targets t = { 0 };
	for (size_t i = 0; i < s->nfunctions; i++, t.n++)
		if (!program_resolve(p, s->function[i], s->unit[i], &t.unit[i], &t.index[i]))
			return POINTER_UNKNOWN;
	if (out)
		*out = t;
	return t.n == 1 ? POINTER_FUNCTION : POINTER_FUNCTIONS;
}

/* Static initializers: `{ .EvtModulesAdd = ModulesAdd }` of a file-scope
 * object, or a file-scope pointer initialized with a function. */
static void scan_globals(struct sources *s, const struct program *p, const struct cfg_place *ptr, size_t unit)
{
	const struct unit_facts *u = &p->units[unit];
	for (size_t k = 0; k < u->nglobals && !s->other; k++) {
		const struct global_facts *gl = &u->globals[k];
		for (size_t i = 0; i < gl->values.len; i++) {
			const char *field = i < gl->fields.len ? gl->fields.items[i] : NULL;
			const char *last = field ? strrchr(field, '.') : NULL;
			last = last ? last + 1 : field;
			bool match = ptr->field ? last && !strcmp(last, ptr->field)
						: !field && ptr->root_is_global && !strcmp(gl->name, ptr->root);
			const char *v = gl->values.items[i];
			if (!match && !(v[0] == '{' && ptr->field))
				continue;
			size_t fu, fi;
			if (v[0] == '{') {
				/* A nested initializer's members are not recorded one by one:
				 * one that names the member could store anything. */
				if (ptr->field && strstr(v, ptr->field))
					s->other = true;
				continue;
			}
			if (!strcmp(v, "NULL") || !strcmp(v, "0") || !strcmp(v, "nullptr"))
				continue;
			if (v[0] == '&')
				v++;
			if (!program_resolve(p, v, unit, &fu, &fi)) {
				s->other = true;
				return;
			}
			add_function(s, program_function(p, fu, fi)->name, unit);
		}
	}
}

/* Whether a file of the driver stores into member `ptr->field`, or names it
 * in an initializer: one of the entry's folder or directory, or one the
 * driver reaches (the files the evaluation cache then knows it read). */
static bool member_filled(const struct program *p, size_t entry, const struct cfg_place *ptr)
{
	struct sources s = { .p = p, .entry = entry, .home = entry };
	const char *home = p->units[entry].dir, *folder = p->units[entry].scope;
	reads_note_dir(p, home);
	if (folder)
		reads_note_dir(p, folder);
	else
		reads_note_all(p);
	for (size_t u = 0; u < p->nunits && !s.other && !s.kernel && !s.nfunctions; u++) {
		if (u != entry && strcmp(p->units[u].dir, home) && !program_reaches(p, entry, u))
			continue;
		scan_globals(&s, p, ptr, u);
		for (size_t i = 0; i < p->units[u].nfunctions && !s.other; i++) {
			const struct cfg *body = program_function(p, u, i)->cfg;
			if (body)
				scan_function(&s, body, ptr, u);
		}
	}
	return s.other || s.kernel || s.nfunctions;
}

enum pointer_target pointer_target(const struct program *p, size_t entry, size_t from, const struct cfg *g,
				   const struct cfg_call *call, struct pointer_targets *out)
{
	const struct cfg_place *ptr = &call->pointer;
	/* A member of a structure the kit declares that no code of the run fills
	 * (a WSK provider's dispatch table, an interface a bus driver hands
	 * out) holds a routine of the system's, which reaches what it is given. */
	if (!call->callee && call->pointer_of_kit && ptr->root && ptr->field && !member_filled(p, entry, ptr))
		return POINTER_KERNEL;
	/* A slot of an array is known only as a member's (`this->m_steps[i]`);
	 * a member of `this` is one of any object of the class. */
	if (call->callee || !ptr->root || (ptr->index && !ptr->field) || ptr->root_is_param ||
	    (ptr->root_is_this && !ptr->field))
		return POINTER_UNKNOWN;
	struct sources s = { .p = p, .entry = entry, .home = from };
	if (!ptr->field && !ptr->root_is_global) {
		/* A local: what its own function stores. */
		scan_function(&s, g, ptr, from);
		return resolved(p, &s, out);
	}
	const char *home = p->units[from].dir, *folder = p->units[entry].scope;
	/* A file added to the caller's directory or the driver's folder may store into it too. */
	reads_note_dir(p, home);
	if (folder)
		reads_note_dir(p, folder);
	else
		reads_note_all(p);
	for (size_t u = 0; u < p->nunits && !s.other; u++) {
		/* Not every file of a library folder: a store into a member of the same name
		 * there is most often another module's (one creator per module), and each
		 * target taken would be a path resting on a guess. */
		if (u != from && (strcmp(p->units[u].dir, home) || another_entry(p, entry, u)) &&
		    !program_reaches(p, entry, u))
			continue; /* another driver fills its own; what the run holds besides counts not */
		scan_globals(&s, p, ptr, u);
		for (size_t i = 0; i < p->units[u].nfunctions && !s.other; i++) {
			const struct cfg *body = program_function(p, u, i)->cfg;
			if (body)
				scan_function(&s, body, ptr, u);
		}
	}
	return resolved(p, &s, out);
}
