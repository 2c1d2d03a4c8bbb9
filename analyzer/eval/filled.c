/* SPDX-License-Identifier: Apache-2.0 */
/* What a call the path does not follow leaves in the places it was given
 * the address of: what it produced, linked to its outcome where the rule
 * records the call, and a pointer such a place held before, which a failed
 * call leaves where it was. */
#include "eval/explorer.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "cfg/cfg.h"

/* The call of `site`. */
static const struct cfg_call *site_call(const struct explorer *x, int site)
{
	const struct site *t = &x->sites[site];
	return &x->frames[t->frame].g->calls[t->call];
}

/* Whether `f` is a pointer the path knows is not NULL (returned by a call
 * and tested, stored through, a nonzero constant) that call `site` did not
 * make: an earlier run of the same call (a loop's, also one the graph
 * writes out again for each run) filled it the same way. */
static bool holds_pointer(const struct explorer *x, const struct fact *f, int site)
{
	if (!f || f->earlier_run || f->site == site)
		return false;
	if (f->site >= 0 && (size_t)f->site < x->nsites && (size_t)site < x->nsites) {
		const struct cfg_loc *a = &site_call(x, f->site)->loc, *b = &site_call(x, site)->loc;
		if (a->line == b->line && a->column == b->column && a->file && b->file && !strcmp(a->file, b->file))
			return false;
	}
	return f->known_const ? f->number != 0
			      : f->outcome == OUTCOME_SUCCESS || f->positive || (f->excludes && f->excluded == 0);
}

void eval_fill_out_params(struct explorer *x, struct state *s, const struct cfg *g, const struct cfg_event *e,
			  int site, bool modeled)
{
	int frame = s->frame;
	const struct cfg_call *c = &g->calls[e->call];
	for (size_t a = modeled || cfg_call_store_modeled(c) ? 1 : 0; a < c->nargs; a++) {
		const struct cfg_value *v = &c->args[a];
		if (v->kind == VALUE_ADDRESS && v->place.root) {
			/* and what a routine of the driver's own may have written in
			 * its members (a kernel routine's structures are its input,
			 * or objects whose fields nothing tests) */
			struct fact_ref r = site >= 0 ? state_resolve_filled(s, frame, &v->place)
						      : state_resolve_place(s, frame, &v->place);
			if (!c->callee_in_system_header)
				state_forget_members(s, r.frame, r.name);
			int held_frame = r.frame;
			/* a kit routine writes only what its declaration marks (_Out_, _Inout_, OUT) */
			bool written = !c->callee_in_system_header || a >= 32 || (c->written_args >> a & 1);
			char *held = site >= 0 && written && !strchr(r.name, '[') &&
					     holds_pointer(x, state_find_fact(s, r.frame, r.name), site)
					     ? alloc_strdup(r.name) : NULL;
			state_assign_resolved(s, r, OUTCOME_UNKNOWN, site, false, g, e);
			if (held)
				state_find_fact(s, held_frame, held)->kept_if_failed = true;
			free(held);
		}
		int to;
		const struct cfg_place *caller;
		/* Only for a call the rule records (an acquisition filling a
		 * handle): a pointer passed on may as well be read only. */
		if (site >= 0 && v->kind == VALUE_PLACE && !v->place.deref &&
		    frames_caller_place(x, frame, &v->place, &to, &caller))
			state_assign_resolved(s, state_resolve_place(s, to, caller), OUTCOME_UNKNOWN, site, false, g, e);
	}
}
