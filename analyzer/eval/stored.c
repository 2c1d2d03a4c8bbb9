/* SPDX-License-Identifier: Apache-2.0 */
/* What a store leaves its target holding for later tests: a constant
 * written or copied, a count that grows or shrinks, the bits a flag word is
 * known to have set and clear (`Flags |= READY` then `if (Flags & READY)`
 * in the teardown helper: the test is decided, no path frees what was not
 * made or leaves what was). */
#include "eval/explorer.h"

#include <stdlib.h>
#include <string.h>

/* What the target held before, as bits: all of them when a constant. */
static void bits_of(const struct fact *f, uint64_t *ones, uint64_t *zeros)
{
	if (f && f->known_const) {
		*ones = (uint64_t)f->number;
		*zeros = ~(uint64_t)f->number;
	} else {
		*ones = f ? f->ones : 0;
		*zeros = f ? f->zeros : 0;
	}
}

bool state_result_before(struct state *s, int frame, const struct cfg_call *c, long long *value)
{
	enum cfg_bit_op bit = cfg_bit_op(c->callee);
	if (c->nargs != 2 || c->args[0].kind != VALUE_ADDRESS || !c->args[0].place.root ||
	    (bit == BIT_NONE && !cfg_is_exchange(c->callee)) ||
	    (bit != BIT_NONE && (c->args[1].kind != VALUE_CONSTANT || c->args[1].number < 0 || c->args[1].number > 62)))
		return false;
	const struct fact *held = state_find_resolved(s, state_resolve_place(s, frame, &c->args[0].place));
	if (!held)
		return false;
	if (bit == BIT_NONE || held->known_const) {
		long long n = held->number;
		*value = bit == BIT_NONE ? n : (n >> c->args[1].number) & 1;
		return held->known_const;
	}
	uint64_t mask = 1ULL << c->args[1].number;
	*value = (held->ones & mask) != 0;
	return ((held->ones | held->zeros) & mask) != 0;
}

/* The facts that hold call `call`'s result: its "@N" and the variable it is
 * assigned to, each NULL when there is none. */
static void result_facts(struct state *s, int frame, int call, const struct cfg_call *c, struct fact *out[2])
{
	char *k = liveness_call_name(call);
	out[0] = state_find_fact(s, frame, k);
	free(k);
	out[1] = c->result.root ? state_find_resolved(s, state_resolve_place(s, frame, &c->result)) : NULL;
}

void state_result_known(struct state *s, int frame, int call, const struct cfg_call *c, long long number)
{
	struct fact *f[2];
	result_facts(s, frame, call, c, f);
	for (int i = 0; i < 2; i++)
		if (f[i]) {
			f[i]->known_const = true;
			f[i]->number = number;
		}
}

bool state_exchange_held(struct state *s, int frame, const struct cfg_call *c, struct fact *held)
{
	if (c->nargs != 2 || c->args[0].kind != VALUE_ADDRESS || !c->args[0].place.root ||
	    cfg_bit_op(c->callee) != BIT_NONE || !cfg_is_exchange(c->callee))
		return false;
	const struct fact *f = state_find_resolved(s, state_resolve_place(s, frame, &c->args[0].place));
	if (!f || f->known_const || (f->outcome == OUTCOME_UNKNOWN && f->site < 0))
		return false;
	*held = *f;
	return true;
}

void state_result_holds(struct state *s, int frame, int call, const struct cfg_call *c, const struct fact *held)
{
	struct fact *f[2];
	result_facts(s, frame, call, c, f);
	for (int i = 0; i < 2; i++)
		if (f[i]) {
			state_touch_fact(s, f[i]);
			f[i]->outcome = held->outcome;
			f[i]->site = held->site;
			f[i]->earlier_run = held->earlier_run;
			f[i]->holds_status = false;
		}
}

bool state_compare_exchange(struct state *s, int frame, const struct cfg_call *c, long long *old)
{
	const struct cfg_place *p = cfg_compare_exchanged(c);
	const struct fact *held = p ? state_find_resolved(s, state_resolve_place(s, frame, p)) : NULL;
	if (!held || !held->known_const)
		return false;
	*old = held->number;
	return true;
}

void state_compare_exchanged(struct state *s, int frame, const struct cfg_call *c, long long old)
{
	long long comparand = c->args[2].kind == VALUE_CONSTANT ? c->args[2].number : 0;
	long long value = c->args[1].kind == VALUE_CONSTANT ? c->args[1].number : 0;
	if (old != comparand)
		return;
	struct fact_ref r = state_resolve_place(s, frame, &c->args[0].place);
	struct fact *f = state_find_fact(s, r.frame, r.name);
	if (!f)
		f = state_set_fact(s, r.frame, r.name);
	free(r.owned);
	state_touch_fact(s, f);
	f->known_const = true;
	f->number = value;
	f->outcome = eval_constant_outcome(value);
	f->positive = f->nonneg = f->excludes = false;
	f->ones = f->zeros = 0;
}

void state_stored_before(struct state *s, int frame, const struct cfg_event *e, struct stored *out)
{
	memset(out, 0, sizeof(*out));
	const struct fact *was = e->compound ? state_find_resolved(s, state_resolve_place(s, frame, &e->target)) : NULL;
	bool constant = e->value.kind == VALUE_CONSTANT;
	out->grows = e->compound && (!strcmp(e->op, "++") || (!strcmp(e->op, "+=") && constant && e->value.number > 0));
	out->shrinks = e->compound && (!strcmp(e->op, "--") ||
				       (!strcmp(e->op, "-=") && constant && e->value.number == 1));
	out->grows = out->grows && was && ((was->known_const && was->number >= 0) || was->nonneg);
	out->shrinks = out->shrinks && was && ((was->known_const && was->number >= 1) || was->positive);
	/* The mask: a constant, or a variable the path knows (`Mark(Step s)`'s s). */
	const struct fact *mask = constant ? NULL : state_value_fact(s, frame, &e->value);
	bool known = constant || (mask && mask->known_const);
	bool set = e->compound && known && !strcmp(e->op, "|="),
	     keep = e->compound && known && !strcmp(e->op, "&="),
	     drop = e->compound && known && !strcmp(e->op, "&~="); /* `x = x & ~m` */
	if (!set && !keep && !drop)
		return;
	uint64_t k = (uint64_t)(constant ? e->value.number : mask->number);
	if (drop)
		k = ~k;
	out->bits = true;
	out->known = was && was->known_const;
	if (out->known)
		out->number = set ? (long long)((uint64_t)was->number | k) : (long long)((uint64_t)was->number & k);
	bits_of(was, &out->ones, &out->zeros);
	if (set) {
		out->ones |= k;
		out->zeros &= ~k;
	} else {
		out->ones &= k;
		out->zeros |= ~k;
	}
}

void state_stored_after(struct state *s, int frame, const struct cfg_event *e, const struct stored *st)
{
	struct fact *now = state_find_resolved(s, state_resolve_place(s, frame, &e->target));
	if (now && (st->grows || st->shrinks)) {
		now->positive = st->grows;
		now->nonneg = true;
	}
	if (now && st->bits) {
		now->known_const = st->known;
		now->number = st->number;
		now->ones = st->known ? 0 : st->ones;
		now->zeros = st->known ? 0 : st->zeros;
		return;
	}
	/* A plain assignment: a constant written, or what the variable copied held. */
	struct fact *t = e->compound || e->target.escapes ? NULL : now;
	if (t && (e->value.kind == VALUE_CONSTANT || e->value.kind == VALUE_NULL)) {
		t->known_const = true;
		t->number = e->value.kind == VALUE_CONSTANT ? e->value.number : 0;
	} else if (t) {
		const struct fact *from = state_value_fact(s, frame, &e->value);
		if (from && from->known_const) {
			t->known_const = true;
			t->number = from->number;
		}
		if (from && (from->positive || from->nonneg)) {
			t->positive = from->positive;
			t->nonneg = true;
		}
		if (from && !from->known_const) {
			t->ones = from->ones;
			t->zeros = from->zeros;
		}
	}
}

int state_bits_truth(const struct fact *f, const struct cfg_cond *c)
{
	if (!f)
		return -1;
	uint64_t ones, zeros, mask = (uint64_t)c->value;
	bits_of(f, &ones, &zeros);
	bool all = !strcmp(c->op, ">=") || !strcmp(c->op, "<");
	int some = all ? ((ones & mask) == mask ? 1 : (zeros & mask) ? 0 : -1)
		       : (ones & mask) ? 1 : (zeros & mask) == mask ? 0 : -1;
	if (some < 0)
		return -1;
	return !strcmp(c->op, "==") || !strcmp(c->op, "<") ? !some : some;
}

void state_bits_learn(struct state *s, struct fact *f, const struct cfg_cond *c, bool holds)
{
	uint64_t mask = (uint64_t)c->value;
	bool all = !strcmp(c->op, ">=") || !strcmp(c->op, "<");
	bool some = !strcmp(c->op, "==") || !strcmp(c->op, "<") ? !holds : holds;
	if (!f || f->known_const)
		return;
	state_touch_fact(s, f);
	if (all ? some || (mask & (mask - 1)) == 0 : !some)
		*(some ? &f->ones : &f->zeros) |= mask; /* all of them set, or the one bit clear */
	else if ((mask & (mask - 1)) == 0)
		f->ones |= mask;
}
