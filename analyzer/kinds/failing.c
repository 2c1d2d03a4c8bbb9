/* SPDX-License-Identifier: Apache-2.0 */
/* Which of the driver's own functions can return a failure status: a forward
 * reading of the helper's graph that tracks, per local variable, whether it
 * may hold a failure status, and asks it of every value returned. No path is
 * enumerated: a variable may hold a failure at a block when it may on some
 * path into it. */
#include "kinds/failing.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "facts/entry.h"
#include "facts/program.h"
#include "kinds/shared.h"
#include "base/alloc.h"
#include "base/map.h"

enum { FAIL_UNKNOWN, FAIL_BUSY, FAIL_NO, FAIL_YES };

struct reading {
	const struct check *c;
	const struct cfg *g;
	size_t unit;
	unsigned depth;
	call_fails_fn *fails;
	struct strindex vars;      /* the plain variables assigned in the body */
	bool truth;                /* the function returns a truth value (bool, BOOLEAN):
				    * FALSE returned on a failure's side is its failure */
	const struct cfg_call *given; /* the call whose constant arguments decide the tests of
				       * its parameters, or NULL (the memoized reading for any call) */
};

static bool function_can_fail(const struct check *c, size_t unit, size_t index, unsigned depth,
			      call_fails_fn *fails);

/* A plain local or parameter written as a whole: `status`, not `p->Status`. */
static int plain_var(const struct reading *r, const struct cfg_place *p)
{
	if (!p->root || p->field || p->deref || p->index || p->root_is_global || p->root_is_this ||
	    strcmp(p->root, p->path))
		return -1;
	return strindex_find(&r->vars, p->root);
}

static bool call_can_fail(const struct reading *r, const struct cfg_call *call)
{
	if (r->fails(r->c, call))
		return true;
	if (!call->callee || call->callee[0] == '~')
		return false; /* through a pointer: what it reaches would be a guess */
	/* A routine of the kernel off the must-check list fails on arguments the
	 * rule does not read (ExInitializeLookasideListEx only on an invalid pool
	 * type or flags): no claim that the helper passing its status on fails. */
	if (call->callee_in_system_header || call->imported)
		return false;
	size_t u, i;
	return r->depth + 1 < PROGRAM_HELPER_DEPTH &&
	       program_resolve_scoped(r->c->prog, call->callee, call->scope, r->unit, &u, &i) &&
	       function_can_fail(r->c, u, i, r->depth + 1, r->fails);
}

/* What a variable may hold, as bits: a failure assigned outside any loop,
 * one assigned in a loop's body, and one that went round to the loop's
 * next test since (`continue` after a failed item): a status a later item
 * overwrites, the last item's only, which does not stand for the call. */
enum { MAY_FAIL = 1, MAY_FAIL_IN_LOOP = 2, MAY_FAIL_STALE = 4, MAY_CHANGED = 8 };

static bool value_can_fail(const struct reading *r, const struct cfg_value *v, const unsigned char *may)
{
	for (size_t k = 0; k < v->nalts; k++)
		if (value_can_fail(r, &v->alts[k], may))
			return true;
	switch (v->kind) {
	case VALUE_CONSTANT:
		return (int32_t)v->number < 0; /* NT_SUCCESS is `>= 0` */
	case VALUE_PLACE: {
		int n = plain_var(r, &v->place);
		return n >= 0 && (may[n] & (MAY_FAIL | MAY_FAIL_IN_LOOP));
	}
	case VALUE_CALL:
		return v->call >= 0 && (size_t)v->call < r->g->ncalls && call_can_fail(r, &r->g->calls[v->call]);
	default:
		return false;
	}
}

/* Runs the events of block `b` over `may`; returns whether one returns a
 * value that may be a failure. */
static bool block_run(const struct reading *r, const struct cfg_block *b, unsigned char *may)
{
	for (size_t e = 0; e < b->nevents; e++) {
		const struct cfg_event *ev = &b->events[e];
		if (ev->kind == EVENT_RETURN && !r->truth && value_can_fail(r, &ev->value, may))
			return true;
		/* `return false;` once a call's failure was seen (may[vars.len]). */
		if (ev->kind == EVENT_RETURN && r->truth && may[r->vars.len] && ev->value.kind == VALUE_CONSTANT &&
		    ev->value.number == 0 && !ev->value.nalts)
			return true;
		if (ev->kind != EVENT_ASSIGN)
			continue;
		int n = plain_var(r, &ev->target);
		if (n < 0)
			continue;
		bool fails = value_can_fail(r, &ev->value, may);
		unsigned char now = fails ? (ev->in_loop ? MAY_FAIL_IN_LOOP : MAY_FAIL) : 0;
		/* `s |= F()` gathers every item's status: it stands for the call. */
		if (ev->compound && may[n])
			now |= ev->in_loop ? MAY_FAIL_IN_LOOP : MAY_FAIL;
		may[n] = now | MAY_CHANGED; /* (a parameter no longer holds what it was given) */
	}
	return false;
}

static bool labelled(const struct cfg_block *b, const char *label)
{
	return b->label && !strcmp(b->label, label);
}

/* The edge from `b` to `s` takes a loop round to its next item: a status
 * assigned in the body has gone round. A do-while goes round only back to
 * its body (`do { ... } while (0)` of a macro never does). */
static bool loop_turn(const struct cfg_block *b, const struct cfg_block *s)
{
	return labelled(s, "for.cond") || labelled(s, "for.inc") || labelled(s, "while.cond") ||
	       (labelled(b, "do.cond") && labelled(s, "do.body"));
}

/* Whether the status a test reads may be a failure: a variable that may
 * hold one, or the result of a call that can fail (`@N`). */
static bool status_may_fail(const struct reading *r, const struct cfg_cond *cond, const unsigned char *may)
{
	if (cond->var[0] == '@') {
		long n = strtol(cond->var + 1, NULL, 10);
		return n >= 0 && (size_t)n < r->g->ncalls && call_can_fail(r, &r->g->calls[n]);
	}
	int v = strindex_find(&r->vars, cond->var);
	return v >= 0 && (may[v] & (MAY_FAIL | MAY_FAIL_IN_LOOP));
}

/* The constant the call gives the parameter `name`, if it is one. */
static bool given_constant(const struct reading *r, const char *name, long long *out)
{
	if (!r->given || !name || r->given->nargs != r->g->nparams)
		return false;
	for (size_t i = 0; i < r->g->nparams; i++) {
		const struct cfg_value *a = &r->given->args[i];
		if (r->g->params[i].name && !strcmp(r->g->params[i].name, name))
			return a->kind == VALUE_CONSTANT && !a->nalts && (*out = a->number, true);
	}
	return false;
}

/* Whether the plain variable `name` may have been assigned on the way here. */
static bool changed(const struct reading *r, const char *name, const unsigned char *may)
{
	int v = strindex_find(&r->vars, name);
	return v >= 0 && (may[v] & MAY_CHANGED);
}

/* A compare of a parameter with a constant that the call's constant argument
 * decides (`if (len == 0 || len > MAX) return STATUS_INVALID_PARAMETER;` given
 * 14): 1 or 0, or -1 when it is not decided. The parameter is the value it
 * was given only while no assignment to it may have run. */
static int compare_decided(const struct reading *r, const struct cfg_cond *cond, const unsigned char *may)
{
	long long a, b;
	if (cond->kind != COND_COMPARE || cond->adjust || cond->adjust2 || (cond->var && changed(r, cond->var, may)) ||
	    (cond->var2 && changed(r, cond->var2, may)))
		return -1;
	if (cond->var ? !given_constant(r, cond->var, &a) : (a = cond->value, false))
		return -1;
	if (cond->var2 ? !given_constant(r, cond->var2, &b) : (b = cond->value2, false))
		return -1;
	if (!strcmp(cond->op, "<"))
		return a < b;
	if (!strcmp(cond->op, "<="))
		return a <= b;
	if (!strcmp(cond->op, ">"))
		return a > b;
	if (!strcmp(cond->op, ">="))
		return a >= b;
	if (!strcmp(cond->op, "=="))
		return a == b;
	if (!strcmp(cond->op, "!="))
		return a != b;
	return -1;
}

static bool graph_can_fail(struct reading *r)
{
	const struct cfg *g = r->g;
	for (size_t b = 0; b < g->nblocks; b++)
		for (size_t e = 0; e < g->blocks[b].nevents; e++)
			if (g->blocks[b].events[e].kind == EVENT_ASSIGN && g->blocks[b].events[e].target.root)
				strindex_add(&r->vars, g->blocks[b].events[e].target.root);
	size_t nv = r->vars.len + 1;
	unsigned char *in = alloc_zeroed(g->nblocks * nv + 1, sizeof(*in));
	bool *reached = alloc_zeroed(g->nblocks + 1, sizeof(*reached));
	bool *queued = alloc_zeroed(g->nblocks + 1, sizeof(*queued));
	unsigned char *may = alloc_zeroed(nv, sizeof(*may));
	int *work = alloc_zeroed(g->nblocks + 1, sizeof(*work));
	size_t nwork = 0;
	bool fails = false;
	if (g->entry >= 0 && (size_t)g->entry < g->nblocks) {
		reached[g->entry] = queued[g->entry] = true;
		work[nwork++] = g->entry;
	}
	while (nwork > 0 && !fails) {
		int b = work[--nwork];
		queued[b] = false;
		const struct cfg_block *blk = &g->blocks[b];
		memcpy(may, &in[(size_t)b * nv], nv * sizeof(*may));
		if (block_run(r, blk, may)) {
			fails = true;
			break;
		}
		int decided = compare_decided(r, &blk->cond, may);
		for (size_t k = 0; k < blk->nsucc; k++) {
			int s = blk->succ[k];
			if (s < 0 || (size_t)s >= g->nblocks || (decided >= 0 && blk->nsucc == 2 && (int)k == decided))
				continue;
			/* The success successor of `NT_SUCCESS(v)` knows v succeeded. */
			int cleared = -1;
			if (k == 0 && blk->cond.kind == COND_SUCCESS && !blk->cond.failure_only && blk->cond.var)
				cleared = strindex_find(&r->vars, blk->cond.var);
			bool changed = !reached[s];
			reached[s] = true;
			bool turn = loop_turn(blk, &g->blocks[s]);
			/* The failure side of a test of a status gone round (the loop
			 * stops on it: `i < n && NT_SUCCESS(status)`): it stands for
			 * the call again. */
			int stops = -1;
			if (blk->cond.var && ((blk->cond.kind == COND_SUCCESS && k == 1) ||
					      (blk->cond.kind == COND_NONNULL && k == 0)))
				stops = strindex_find(&r->vars, blk->cond.var);
			/* The failure side of a test of a status that may be a failure. */
			if (r->truth && blk->cond.kind == COND_SUCCESS && k == 1 && status_may_fail(r, &blk->cond, may) &&
			    !in[(size_t)s * nv + r->vars.len]) {
				in[(size_t)s * nv + r->vars.len] = MAY_FAIL;
				changed = true;
			}
			for (size_t v = 0; v < r->vars.len + r->truth; v++) {
				unsigned char m = (int)v == cleared ? 0 : may[v];
				if ((int)v == stops && (m & MAY_FAIL_STALE))
					m |= MAY_FAIL_IN_LOOP;
				if (turn && (m & MAY_FAIL_IN_LOOP))
					m = (unsigned char)((m & ~MAY_FAIL_IN_LOOP) | MAY_FAIL_STALE);
				unsigned char *to = &in[(size_t)s * nv + v];
				if (m & ~*to) {
					*to |= m;
					changed = true;
				}
			}
			if (changed && !queued[s]) {
				queued[s] = true;
				work[nwork++] = s;
			}
		}
	}
	free(in);
	free(reached);
	free(queued);
	free(may);
	free(work);
	return fails;
}

static bool bool_type(const char *type)
{
	return type && (!strcmp(type, "bool") || !strcmp(type, "BOOLEAN") || !strcmp(type, "BOOL"));
}

static bool function_can_fail(const struct check *c, size_t unit, size_t index, unsigned depth,
			      call_fails_fn *fails)
{
	const struct function_facts *fn = program_function(c->prog, unit, index);
	const char *type = fn && fn->cfg ? fn->cfg->return_type : NULL;
	bool truth = bool_type(type);
	if (!type || (strcmp(type, "NTSTATUS") && strcmp(type, "NDIS_STATUS") && !truth))
		return false;
	void **slot = ptrmap_slot(c->memo, fn); /* the memo frees what it holds */
	if (*slot) {
		int known = *(int *)*slot;
		return known == FAIL_YES; /* FAIL_BUSY: a cycle adds nothing */
	}
	int *state = alloc_bytes(sizeof(*state));
	*state = FAIL_BUSY;
	*slot = state;
	struct reading r = { c, fn->cfg, unit, depth, fails, STRINDEX_INIT, truth, NULL };
	bool yes = graph_can_fail(&r);
	strindex_clear(&r.vars);
	/* The map may have grown meanwhile: look the slot up again. */
	*(int *)*ptrmap_slot(c->memo, fn) = yes ? FAIL_YES : FAIL_NO;
	return yes;
}

bool failing_helper_can_fail(const struct check *c, const struct cfg *g, const struct cfg_call *call,
		     call_fails_fn *fails)
{
	size_t from, u, i;
	if (!call->callee || call->callee_in_system_header || call->imported || call->callee[0] == '~' ||
	    !kinds_graph_unit(c, g, &from) ||
	    !program_resolve_scoped(c->prog, call->callee, call->scope, from, &u, &i))
		return false;
	if (!function_can_fail(c, u, i, 0, fails))
		return false;
	/* Constant arguments may rule out every failure (a length within the
	 * helper's bounds): read this call's own way, unmemoized. */
	bool constant = false;
	for (size_t a = 0; a < call->nargs; a++)
		constant |= call->args[a].kind == VALUE_CONSTANT;
	if (!constant)
		return true;
	const struct function_facts *fn = program_function(c->prog, u, i);
	struct reading r = { c, fn->cfg, u, 0, fails, STRINDEX_INIT, bool_type(fn->cfg->return_type), call };
	bool yes = graph_can_fail(&r);
	strindex_clear(&r.vars);
	return yes;
}
