/* SPDX-License-Identifier: Apache-2.0 */
/* Taking a branch: what the test reveals about statuses, pointers and
 * counters, and the branches a path cannot take given what it knows. */
#include "eval/evaluate.h"
#include "eval/explorer.h"

#include <stdint.h>
#include <stdio.h>
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "facts/classify.h"
#include "facts/entry.h"
#include "eval/history.h"
#include "facts/program.h"
#include "rules/rules.h"
#include "base/alloc.h"

/* On an exception edge out of `b`: a call of `b` whose status the path still
 * holds unexamined may be the one that raised, and then it returned nothing
 * to examine. Its status is settled (HIST_EXAMINED), not lost. */
static void settle_raised_calls(struct state *s, const struct cfg *g, const struct cfg_block *b)
{
	/* A call that raised produced nothing: the block's calls count as
	 * failed on this edge (one of them raised; which, the path cannot tell,
	 * and an acquisition must not be held on a guess). */
	int raised[16];
	size_t nraised = 0;
	for (const struct hist_node *n = s->hist; n && nraised < 16; n = n->prev) {
		const struct hist_item *it = &n->item;
		if (it->kind == HIST_CALL && it->g == g && it->frame == (unsigned)s->frame &&
		    it->event >= b->events && it->event < b->events + b->nevents && it->site >= 0)
			raised[nraised++] = it->site;
		else if (it->kind == HIST_CALL)
			break;
	}
	for (size_t k = 0; k < nraised; k++) {
		state_push_hist(s, (struct hist_item){ .kind = HIST_REFINE, .g = g,
				.frame = (unsigned)s->frame, .site = raised[k], .outcome = OUTCOME_FAILURE });
		for (size_t i = 0; i < s->nfacts; i++)
			if (s->facts[i].site == raised[k]) {
				state_touch_fact(s, &s->facts[i]);
				s->facts[i].outcome = OUTCOME_FAILURE;
			}
	}
	for (size_t i = 0; i < s->nfacts; i++) {
		struct fact *f = &s->facts[i];
		if (f->site < 0 || f->examined || !f->holds_status || f->frame != s->frame)
			continue;
		for (const struct hist_node *n = s->hist; n; n = n->prev) {
			const struct hist_item *it = &n->item;
			if (it->kind != HIST_CALL || it->site != f->site)
				continue;
			if (it->g == g && it->event >= b->events && it->event < b->events + b->nevents)
				state_mark_examined(s, s->frame, f, g, NULL);
			break;
		}
	}
}

/* Integer comparisons: what a path knows of a variable is a constant, "one
 * or more" (a count incremented from zero or more), or nothing. */
struct range {
	long long lo, hi;
};

/* The integer `name` names from `frame`, as the path names it (a method's
 * this->m_Stage is its object's member), or the global of that name; with
 * `make`, made where the path names it when there is none. */
static struct fact *integer_fact(struct state *s, int frame, const char *name, bool make)
{
	struct fact_ref r = state_resolve_name(s, frame, name);
	struct fact *f = state_find_fact(s, r.frame, r.name);
	if (!f && r.bound)
		f = state_find_fact(s, r.own_frame, r.own_name);
	if (!f && !r.owned)
		f = state_find_fact(s, eval_global_frame(s->arena->frames, frame, name), name);
	if (!f && make)
		f = state_set_fact(s, r.frame, r.name);
	free(r.owned);
	return f;
}

static struct range operand_range(struct state *s, int frame, const char *var, long long value,
				  long long adjust)
{
	if (!var)
		return (struct range){ value, value };
	const struct fact *f = integer_fact(s, frame, var, false);
	struct range r = { LLONG_MIN, LLONG_MAX };
	if (f && f->known_const)
		r = (struct range){ f->number, f->number };
	else if (f && (f->positive || f->nonneg))
		r = (struct range){ f->positive ? 1 : 0, LLONG_MAX };
	if (adjust && r.lo > LLONG_MIN / 2 && r.lo < LLONG_MAX / 2)
		r.lo += adjust;
	if (adjust && r.hi > LLONG_MIN / 2 && r.hi < LLONG_MAX / 2)
		r.hi += adjust;
	return r;
}

/* 1 when `a op b` holds for every value, 0 when for none, -1 when it depends. */
static int compare_ranges(struct range a, const char *op, struct range b)
{
	if (!strcmp(op, ">") || !strcmp(op, ">=")) {
		struct range t = a;
		a = b;
		b = t;
		op = op[1] ? "<=" : "<";
	}
	if (!strcmp(op, "<"))
		return a.hi < b.lo ? 1 : a.lo >= b.hi ? 0 : -1;
	if (!strcmp(op, "<="))
		return a.hi <= b.lo ? 1 : a.lo > b.hi ? 0 : -1;
	bool equal = a.lo == a.hi && b.lo == b.hi && a.lo == b.lo;
	bool apart = a.hi < b.lo || b.hi < a.lo;
	int eq = equal ? 1 : apart ? 0 : -1;
	if (!strcmp(op, "=="))
		return eq;
	return eq < 0 ? -1 : !eq;
}

/* The comparison with its operands swapped, and the one that holds when
 * `op` does not. */
static const char *mirrored(const char *op)
{
	return !strcmp(op, "<") ? ">" : !strcmp(op, ">") ? "<" : !strcmp(op, "<=") ? ">="
	       : !strcmp(op, ">=") ? "<=" : op;
}

static const char *negated(const char *op)
{
	return !strcmp(op, "<") ? ">=" : !strcmp(op, ">=") ? "<" : !strcmp(op, ">") ? "<="
	       : !strcmp(op, "<=") ? ">" : !strcmp(op, "==") ? "!=" : "==";
}

/* Whether `c` holds (1), fails (0) or depends (-1) on what the path's
 * counters are known to be. */
static int compare_truth(struct state *s, int frame, const struct cfg_cond *c)
{
	int truth = compare_ranges(operand_range(s, frame, c->var, c->value, c->adjust), c->op,
				   operand_range(s, frame, c->var2, c->value2, c->adjust2));
	bool eq = !strcmp(c->op, "=="), ne = !strcmp(c->op, "!=");
	if (truth >= 0 || (!eq && !ne) || (c->var != NULL) == (c->var2 != NULL) || c->adjust || c->adjust2)
		return truth;
	/* One variable against a constant it is known not to hold. */
	const struct fact *f = integer_fact(s, frame, c->var ? c->var : c->var2, false);
	long long k = c->var ? c->value2 : c->value;
	if (f && !f->known_const && f->excludes && f->excluded == k)
		return ne;
	return truth;
}

/* Taking the branch of `c` that `holds` says, which the counters allow:
 * learns what it can: `n > 0` taken makes n one or more, `n == 3` makes it 3. */
static void compare_learn(struct state *s, int frame, const struct cfg_cond *c, bool holds)
{
	if (compare_truth(s, frame, c) >= 0)
		return;
	/* One variable, read as it is now, against a constant. */
	if ((c->var != NULL) == (c->var2 != NULL) || c->adjust || c->adjust2)
		return;
	const char *var = c->var ? c->var : c->var2;
	long long k = c->var ? c->value2 : c->value;
	const char *op = c->var ? c->op : mirrored(c->op); /* k op var: var (op mirrored) k */
	if (!holds) /* the FALSE branch: the negated comparison holds */
		op = negated(op);
	bool one_or_more = (!strcmp(op, ">") && k >= 0) || (!strcmp(op, ">=") && k >= 1);
	bool exactly = !strcmp(op, "==");
	bool other = !strcmp(op, "!=");
	if (!one_or_more && !exactly && !other)
		return;
	struct fact *f = integer_fact(s, frame, var, true);
	if (exactly) {
		f->known_const = true;
		f->number = k;
		f->positive = f->nonneg = f->excludes = false;
	} else if (other) {
		/* `v != k` taken: v keeps it until written (a global set once
		 * before a loop is tested the same way in every iteration). */
		f->excludes = true;
		f->excluded = k;
		if (k == 0 && f->nonneg)
			f->positive = true;
	} else {
		f->positive = f->nonneg = true;
	}
}

/* The integer handle (an ETW REGHANDLE, a callout id) that a call filled as
 * its out parameter and `c` tests against 0 (`h != 0`, `h == 0`), or NULL. */
static struct fact *tested_handle(struct state *s, int frame, const struct cfg_cond *c)
{
	if (!c->var || c->var2 || c->value2 != 0 || c->adjust || (strcmp(c->op, "!=") && strcmp(c->op, "==")))
		return NULL;
	struct fact_ref r = state_resolve_name(s, frame, c->var);
	struct fact *f = state_find_fact(s, r.frame, r.name);
	if (!f && !r.owned)
		f = state_find_fact(s, eval_global_frame(s->arena->frames, frame, c->var), c->var);
	free(r.owned);
	return f && !f->known_const && !f->positive && !f->nonneg && !f->holds_status && f->site >= 0 ? f : NULL;
}

/* What the path knows of that call's outcome decides the test, as for a
 * pointer. True when the branch contradicts it. */
static bool handle_contradicts(struct state *s, int frame, const struct cfg_cond *c, bool holds)
{
	const struct fact *f = tested_handle(s, frame, c);
	if (!f || f->outcome == OUTCOME_UNKNOWN)
		return false;
	bool nonzero = !strcmp(c->op, "!=") ? holds : !holds;
	return nonzero != (f->outcome == OUTCOME_SUCCESS);
}

/* And where the path does not know it yet, the test tells: a handle still
 * 0 was not filled, so the call failed (`if (g.CalloutId != 0)
 * Unregister(g.CalloutId)` after a registration whose status nothing
 * tested). */
static void handle_learn(struct state *s, int frame, const struct cfg *g, const struct cfg_cond *c, bool holds)
{
	struct fact *f = tested_handle(s, frame, c);
	if (!f || f->outcome != OUTCOME_UNKNOWN || f->earlier_run || f->kept_if_failed)
		return;
	bool nonzero = !strcmp(c->op, "!=") ? holds : !holds;
	f->outcome = nonzero ? OUTCOME_SUCCESS : OUTCOME_FAILURE;
	state_push_hist(s, (struct hist_item){ .kind = HIST_REFINE, .g = g, .cond = c, .frame = (unsigned)frame,
					       .site = f->site, .outcome = f->outcome });
}

/* The fact a success or null test reads, as the path names it. */
static struct fact *tested_fact(struct state *s, int frame, const struct cfg_cond *c, struct fact_ref *r)
{
	*r = state_resolve_name(s, frame, c->var);
	struct fact *f = state_find_fact(s, r->frame, r->name);
	if (!f && r->bound)
		f = state_find_fact(s, r->own_frame, r->own_name);
	if (!f && !r->owned)
		f = state_find_fact(s, eval_global_frame(s->arena->frames, frame, c->var), c->var);
	return f;
}

/* What `*param` reads, for a helper given `&x` of a caller's local x: x's
 * fact in the caller's frame, or NULL. Read only, to close a branch the
 * caller's knowledge rules out (a delete helper's `if (*Buf)` given a buffer
 * known allocated); state_resolve_name binds `*param` to a global's place
 * only, so the helper's own stores through it stay its own. */
static const struct fact *caller_local(struct state *s, int frame, const char *name)
{
	const struct frame *f = &s->arena->frames[frame];
	for (size_t i = 0; name && name[0] == '*' && i < f->nparams; i++) {
		const char *param = f->param_prefix[i] && f->param_address[i] && !eval_frame_is_global(f->param_frame[i])
					    ? f->g->params[i].name : NULL;
		size_t len = param ? strlen(f->param_prefix[i]) : 0;
		if (!param || strcmp(name + 1, param) || len < 2 || f->param_prefix[i][len - 1] != '.')
			continue;
		char *local = alloc_strndup(f->param_prefix[i], len - 1);
		const struct fact *x = strchr(local, '.') || strchr(local, '>') ? NULL
							: state_find_fact(s, f->param_frame[i], local);
		free(local);
		return x;
	}
	return NULL;
}

/* The fact that `p == &x` cannot hold, or NULL: p holds what a relevant call
 * returned (an acquisition: fresh memory, never the driver's own variable)
 * or NULL. The equal successor of such a test is closed. */
static const struct fact *never_address(struct state *s, int frame, const struct cfg_cond *c)
{
	struct fact_ref r;
	const struct fact *f = tested_fact(s, frame, c, &r);
	free(r.owned);
	if (!f || f->positive || f->nonneg || f->via_this)
		return NULL;
	bool never = f->known_const ? f->number == 0 : f->site >= 0 && f->outcome != OUTCOME_UNKNOWN;
	return never ? f : NULL;
}

static size_t equal_successor(const struct cfg_cond *c)
{
	return !strcmp(c->op, "==") ? 0 : 1;
}

/* Whether what the path knows of a switch's value rules out its successor
 * `which`: a case of another constant, or the default when a case has it. */
static bool switch_closed(struct state *s, int frame, const struct cfg_block *b, size_t which)
{
	const struct cfg_cond *c = &b->cond;
	size_t ncases = b->nsucc - b->nexcept;
	if (c->kind != COND_SWITCH || !c->var || !b->case_known || which >= ncases)
		return false;
	const struct fact *f = integer_fact(s, frame, c->var, false);
	if (!f || (!f->known_const && !f->excludes))
		return false;
	if (which + 1 < ncases) {
		if (!b->case_known[which])
			return false;
		return f->known_const ? b->case_values[which] != f->number : b->case_values[which] == f->excluded;
	}
	for (size_t i = 0; f->known_const && i + 1 < ncases; i++)
		if (b->case_known[i] && b->case_values[i] == f->number)
			return true;
	return false;
}

/* Taking case `which` of a switch teaches its value. */
static void switch_learn(struct state *s, int frame, const struct cfg_block *b, size_t which)
{
	const struct cfg_cond *c = &b->cond;
	size_t ncases = b->nsucc - b->nexcept;
	if (c->kind != COND_SWITCH || !c->var || !b->case_known || which + 1 >= ncases || !b->case_known[which])
		return;
	struct fact *f = integer_fact(s, frame, c->var, true);
	f->known_const = true;
	f->number = b->case_values[which];
	f->positive = f->nonneg = f->excludes = false;
}

/* A test of bits against a variable mask (`set & bit` in a helper) as one
 * against the mask the path knows, the other operand the flag word: false
 * when it knows neither as a constant. A shallow copy of `c`. */
static bool bits_with_mask(struct state *s, int frame, const struct cfg_cond *c, struct cfg_cond *out)
{
	*out = *c;
	if (!c->var2)
		return c->value != 0;
	const struct fact *second = integer_fact(s, frame, c->var2, false), *first = integer_fact(s, frame, c->var, false);
	if (second && second->known_const && second->number)
		out->value = second->number;
	else if (first && first->known_const && first->number) {
		out->value = first->number;
		out->var = c->var2;
	} else
		return false;
	out->var2 = NULL;
	return true;
}

/* Whether what the path knows rules out successor `which` of a two-way test. */
static bool branch_closed(struct state *s, int frame, const struct cfg_cond *c, size_t which)
{
	if (which >= 2)
		return false;
	if (c->kind == COND_ADDRESS)
		return which == equal_successor(c) && never_address(s, frame, c);
	struct cfg_cond bits;
	if (c->kind == COND_BITS) {
		if (!bits_with_mask(s, frame, c, &bits))
			return false;
		struct fact_ref r;
		int truth = state_bits_truth(tested_fact(s, frame, &bits, &r), &bits);
		free(r.owned);
		return truth >= 0 && truth != (which == 0); /* the flag word's known bits decide it */
	}
	if (c->kind == COND_COMPARE) {
		if (handle_contradicts(s, frame, c, which == 0))
			return true; /* a handle a successful call filled is not 0 */
		int truth = compare_truth(s, frame, c);
		return truth >= 0 && truth != (which == 0); /* the counters decide this test */
	}
	if ((c->kind != COND_SUCCESS && c->kind != COND_NONNULL) || !c->var ||
	    (c->kind == COND_SUCCESS && c->failure_only && which == 0))
		return false;
	struct fact_ref r;
	const struct fact *f = tested_fact(s, frame, c, &r);
	free(r.owned);
	if (!f && c->kind == COND_NONNULL)
		f = caller_local(s, frame, c->var);
	if (!f)
		return false;
	if ((f->positive || (f->excludes && f->excluded == 0 && !f->known_const)) && c->kind == COND_NONNULL &&
	    which == 1)
		return true; /* a count of one or more, a pointer stored through: not 0 */
	if (f->known_const) {
		bool holds = c->kind == COND_NONNULL ? f->number != 0 : eval_constant_outcome(f->number) == OUTCOME_SUCCESS;
		return holds != (which == 0); /* the constant decides this test */
	}
	enum outcome taken = which == 0 ? OUTCOME_SUCCESS : OUTCOME_FAILURE;
	return f->outcome != OUTCOME_UNKNOWN && f->outcome != taken; /* contradicts what the path knows */
}

/* Fact `f`, filled by the call whose outcome a test just learned, learns it:
 * a pointer the call was given and may have left holds it still when the
 * call failed, and is unknown when it succeeded. */
static void learn_outcome(struct fact *f, enum outcome taken)
{
	if (!f->kept_if_failed) {
		f->outcome = taken;
		return;
	}
	f->outcome = taken == OUTCOME_FAILURE ? OUTCOME_SUCCESS : OUTCOME_UNKNOWN;
	f->site = -1;
	f->kept_if_failed = false;
}

/* What taking successor `which` of `b`, which the path allows, teaches it;
 * the state moves there. */
static void enter_branch(struct state *s, const struct cfg *g, const struct cfg_block *b, size_t which)
{
	const struct cfg_cond *c = &b->cond;
	int frame = s->frame;
	if (c->kind != COND_SUCCESS && c->kind != COND_NONNULL)
		state_examine_cond_names(s, frame, c, g);
	if (c->kind == COND_COMPARE && which < 2) {
		handle_learn(s, frame, g, c, which == 0);
		compare_learn(s, frame, c, which == 0);
	}
	switch_learn(s, frame, b, which);
	struct cfg_cond bits;
	if (c->kind == COND_BITS && which < 2 && c->var && bits_with_mask(s, frame, c, &bits)) {
		struct fact_ref r;
		struct fact *f = tested_fact(s, frame, &bits, &r);
		if (!f)
			f = state_set_fact(s, bits.var_global && !r.owned ? eval_global_frame(s->arena->frames, frame, bits.var)
									  : r.frame, r.name);
		free(r.owned);
		state_bits_learn(s, f, &bits, which == 0);
	}
	const struct fact *decided = c->kind == COND_ADDRESS && which < 2 && which != equal_successor(c)
					     ? never_address(s, frame, c)
					     : NULL;
	if (decided && decided->site >= 0) /* decided by the call whose result p holds: the evidence says so */
		state_push_hist(s, (struct hist_item){ .kind = HIST_REFINE, .g = g, .cond = c,
				.frame = (unsigned)frame, .site = decided->site,
				.outcome = decided->outcome });
	if (c->kind == COND_SUCCESS && c->failure_only && which == 0 && c->var) {
		/* NT_ERROR(v) false: v is examined, but may still be a warning;
		 * `v == STATUS_X` false: v may still be any other failure. */
		struct fact *f = c->one_failure ? NULL : state_find_resolved(s, state_resolve_name(s, frame, c->var));
		if (f && f->site >= 0)
			state_mark_examined(s, frame, f, g, NULL);
	} else if ((c->kind == COND_SUCCESS || c->kind == COND_NONNULL) && c->var && which < 2) {
		struct fact_ref r;
		struct fact *f = tested_fact(s, frame, c, &r);
		enum outcome taken = which == 0 ? OUTCOME_SUCCESS : OUTCOME_FAILURE;
		if (!f) {
			/* What a test learns of a global holds in the functions
			 * called later too (a Stop routine testing its Start's flag). */
			f = state_set_fact(s, c->var_global && !r.owned ? eval_global_frame(s->arena->frames, frame, c->var)
									: r.frame, r.name);
			f->via_this = r.member;
		}
		free(r.owned);
		f->outcome = taken;
		/* A pointer a call may have left says nothing of how the call went. */
		if (f->kept_if_failed) {
			f->site = -1;
			f->kept_if_failed = false;
		}
		/* A value an earlier run of its call gave says nothing of the latest run. */
		if (f->site >= 0 && !f->earlier_run) {
			int site = f->site;
			state_mark_examined(s, frame, f, g, NULL);
			state_push_hist(s, (struct hist_item){ .kind = HIST_REFINE, .g = g, .cond = c,
					.frame = (unsigned)frame, .site = site, .outcome = taken });
			/* Every variable holding the same status learns it too. */
			state_flush(s);
			if (state_site_fact_count(s, site) > 1)
				for (size_t i = 0; i < s->nfacts; i++)
					if (s->facts[i].site == site && !s->facts[i].earlier_run) {
						state_touch_fact(s, &s->facts[i]);
						learn_outcome(&s->facts[i], taken);
					}
		}
	}
	s->block = b->succ[which];
	s->event = 0;
}

/* Whether nothing in `b` can raise: no event, and a test that reads plain
 * variables only (a __try's first test of a status, before any statement
 * of the body ran). Its exception edge is no path. */
static bool raises_nothing(const struct cfg_block *b)
{
	const struct cfg_cond *c = &b->cond;
	if (b->nevents)
		return false;
	if (c->kind == COND_NONE)
		return true;
	if (c->kind != COND_SUCCESS && c->kind != COND_NONNULL && c->kind != COND_COMPARE)
		return false;
	return (!c->var || !strpbrk(c->var, ".-[*>(")) && (!c->var2 || !strpbrk(c->var2, ".-[*>("));
}

/* Whether relevant call `c` gives what it makes to a field named `field`
 * reached through a pointer, or with `global_too` to a global's member:
 * its result goes there, or it fills one it is given the address of
 * (&Ctx->ProviderHandle, &g.DeviceObject). */
static bool keeps_in_field(const struct cfg_call *c, const char *field, bool global_too)
{
	for (size_t a = 0; a <= c->nargs; a++) {
		const struct cfg_place *p = a < c->nargs ? &c->args[a].place : &c->result;
		if (a < c->nargs && c->args[a].kind != VALUE_ADDRESS)
			continue;
		const char *arrow = p->path ? strstr(p->path, "->") : NULL;
		if (arrow && !strcmp(eval_last_member(arrow + 2), field))
			return true;
		if (global_too && p->root_is_global && p->field && !strcmp(p->field, field))
			return true;
	}
	return false;
}

/* Whether the variable `var` tests is rooted at a global or at a parameter
 * of the function `frame` runs: memory a caller and its other helpers
 * reach too (Globals->Port of a helper given &g_State). */
static bool shared_root(const struct state *s, const struct cfg_cond *c)
{
	if (c->var_global)
		return true;
	const struct cfg *g = s->frame >= 0 ? s->arena->frames[s->frame].g : NULL;
	size_t n = strcspn(c->var, "-.[");
	for (size_t i = 0; g && i < g->nparams; i++)
		if (g->params[i].name && strlen(g->params[i].name) == n && !strncmp(g->params[i].name, c->var, n))
			return true;
	return false;
}

/* Taking successor `which` of `c`, a test of a field reached through a
 * pointer that the path knows nothing of, as zero (NULL, `== 0`), where
 * the path's history has a relevant call keep what it made in a field of
 * that name through some pointer: that may be the same memory reached
 * through another pointer (a context a getter or a global hands back), so
 * the findings past that way rest on a guess (confirm.c). So with a member
 * of a global or of what a parameter points to, where a call or a store
 * kept such a thing in a global's or a parameter's member of that name
 * (Globals->Port = port in one helper, tested through a parameter of
 * another; g.Port after a helper given &g, which may have written it, made
 * the path forget it). */
static void note_zero_guess(struct state *s, const struct cfg_cond *c, size_t which)
{
	if (s->guess_test || !c->var || which > 1)
		return;
	bool zero = c->kind == COND_NONNULL ? which == 1
		    : c->kind == COND_COMPARE && !c->var2 && c->value2 == 0 && !c->adjust &&
			      (!strcmp(c->op, "==") || !strcmp(c->op, "!="))
			    ? (which == 0) == !strcmp(c->op, "==")
			    : false;
	const char *arrow = zero ? strstr(c->var, "->") : NULL;
	bool shared = zero && strpbrk(c->var, ".-") && shared_root(s, c);
	if (!arrow && !shared)
		return;
	struct fact_ref r;
	const struct fact *f = tested_fact(s, s->frame, c, &r);
	free(r.owned);
	if (f)
		return;
	const char *field = eval_last_member(c->var);
	for (const struct hist_node *n = s->hist; n; n = n->prev) {
		const struct hist_item *it = &n->item;
		if (it->kind == HIST_CALL && it->site >= 0 && it->g && it->event &&
		    keeps_in_field(&it->g->calls[it->event->call], field, shared)) {
			s->guess_test = c;
			s->guess_site = it->site;
			return;
		}
	}
	if (shared && state_kept_field(s, field)) {
		s->guess_test = c;
		s->guess_site = -1; /* a store: which call made what it kept is not kept */
	}
}

/* Marks in `calls` the calls of `g` reachable from block `from` (each block
 * marked once, so the stack never holds more than all of them). */
static void reached_calls(const struct cfg *g, int from, unsigned char *mark, unsigned char *calls)
{
	int *stack = alloc_zeroed(g->nblocks + 1, sizeof(*stack));
	size_t top = 0;
	if (from >= 0 && !mark[from]) {
		mark[from] = 1;
		stack[top++] = from;
	}
	while (top) {
		const struct cfg_block *blk = &g->blocks[stack[--top]];
		for (size_t e = 0; e < blk->nevents; e++)
			if (blk->events[e].kind == EVENT_CALL)
				calls[blk->events[e].call] = 1;
		for (size_t k = 0; k < blk->nsucc; k++) {
			int n = blk->succ[k];
			if (n >= 0 && !mark[n]) {
				mark[n] = 1;
				stack[top++] = n;
			}
		}
	}
	free(stack);
}

void state_note_destructor_guess(struct state *s, const struct cfg *g, const struct cfg_block *b, size_t which,
				 bool (*relevant)(void *ctx, const struct cfg *g, const struct cfg_event *e), void *ctx)
{
	bool in_destructor = false;
	for (int k = s->frame; k > 0 && !in_destructor; k = s->arena->frames[k].parent) {
		const struct cfg_call *c = s->arena->frames[k].call;
		in_destructor = c && c->callee && c->callee[0] == '~' && c->object.root;
	}
	if (s->guess_test || !in_destructor || b->nsucc != 2 || which > 1)
		return;
	unsigned char *mark = alloc_zeroed(g->nblocks + 1, 1), *here = alloc_zeroed(g->ncalls + 1, 1);
	unsigned char *there = alloc_zeroed(g->ncalls + 1, 1);
	reached_calls(g, b->succ[which], mark, here);
	memset(mark, 0, g->nblocks + 1);
	reached_calls(g, b->succ[1 - which], mark, there);
	/* What the other way does that this one skips: a call the kind judges,
	 * or one of the driver's own routines, which may. */
	bool skips = false;
	for (size_t k = 0; k < g->nblocks && !skips; k++)
		for (size_t e = 0; e < g->blocks[k].nevents && !skips; e++) {
			const struct cfg_event *ev = &g->blocks[k].events[e];
			const struct cfg_call *call = ev->kind == EVENT_CALL ? &g->calls[ev->call] : NULL;
			skips = call && there[ev->call] && !here[ev->call] &&
				((call->callee && !call->callee_in_system_header) || relevant(ctx, g, ev));
		}
	free(mark);
	free(here);
	free(there);
	if (skips) {
		s->guess_test = &b->cond;
		s->guess_site = -2;
	}
}

/* Makes the state after taking successor `which` of `b` and pushes it;
 * pushes nothing when the branch contradicts what the path knows. */
void state_push_successor(struct worklist *work, const struct state *s, const struct cfg *g,
			  const struct cfg_block *b, size_t which)
{
	if (b->succ[which] < 0 || (which >= b->nsucc - b->nexcept && raises_nothing(b)))
		return;
	struct state next;
	state_copy(&next, s);
	if (which >= b->nsucc - b->nexcept)
		settle_raised_calls(&next, g, b);
	if (branch_closed(&next, s->frame, &b->cond, which) || switch_closed(&next, s->frame, b, which)) {
		state_release(&next);
		return;
	}
	note_zero_guess(&next, &b->cond, which);
	enter_branch(&next, g, b, which);
	alloc_grow((void **)&work->items, &work->cap, work->len + 1, sizeof(*work->items));
	work->items[work->len++] = next;
}

/* A two-way test the path's facts decide is taken in place: a release
 * chain walked once per failure path copies no state at its tests. */
int state_take_decided_branch(struct state *s, const struct cfg *g, const struct cfg_block *b)
{
	if (b->nsucc != 2 || b->nexcept)
		return -1;
	bool open0 = b->succ[0] >= 0 && !branch_closed(s, s->frame, &b->cond, 0);
	bool open1 = b->succ[1] >= 0 && !branch_closed(s, s->frame, &b->cond, 1);
	if (open0 && open1)
		return -1;
	if (!open0 && !open1)
		return 0;
	enter_branch(s, g, b, open0 ? 0 : 1);
	return 1;
}
