/* SPDX-License-Identifier: Apache-2.0 */
/* What a call whose body is not visible can release (see hidden.h). */
#include "kinds/hidden.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "kinds/shared.h"
#include "facts/entry.h"
#include "base/problems.h"
#include "facts/program.h"
#include "rules/rules.h"
#include "base/alloc.h"
#include "base/map.h"
#include "base/strvec.h"

/* Whether a body the explorer did not follow (a recursive call, a helper
 * past the depth) may call one of `releases`: through the bodies it calls,
 * and through any call it makes that could do anything (a pointer, a
 * function of the driver's whose body is not here). */
static bool body_may_release(const struct check *c, size_t unit, size_t index, const struct strvec *releases,
			     size_t *seen, size_t nseen)
{
	if (nseen >= 2 * PROGRAM_HELPER_DEPTH)
		return true;
	for (size_t k = 0; k < nseen; k += 2)
		if (seen[k] == unit && seen[k + 1] == index)
			return false;
	seen[nseen] = unit;
	seen[nseen + 1] = index;
	const struct cfg *g = program_function(c->prog, unit, index)->cfg;
	if (!g)
		return true;
	for (size_t k = 0; k < g->ncalls; k++) {
		const struct cfg_call *call = &g->calls[k];
		if (kinds_call_listed(call, releases) || !call->callee)
			return true;
		if (call->callee_in_system_header || call->callee[0] == '~')
			continue;
		size_t u, i;
		if (program_resolve_scoped(c->prog, call->callee, call->scope, unit, &u, &i)) {
			if (body_may_release(c, u, i, releases, seen, nseen + 2))
				return true;
		} else if (!call->undeclared) {
			return true;
		}
	}
	return false;
}

/* An invisible call reaches what it is given and what that points to: given
 * the address of a member (&Watcher->Lock), that member and what it holds,
 * not the object around it or the member's siblings. */
static bool member_address(const struct cfg_value *v)
{
	return v->kind == VALUE_ADDRESS && v->place.field;
}

/* Whether `path` is `member` or lies inside it (g->Port.Handle in g->Port). */
static bool within(const char *path, const char *member)
{
	size_t n = strlen(member);
	return path && !strncmp(path, member, n) &&
	       (!path[n] || path[n] == '.' || path[n] == '[' || !strncmp(path + n, "->", 2));
}

/* Whether the call is given `place`'s variable, by value or address; given a
 * member's address, whether `place` lies inside that member. */
static bool passes_root(const struct cfg_call *call, const struct cfg_place *place)
{
	for (size_t a = 0; a < call->nargs; a++) {
		const struct cfg_value *v = &call->args[a];
		if ((v->kind == VALUE_ADDRESS || v->kind == VALUE_PLACE) && v->place.root &&
		    !strcmp(v->place.root, place->root) &&
		    (!member_address(v) || within(place->path, v->place.path)))
			return true;
	}
	return false;
}

/* Whether the call is given a local or a parameter; given a member's address,
 * only when the acquisition (`field`: the member its place ends in, or NULL)
 * may be that member under another name. A routine of the kernel does not
 * know the driver's structures: when `handle` (where the acquisition keeps
 * what it acquired) is given, a handle kept in a member is reached only
 * through that member, and one kept in a variable only through a variable. */
static bool passes_local(const struct cfg_call *call, const char *field, const struct cfg_place *handle)
{
	for (size_t a = 0; a < call->nargs; a++) {
		const struct cfg_value *v = &call->args[a];
		if ((v->kind != VALUE_ADDRESS && v->kind != VALUE_PLACE) || !v->place.root ||
		    v->place.root_is_global)
			continue;
		if (member_address(v) && !(field && !strcmp(field, v->place.field)))
			continue;
		if (handle && (handle->field ? !v->place.field || strcmp(handle->field, v->place.field)
					     : v->place.field != NULL))
			continue;
		return true;
	}
	return false;
}

/* Whether the function `g` passes what the acquisition `a` names (its result
 * or a variable it was given) to a routine of the driver's or a pointer. */
static bool handed_on(const struct cfg *g, const struct cfg_call *a)
{
	for (size_t k = 0; k < g->ncalls; k++) {
		const struct cfg_call *call = &g->calls[k];
		if (call == a || (call->callee && call->callee_in_system_header))
			continue;
		for (size_t i = 0; i <= a->nargs; i++) {
			const struct cfg_place *place = i < a->nargs ? &a->args[i].place : &a->result;
			if (i < a->nargs && a->args[i].kind != VALUE_ADDRESS && a->args[i].kind != VALUE_PLACE)
				continue;
			if (place->root && passes_root(call, place))
				return true;
		}
	}
	return false;
}

/* Whether the invisible call `opaque` could have released what `acquire`
 * acquired. With a body: whether it may call a release. Without one, by what
 * it can reach: a function no header declares (a DDI the model lacks, or a
 * name entrycheck assumed) only what it is given; one the driver declares, or
 * a call through a pointer, also the driver's globals and what DriverEntry's
 * parameters lead to. The variables that name an acquisition are those its
 * call stores into or is given. */
static bool may_release(const struct check *c, const struct hist_item *acquire, const struct hist_item *opaque,
			const struct cleanup_pair *pair, bool *has_body)
{
	const struct cfg_call *o = event_call(opaque->g, opaque->event);
	size_t unit, u, i;
	size_t seen[2 * PROGRAM_HELPER_DEPTH];
	const struct pointer_targets *t;
	if (o->callee) {
		/* A name no header declares may still be defined elsewhere in the
		 * run (C declares it at its first call): the explorer follows it too. */
		*has_body = kinds_graph_unit(c, opaque->g, &unit) &&
			    program_resolve_scoped(c->prog, o->callee, o->scope, unit, &u, &i) &&
			    program_function(c->prog, u, i)->cfg;
		if (*has_body)
			return body_may_release(c, u, i, &pair->release, seen, 0);
	} else if ((*has_body = kinds_graph_unit(c, opaque->g, &unit) &&
				kinds_pointer_target(c, unit, opaque->g, o, &t) != POINTER_KERNEL &&
				kinds_targets_visible(c, t))) {
		/* Through a pointer filled with functions only: whether one of them may. */
		for (size_t k = 0; k < t->n; k++)
			if (body_may_release(c, t->unit[k], t->index[k], &pair->release, seen, 0))
				return true;
		return false;
	}
	/* A macro of a missing header sees every name in scope: any of them. */
	if (cfg_call_unknown_macro(o))
		return true;
	const struct cfg_call *a = event_call(acquire->g, acquire->event);
	bool same_frame = acquire->frame == opaque->frame;
	bool named = false, beyond_locals = false;
	const char *field = NULL;
	for (size_t k = 0; k <= a->nargs; k++) {
		const struct cfg_place *place = k < a->nargs ? &a->args[k].place : &a->result;
		if (k < a->nargs && a->args[k].kind != VALUE_ADDRESS && a->args[k].kind != VALUE_PLACE)
			continue;
		if (!place->root)
			continue;
		named = true;
		if (place->field)
			field = place->field;
		if (place->root_is_global || place->root_is_param || place->root_is_this)
			beyond_locals = true;
		if ((same_frame || place->root_is_global) && passes_root(o, place))
			return true;
	}
	/* A routine of the kernel the driver declares itself (dllimport), or
	 * one no header declares, is a DDI the model lacks: it reaches only
	 * what it is given. */
	bool kernel = o->undeclared || kinds_call_is_kernel_routine(c, opaque->g, o);
	/* In another frame the same object has other names, if it leaves its
	 * frame: through a global, a parameter, or a routine of the driver's it
	 * is handed to (a local of a logging helper is not the handle DriverEntry
	 * keeps to itself). */
	if (!same_frame && (!named || beyond_locals || handed_on(acquire->g, a)) &&
	    passes_local(o, field, kernel ? pairs_handle_place(pair, a) : NULL))
		return true;
	if (kernel)
		return false;
	return !named || beyond_locals;
}

bool hidden_may_release(const struct check *c, const struct path *p, size_t acquire, const struct cleanup_pair *pair,
			const size_t *opaque, size_t nopaque, const struct hist_item **passed, bool *passed_has_body)
{
	*passed = NULL;
	if (c->strict)
		return false;
	const struct hist_item *acq = &p->items[acquire];
	size_t lo = 0, hi = nopaque; /* the first invisible call after the acquisition */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (opaque[mid] <= acquire)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t k = lo; k < nopaque; k++) {
		const struct hist_item *it = &p->items[opaque[k]];
		bool has_body;
		if (may_release(c, acq, it, pair, &has_body)) {
			kinds_note_stepped_back(c, it);
			return true;
		}
		if (!*passed) {
			*passed = it;
			*passed_has_body = has_body;
		}
	}
	return false;
}


/* Whether `g`, or a body it calls (up to the helper depth), releases what
 * `pair` pairs; unlike body_may_release, a call it cannot follow counts for
 * nothing. `seen` holds the graphs looked at. */
static bool calls_release(const struct check *c, const struct cfg *g, const struct cleanup_pair *pair, unsigned depth,
			  struct ptrmap *seen)
{
	void **slot = ptrmap_slot(seen, g);
	if (*slot)
		return false;
	*slot = alloc_bytes(1);
	size_t unit, u, i;
	bool known = kinds_graph_unit(c, g, &unit);
	for (size_t k = 0; k < g->ncalls; k++) {
		const struct cfg_call *call = &g->calls[k];
		if (pairs_call_releases(pair, call))
			return true;
		if (known && depth < PROGRAM_HELPER_DEPTH && call->callee && !call->callee_in_system_header &&
		    program_resolve_scoped(c->prog, call->callee, call->scope, unit, &u, &i) &&
		    program_function(c->prog, u, i)->cfg &&
		    calls_release(c, program_function(c->prog, u, i)->cfg, pair, depth + 1, seen))
			return true;
	}
	return false;
}

bool hidden_release_in_routines(const struct check *c, const struct path *p, const struct cleanup_pair *pair)
{
	struct ptrmap seen = PTRMAP_INIT;
	bool found = false;
	for (size_t i = 0; i <= p->len && !found; i++) {
		const struct cfg *g = i < p->len ? p->items[i].g : c->fn->cfg;
		if (g)
			found = calls_release(c, g, pair, 0, &seen);
	}
	ptrmap_clear(&seen);
	return found;
}

