/* The evaluator. One depth-first exploration per rule and DriverEntry over
 * positions (frame, block, event); a frame is one inlined call of a helper.
 * The state is the set of facts about variables still live and the rule's
 * history on this path; a block entered again in an equal state is not
 * explored again, which also bounds loops (histories never hold an item twice). */
#include "eval/evaluate.h"
#include "eval/explore.h"

#include <stdint.h>
#include <stdio.h>
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "facts/classify.h"
#include "facts/entry.h"
#include "eval/kind.h"
#include "base/problems.h"
#include "facts/program.h"
#include "rules/rules.h"
#include "base/util.h"

#define DEFAULT_MAX_DEPTH PROGRAM_HELPER_DEPTH
#define DEFAULT_MAX_STATES 200000
#define DEFAULT_MAX_SECONDS 60.0
/* A branch point reached in more distinct states than this forgets the facts
 * about flags and pointers that no relevant call produced (which way earlier
 * tests went): independent flags would otherwise multiply the states (2^n
 * for n registry-driven options), while the facts about statuses of relevant
 * calls, which the rules judge, are kept exactly. */
#define WIDEN_AFTER 64
/* The default state budget is for paths that multiply; code that is merely
 * long (a DriverEntry inlining hundreds of helpers) earns this many visits
 * per block on top of it. */
#define VISITS_PER_BLOCK 64

/* The liveness of `g`, computed once per exploration. */
static struct liveness *liveness_of(struct explorer *x, const struct cfg *g)
{
	for (size_t i = 0; i < x->nlives; i++)
		if (x->lives[i]->g == g)
			return x->lives[i];
	GROW(x->lives, x->lives_cap, x->nlives + 1);
	return x->lives[x->nlives++] = liveness_compute(g);
}

/* Values */

static enum outcome constant_outcome(long long number)
{
	/* NTSTATUS: the severity bits; a success or informational status is >= 0. */
	return ((unsigned long long)number & 0x80000000ULL) ? OUTCOME_FAILURE : OUTCOME_SUCCESS;
}

static int place_frame(const struct cfg_place *p, int frame)
{
	return p->root_is_global ? GLOBAL_FRAME : frame;
}

/* The fact a name means seen from `frame`: in a method, `this->m_Buffer` is
 * the member of the object the method was called on (gReg.m_Buffer), kept in
 * that object's frame. `owned` is set when the name was rewritten. */
struct fact_ref {
	int frame;
	const char *name;
	char *owned;
};

static struct fact_ref name_ref(const struct state *s, int frame, const char *name)
{
	struct fact_ref r = { frame, name, NULL };
	if (!name || frame < 0 || !str_starts_with(name, "this->"))
		return r;
	const struct frame *f = &s->arena->frames[frame];
	if (!f->this_prefix)
		return r;
	r.owned = xasprintf("%s%s", f->this_prefix, name + strlen("this->"));
	r.name = r.owned;
	r.frame = f->this_frame;
	return r;
}

static struct fact_ref place_ref(const struct state *s, int frame, const struct cfg_place *p)
{
	return name_ref(s, place_frame(p, frame), place_key(p));
}

static struct fact *find_ref(struct state *s, struct fact_ref r)
{
	struct fact *f = find_fact(s, r.frame, r.name);
	free(r.owned);
	return f;
}

static void eval_value(struct state *s, int frame, const struct cfg_value *v, enum outcome *outcome,
		       int *site)
{
	*outcome = OUTCOME_UNKNOWN;
	*site = -1;
	switch (v->kind) {
	case VALUE_CONSTANT:
		*outcome = constant_outcome(v->number);
		break;
	case VALUE_NULL:
		*outcome = OUTCOME_FAILURE;
		break;
	case VALUE_ADDRESS:
	case VALUE_FUNCTION:
	case VALUE_STRING:
		*outcome = OUTCOME_SUCCESS;
		break;
	case VALUE_PLACE: {
		struct fact *f = find_ref(s, place_ref(s, frame, &v->place));
		if (f) {
			*outcome = f->outcome;
			*site = f->site;
		}
		break;
	}
	case VALUE_CALL: {
		char *k = call_key(v->call);
		struct fact *f = find_fact(s, frame, k);
		free(k);
		if (f) {
			*outcome = f->outcome;
			*site = f->site;
		}
		break;
	}
	case VALUE_UNKNOWN:
		/* `p ? STATUS_SUCCESS : STATUS_NO_MEMORY` succeeds exactly when p is set:
		 * it stands for p's outcome, tied to the call that produced p. */
		if (v->chooser && v->chooser->kind == VALUE_PLACE && v->nalts == 2) {
			enum outcome yes, no, chosen;
			int ignored, chooser_site;
			eval_value(s, frame, &v->alts[0], &yes, &ignored);
			eval_value(s, frame, &v->alts[1], &no, &ignored);
			if (yes == OUTCOME_SUCCESS && no == OUTCOME_FAILURE &&
			    v->alts[0].kind == VALUE_CONSTANT && v->alts[1].kind == VALUE_CONSTANT) {
				eval_value(s, frame, v->chooser, &chosen, &chooser_site);
				*outcome = chosen;
				*site = chooser_site;
			}
		}
		break;
	}
}

/* The fact a value reads, for marking it examined. */
static struct fact *value_fact(struct state *s, int frame, const struct cfg_value *v)
{
	if (v->kind == VALUE_PLACE)
		return find_ref(s, place_ref(s, frame, &v->place));
	if (v->kind == VALUE_CALL) {
		char *k = call_key(v->call);
		struct fact *f = find_fact(s, frame, k);
		free(k);
		return f;
	}
	return NULL;
}

static void examine(struct state *s, int frame, struct fact *f, const struct cfg *g,
		    const struct cfg_event *e)
{
	if (!f || f->examined || !f->holds_status)
		return;
	f->examined = true;
	if (f->site >= 0)
		push_hist(s, (struct hist_item){ HIST_EXAMINED, g, e, NULL, (unsigned)frame, f->site,
						 OUTCOME_UNKNOWN });
}

/* Whether `name` occurs in `text` as a whole identifier. */
static bool mentions(const char *text, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = strstr(text, name); p; p = strstr(p + 1, name)) {
		bool before = p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_');
		bool after = isalnum((unsigned char)p[n]) || p[n] == '_';
		if (!before && !after)
			return true;
	}
	return false;
}

/* A test entrycheck does not fold into success/failure (a comparison with a
 * particular status, a compound condition, a switch) still examines every
 * status it names: the code looked at the value. */
static void examine_named(struct state *s, int frame, const struct cfg_cond *c, const struct cfg *g)
{
	for (size_t i = 0; i < s->nfacts; i++) {
		struct fact *f = &s->facts[i];
		if (f->frame == frame && f->holds_status && !f->examined &&
		    ((c->text && mentions(c->text, f->name)) || strvec_contains(&c->names, f->name)))
			examine(s, frame, f, g, NULL);
	}
}

/* Writes `name` in `frame` with a new value; an unexamined status held there
 * is lost. `holds_status` tells a status (or a copy) from an out parameter. */
static void assign_as(struct state *s, int frame, const char *name, enum outcome outcome, int site,
		      bool holds_status, const struct cfg *g, const struct cfg_event *e)
{
	if (!name)
		return;
	struct fact *f = find_fact(s, frame, name);
	if (f && f->site >= 0 && f->holds_status && !f->examined && f->site != site) {
		/* Another variable may still hold the same status. */
		bool elsewhere = false;
		for (size_t i = 0; i < s->nfacts; i++)
			elsewhere |= &s->facts[i] != f && s->facts[i].site == f->site &&
				     s->facts[i].holds_status;
		if (!elsewhere)
			push_hist(s, (struct hist_item){ HIST_LOST, g, e, NULL, (unsigned)frame, f->site,
							 OUTCOME_UNKNOWN });
	}
	f = set_fact(s, frame, name);
	f->outcome = outcome;
	f->site = site;
	f->holds_status = holds_status && site >= 0;
	f->examined = false;
	f->known_const = false;
	f->positive = false;
	f->nonneg = false;
}

static void assign(struct state *s, int frame, const char *name, enum outcome outcome, int site,
		   const struct cfg *g, const struct cfg_event *e)
{
	assign_as(s, frame, name, outcome, site, true, g, e);
}

/* assign_as to what a place or name means from here (see name_ref). */
static void assign_ref(struct state *s, struct fact_ref r, enum outcome outcome, int site, bool holds_status,
		       const struct cfg *g, const struct cfg_event *e)
{
	assign_as(s, r.frame, r.name, outcome, site, holds_status, g, e);
	struct fact *f = r.owned ? find_fact(s, r.frame, r.name) : NULL;
	if (f)
		f->via_this = true;
	free(r.owned);
}

/* Frames and sites */

static int site_of(struct explorer *x, int frame, int call)
{
	for (size_t i = 0; i < x->nsites; i++)
		if (x->sites[i].frame == frame && x->sites[i].call == call)
			return (int)i;
	GROW(x->sites, x->sites_cap, x->nsites + 1);
	x->sites[x->nsites] = (struct site){ frame, call };
	return (int)x->nsites++;
}

/* What `this->` stands for in a method called as `c` from frame `parent`. */
static void bind_this(struct explorer *x, struct frame *f, int parent, const struct cfg_call *c)
{
	const struct cfg_place *o = &c->object;
	const char *sep = c->object_arrow ? "->" : ".";
	if (!o->root || !o->path)
		return;
	if (o->root_is_this) {
		/* this->m_Inner.Init() from a method: the caller's object, one member deeper. */
		const struct frame *p = &x->frames[parent];
		if (!p->this_prefix)
			return;
		const char *rest = str_starts_with(o->path, "this->") ? o->path + strlen("this->") : "";
		f->this_prefix = *rest ? xasprintf("%s%s%s", p->this_prefix, rest, sep) : xstrdup(p->this_prefix);
		f->this_frame = p->this_frame;
		return;
	}
	f->this_prefix = xasprintf("%s%s", o->path, sep);
	f->this_frame = o->root_is_global ? GLOBAL_FRAME : parent;
}

static int frame_for(struct explorer *x, int parent, int block, size_t event, size_t unit,
		     size_t index, const struct cfg_call *c)
{
	for (int i = 0; i < x->nframes; i++) {
		const struct frame *f = &x->frames[i];
		if (f->parent == parent && f->call_block == block && f->call_event == event)
			return i;
	}
	if (x->nframes >= MAX_FRAMES)
		return -1;
	struct frame *f = &x->frames[x->nframes];
	f->g = program_function(x->prog, unit, index)->cfg;
	f->unit = unit;
	f->index = index;
	f->parent = parent;
	f->call_block = block;
	f->call_event = event;
	f->depth = x->frames[parent].depth + 1;
	if ((unsigned)f->depth > x->deepest)
		x->deepest = (unsigned)f->depth;
	f->live = liveness_of(x, f->g);
	f->visits = xcalloc(f->g->nblocks + 1, sizeof(*f->visits));
	f->this_prefix = NULL;
	f->live_names = NULL;
	f->nlive_names = 0;
	bind_this(x, f, parent, c);
	x->positions += f->g->nblocks;
	return x->nframes++;
}

/* Whether a body is visible for the helper a call reaches, the depth allows
 * following it, and it is not already on the frame stack. */
static bool inline_target_of(struct explorer *x, int frame, const struct cfg_call *c, size_t *unit,
			     size_t *index)
{
	/* Destructors run on objects whose members carry no facts here; the
	 * kinds judge them by what they may call instead (see cleanup-on-failure). */
	if (!c->callee || c->callee_in_system_header || c->callee[0] == '~')
		return false;
	const struct frame *f = &x->frames[frame];
	if (f->depth + 1 > x->opts->max_depth)
		return false;
	if (!program_resolve(x->prog, c->callee, f->unit, unit, index))
		return false;
	if (!program_function(x->prog, *unit, *index)->cfg)
		return false;
	for (int i = frame; i >= 0; i = x->frames[i].parent)
		if (x->frames[i].unit == *unit && x->frames[i].index == *index)
			return false;
	return true;
}

/* Asked once per event and exploration: a path passes the same events many
 * times, and the kinds compare the callee with every name of their lists. */
static bool is_relevant(struct explorer *x, const struct cfg *g, const struct cfg_event *e)
{
	if (!x->kind->relevant)
		return false;
	void **slot = ptrmap_slot(&x->relevant, e);
	if (!*slot) {
		bool *yes = xmalloc(sizeof(*yes));
		*yes = x->kind->relevant(x->check, g, e);
		*slot = yes;
	}
	return *(bool *)*slot;
}

/* Whether a helper, or what it calls as deep as inlining goes, holds an event
 * the kind finds relevant. Worked out once per helper and exploration; a
 * helper already being looked at counts as quiet (a cycle adds nothing). */
static bool helper_is_quiet(struct explorer *x, size_t unit, size_t index, unsigned depth)
{
	const struct function_facts *fn = program_function(x->prog, unit, index);
	void **slot = ptrmap_slot(&x->quiet, fn);
	if (*slot)
		return *(bool *)*slot;
	bool *quiet = xmalloc(sizeof(*quiet));
	*quiet = true;
	*slot = quiet;
	const struct cfg *g = fn->cfg;
	for (size_t b = 0; *quiet && g && b < g->nblocks; b++) {
		for (size_t e = 0; *quiet && e < g->blocks[b].nevents; e++) {
			const struct cfg_event *ev = &g->blocks[b].events[e];
			if (is_relevant(x, g, ev)) {
				*quiet = false;
				break;
			}
			const struct cfg_call *c = ev->kind == EVENT_CALL ? &g->calls[ev->call] : NULL;
			size_t u, i;
			if (c && c->callee && !c->callee_in_system_header && c->callee[0] != '~' &&
			    depth + 1 < x->opts->max_depth && program_resolve(x->prog, c->callee, unit, &u, &i) &&
			    program_function(x->prog, u, i)->cfg && !helper_is_quiet(x, u, i, depth + 1))
				*quiet = false;
		}
	}
	return *quiet; /* the map owns it; `slot` may have moved meanwhile */
}

enum call_target {
	CALL_OPAQUE,            /* no body followed: the call may have done anything */
	CALL_INLINE,            /* the helper's body is explored */
	CALL_STEPPED_OVER,      /* a quiet helper, stepped over: nothing the kind sees happens */
};

/* What becomes of a call: the helper it reaches is inlined when a body is
 * visible, the depth allows it, and it is not already on the frame stack. */
static enum call_target inline_target(struct explorer *x, int frame, const struct cfg_call *c, size_t *unit,
				      size_t *index)
{
	enum call_target t = inline_target_of(x, frame, c, unit, index) ? CALL_INLINE : CALL_OPAQUE;
	if (t == CALL_INLINE && x->quiet_helpers &&
	    helper_is_quiet(x, *unit, *index, (unsigned)x->frames[frame].depth + 1)) {
		x->stepped_over = true;
		return CALL_STEPPED_OVER;
	}
	return t;
}
static void finish_path(struct explorer *x, struct state *s)
{
	struct path p = state_path(s);
	x->kind->check_path(x->check, &p);
}

static void drop_frame_facts(struct state *s, int frame)
{
	for (size_t i = s->nfacts; i-- > 0;)
		if (s->facts[i].frame == frame)
			drop_fact_at(s, i);
}

/* Drops the facts no later test or use can read: locals dead at this block,
 * and globals that no function of the run reads at all. */
/* Liveness of a fact's variable in frame `f`, by the fact's arena number. */
static bool live_here(struct frame *f, int block, const struct fact *fact)
{
	size_t id = (size_t)fact->id;
	if (id >= f->nlive_names) {
		size_t n = id + 64;
		f->live_names = xrealloc(f->live_names, n * sizeof(*f->live_names));
		memset(f->live_names + f->nlive_names, 0, (n - f->nlive_names) * sizeof(*f->live_names));
		f->nlive_names = n;
	}
	if (!f->live_names[id])
		f->live_names[id] = liveness_number(f->live, fact->name) + 2;
	return liveness_holds_number(f->live, block, f->live_names[id] - 2);
}

static bool global_read(struct explorer *x, const struct fact *fact)
{
	size_t id = (size_t)fact->id;
	if (id >= x->nglobal_read) {
		size_t n = id + 64;
		x->global_read = xrealloc(x->global_read, n);
		memset(x->global_read + x->nglobal_read, 0, n - x->nglobal_read);
		x->nglobal_read = n;
	}
	if (!x->global_read[id])
		x->global_read[id] = strindex_find(x->global_reads, fact->name) >= 0 ? 1 : -1;
	return x->global_read[id] > 0;
}

static void drop_dead_facts(struct explorer *x, struct state *s, struct frame *f, int frame, int block)
{
	for (size_t i = s->nfacts; i-- > 0;) {
		const struct fact *fact = &s->facts[i];
		if (fact->via_this)
			continue;
		if ((fact->frame == frame && !live_here(f, block, fact)) ||
		    (fact->frame == GLOBAL_FRAME && !global_read(x, fact)))
			drop_fact_at(s, i);
	}
}

/* Forgets the facts no relevant call produced; returns whether there were any. */
static bool forget_flag_facts(struct state *s)
{
	bool any = false;
	for (size_t i = s->nfacts; i-- > 0;) {
		if (s->facts[i].site < 0 && !s->facts[i].holds_status) {
			drop_fact_at(s, i);
			any = true;
		}
	}
	return any;
}

/* Returning from an inlined frame: binds the returned value to the call's
 * result in the parent and continues after the call. */
static void return_to_parent(struct state *s, const struct frame *f, int frame, enum outcome outcome,
			     int site)
{
	const struct cfg *pg = s->frame >= 0 ? NULL : NULL;
	(void)pg;
	int parent = f->parent;
	drop_frame_facts(s, frame);
	s->frame = parent;
	s->block = f->call_block;
	s->event = f->call_event + 1;
	(void)outcome;
	(void)site;
}

/* The paths still to explore: an explicit stack, so the depth of the C stack
 * never grows with the number of branches (a long function with many gotos
 * would overflow it). */
struct worklist {
	struct state *items;
	size_t len, cap;
};

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
		push_hist(s, (struct hist_item){ HIST_REFINE, g, NULL, NULL, (unsigned)s->frame, raised[k],
						 OUTCOME_FAILURE });
		for (size_t i = 0; i < s->nfacts; i++)
			if (s->facts[i].site == raised[k])
				s->facts[i].outcome = OUTCOME_FAILURE;
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
				examine(s, s->frame, f, g, NULL);
			break;
		}
	}
}

/* Integer comparisons: what a path knows of a variable is a constant, "one
 * or more" (a count incremented from zero or more), or nothing. */
struct range {
	long long lo, hi;
};

static struct fact *integer_fact(struct state *s, int frame, const char *name)
{
	struct fact *f = find_fact(s, frame, name);
	return f ? f : find_fact(s, GLOBAL_FRAME, name);
}

static struct range operand_range(struct state *s, int frame, const char *var, long long value,
				  long long adjust)
{
	if (!var)
		return (struct range){ value, value };
	const struct fact *f = integer_fact(s, frame, var);
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

/* Takes the branch of `c` that `holds` says; false when the path's counters
 * rule it out. Else learns what it can: `n > 0` taken makes n one or more,
 * `n == 3` makes it 3. */
static bool compare_branch(struct state *s, int frame, const struct cfg_cond *c, bool holds)
{
	int truth = compare_ranges(operand_range(s, frame, c->var, c->value, c->adjust), c->op,
				   operand_range(s, frame, c->var2, c->value2, c->adjust2));
	if (truth >= 0)
		return truth == holds;
	/* One variable, read as it is now, against a constant. */
	if ((c->var != NULL) == (c->var2 != NULL) || c->adjust || c->adjust2)
		return true;
	const char *var = c->var ? c->var : c->var2;
	long long k = c->var ? c->value2 : c->value;
	const char *op = c->var ? c->op : mirrored(c->op); /* k op var: var (op mirrored) k */
	if (!holds) /* the FALSE branch: the negated comparison holds */
		op = negated(op);
	bool one_or_more = (!strcmp(op, ">") && k >= 0) || (!strcmp(op, ">=") && k >= 1);
	bool exactly = !strcmp(op, "==");
	if (!one_or_more && !exactly)
		return true;
	struct fact *f = integer_fact(s, frame, var);
	if (!f)
		f = set_fact(s, frame, var);
	if (exactly) {
		f->known_const = true;
		f->number = k;
		f->positive = f->nonneg = false;
	} else {
		f->positive = f->nonneg = true;
	}
	return true;
}

/* Makes the state after taking successor `which` of `b` and pushes it;
 * pushes nothing when the branch contradicts what the path knows. */
static void take_branch(struct worklist *work, const struct state *s, const struct cfg *g,
			const struct cfg_block *b, size_t which)
{
	int succ = b->succ[which];
	if (succ < 0)
		return;
	struct state next;
	state_copy(&next, s);
	if (which >= b->nsucc - b->nexcept)
		settle_raised_calls(&next, g, b);
	const struct cfg_cond *c = &b->cond;
	if (c->kind != COND_SUCCESS && c->kind != COND_NONNULL)
		examine_named(&next, s->frame, c, g);
	if (c->kind == COND_COMPARE && which < 2 && !compare_branch(&next, s->frame, c, which == 0)) {
		state_release(&next);
		return; /* what the path knows of the counters decides this test */
	}
	if (c->kind == COND_SUCCESS && c->failure_only && which == 0 && c->var) {
		/* NT_ERROR(v) false: v is examined, but may still be a warning. */
		struct fact *f = find_ref(&next, name_ref(&next, s->frame, c->var));
		if (f && f->site >= 0)
			examine(&next, s->frame, f, g, NULL);
	} else if ((c->kind == COND_SUCCESS || c->kind == COND_NONNULL) && c->var && which < 2) {
		int frame = s->frame;
		struct fact_ref r = name_ref(&next, frame, c->var);
		struct fact *f = find_fact(&next, r.frame, r.name);
		if (!f && !r.owned)
			f = find_fact(&next, GLOBAL_FRAME, c->var);
		enum outcome taken = which == 0 ? OUTCOME_SUCCESS : OUTCOME_FAILURE;
		if (f && f->positive && c->kind == COND_NONNULL && which == 1) {
			free(r.owned);
			state_release(&next);
			return; /* a count of one or more is true */
		}
		if (f && f->known_const) {
			bool holds = c->kind == COND_NONNULL ? f->number != 0 : constant_outcome(f->number) == OUTCOME_SUCCESS;
			if (holds != (which == 0)) {
				free(r.owned);
				state_release(&next);
				return; /* the constant decides this test */
			}
		} else if (f && f->outcome != OUTCOME_UNKNOWN && f->outcome != taken) {
			free(r.owned);
			state_release(&next);
			return; /* contradicts what the path already knows */
		}
		if (!f) {
			f = set_fact(&next, r.frame, r.name);
			f->via_this = r.owned != NULL;
		}
		free(r.owned);
		f->outcome = taken;
		if (f->site >= 0) {
			int site = f->site;
			examine(&next, frame, f, g, NULL);
			push_hist(&next, (struct hist_item){ HIST_REFINE, g, NULL, c, (unsigned)frame, site,
							     taken });
			/* Every variable holding the same status learns it too. */
			for (size_t i = 0; i < next.nfacts; i++)
				if (next.facts[i].site == site)
					next.facts[i].outcome = taken;
		}
	}
	next.block = succ;
	next.event = 0;
	grow_array((void **)&work->items, &work->cap, work->len + 1, sizeof(*work->items));
	work->items[work->len++] = next;
}

/* Processes one event; returns false when the path ends or moved elsewhere
 * (the state then holds the new position). */
static bool step_event(struct explorer *x, struct state *s, const struct cfg *g,
		       const struct cfg_event *e, bool *moved)
{
	int frame = s->frame;
	*moved = false;
	switch (e->kind) {
	case EVENT_CALL: {
		const struct cfg_call *c = &g->calls[e->call];
		for (size_t a = 0; a < c->nargs; a++)
			if (c->args[a].kind != VALUE_ADDRESS)
				examine(s, frame, value_fact(s, frame, &c->args[a]), g, e);
		size_t unit, index;
		enum call_target target = inline_target(x, frame, c, &unit, &index);
		if (target == CALL_INLINE) {
			int callee = frame_for(x, frame, s->block, s->event, unit, index, c);
			if (callee >= 0) {
				const struct cfg *cg = x->frames[callee].g;
				if (is_relevant(x, g, e))
					push_hist(s, (struct hist_item){ HIST_CALL, g, e, NULL, (unsigned)frame,
									 site_of(x, frame, e->call), OUTCOME_UNKNOWN });
				/* Bind the arguments to the helper's parameters. */
				for (size_t a = 0; a < c->nargs && a < cg->nparams; a++) {
					enum outcome o;
					int site;
					eval_value(s, frame, &c->args[a], &o, &site);
					struct fact *f = set_fact(s, callee, cg->params[a].name);
					f->outcome = o;
					f->site = site;
					f->examined = true;
				}
				s->frame = callee;
				s->block = cg->entry;
				s->event = 0;
				*moved = true;
				return true;
			}
		}
		int site = -1;
		if (is_relevant(x, g, e)) {
			site = site_of(x, frame, e->call);
			push_hist(s, (struct hist_item){ HIST_CALL, g, e, NULL, (unsigned)frame, site,
							 OUTCOME_UNKNOWN });
		} else if (target == CALL_OPAQUE && !c->callee_in_system_header &&
			   !(c->callee && c->callee[0] == '~')) {
			push_hist(s, (struct hist_item){ HIST_OPAQUE, g, e, NULL, (unsigned)frame, -1,
							 OUTCOME_UNKNOWN });
		}
		char *k = call_key(e->call);
		assign(s, frame, k, OUTCOME_UNKNOWN, site, g, e);
		free(k);
		if (c->result.root)
			assign_ref(s, place_ref(s, frame, &c->result), OUTCOME_UNKNOWN, site, true, g, e);
		/* Out parameters (&x) now hold what the call produced. */
		for (size_t a = 0; a < c->nargs; a++) {
			const struct cfg_value *v = &c->args[a];
			if (v->kind == VALUE_ADDRESS && v->place.root)
				assign_ref(s, place_ref(s, frame, &v->place), OUTCOME_UNKNOWN, site, false, g, e);
		}
		return true;
	}
	case EVENT_ASSIGN:
	case EVENT_STORE: {
		enum outcome o;
		int site;
		eval_value(s, frame, &e->value, &o, &site);
		if (e->kind == EVENT_STORE)
			examine(s, frame, value_fact(s, frame, &e->value), g, e);
		/* A count that was zero or more and grows is one or more; one
		 * that was one or more and shrinks by one is zero or more. */
		bool grows = e->compound && (!strcmp(e->op, "++") ||
					    (!strcmp(e->op, "+=") && e->value.kind == VALUE_CONSTANT &&
					     e->value.number > 0));
		bool shrinks = e->compound && (!strcmp(e->op, "--") ||
					      (!strcmp(e->op, "-=") && e->value.kind == VALUE_CONSTANT &&
					       e->value.number == 1));
		if (grows || shrinks) {
			const struct fact *was = find_ref(s, place_ref(s, frame, &e->target));
			grows = grows && was && ((was->known_const && was->number >= 0) || was->nonneg);
			shrinks = shrinks && was && ((was->known_const && was->number >= 1) || was->positive);
		}
		assign_ref(s, place_ref(s, frame, &e->target), o, site, true, g, e);
		if (grows || shrinks) {
			struct fact *now = find_ref(s, place_ref(s, frame, &e->target));
			if (now) {
				now->positive = grows;
				now->nonneg = true;
			}
		}
		struct fact *t = e->compound ? NULL : find_ref(s, place_ref(s, frame, &e->target));
		if (t && (e->value.kind == VALUE_CONSTANT || e->value.kind == VALUE_NULL)) {
			t->known_const = true;
			t->number = e->value.kind == VALUE_CONSTANT ? e->value.number : 0;
		} else if (t) {
			const struct fact *from = value_fact(s, frame, &e->value);
			if (from && from->known_const) {
				t->known_const = true;
				t->number = from->number;
			}
			if (from && (from->positive || from->nonneg)) {
				t->positive = from->positive;
				t->nonneg = true;
			}
		}
		if (is_relevant(x, g, e))
			push_hist(s, (struct hist_item){ HIST_STORE, g, e, NULL, (unsigned)frame, site, o });
		return true;
	}
	case EVENT_ZERO:
		if (is_relevant(x, g, e))
			push_hist(s, (struct hist_item){ HIST_ZERO, g, e, NULL, (unsigned)frame, -1,
							 OUTCOME_UNKNOWN });
		return true;
	case EVENT_RETURN: {
		enum outcome o;
		int site;
		eval_value(s, frame, &e->value, &o, &site);
		examine(s, frame, value_fact(s, frame, &e->value), g, e);
		if (frame == 0) {
			if (g->canonical_return_type && strstr(g->canonical_return_type, "unsigned"))
				o = OUTCOME_UNKNOWN; /* a port miniport's ULONG is not an NTSTATUS */
			push_hist(s, (struct hist_item){ HIST_RETURN, g, e, NULL, 0, site, o });
			finish_path(x, s);
			return false;
		}
		const struct frame *f = &x->frames[frame];
		const struct cfg *pg = x->frames[f->parent].g;
		const struct cfg_event *call_event = &pg->blocks[f->call_block].events[f->call_event];
		const struct cfg_call *c = &pg->calls[call_event->call];
		return_to_parent(s, f, frame, o, site);
		char *k = call_key(call_event->call);
		assign(s, s->frame, k, o, site, pg, call_event);
		free(k);
		if (c->result.root)
			assign_ref(s, place_ref(s, s->frame, &c->result), o, site, true, pg, call_event);
		*moved = true;
		return true;
	}
	}
	return true;
}

static double monotonic_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Follows one path from `s` until it ends, merges or branches; at a branch
 * the successors go onto `work`, the first taken on top (depth first, in the
 * order the recursive explorer had). */
static void explore_path(struct explorer *x, struct state *s, struct worklist *work)
{
	for (;;) {
		if (++x->steps > x->opts->max_states + (size_t)x->opts->visits_per_block * x->positions) {
			x->truncated = true;
			return;
		}
		if ((x->steps & 1023) == 0 && monotonic_seconds() > x->deadline) {
			x->truncated = x->out_of_time = true;
			return;
		}
		struct frame *f = &x->frames[s->frame];
		const struct cfg *g = f->g;
		const struct cfg_block *b = &g->blocks[s->block];
		if (s->event == 0) {
			drop_dead_facts(x, s, f, s->frame, s->block);
			if (f->visits[s->block] >= WIDEN_AFTER && forget_flag_facts(s))
				x->widened = true;
			if (seen_before(x, state_hash(x->check, x->kind, s))) {
				/* Merged into a path seen before: what this one did so far is
				 * still reported (findings at events need no return). */
				if (x->kind->summary)
					finish_path(x, s);
				return;
			}
			f->visits[s->block]++;
		}
		bool moved = false;
		while (s->event < b->nevents) {
			const struct cfg_event *e = &b->events[s->event];
			if (!step_event(x, s, g, e, &moved))
				return;
			if (moved)
				break;
			s->event++;
		}
		if (moved)
			continue;

		if (s->block == g->exit) {
			if (s->frame == 0) {
				/* Fell off the end: a return with no value. */
				push_hist(s, (struct hist_item){ HIST_RETURN, g, NULL, NULL, 0, -1,
								 OUTCOME_UNKNOWN });
				finish_path(x, s);
				return;
			}
			const struct frame *cf = &x->frames[s->frame];
			const struct cfg *pg = x->frames[cf->parent].g;
			const struct cfg_event *call_event = &pg->blocks[cf->call_block].events[cf->call_event];
			int callee_frame = s->frame;
			return_to_parent(s, cf, callee_frame, OUTCOME_UNKNOWN, -1);
			char *k = call_key(call_event->call);
			if (!find_fact(s, s->frame, k))
				assign(s, s->frame, k, OUTCOME_UNKNOWN, -1, pg, call_event);
			free(k);
			continue;
		}
		if (b->nsucc == 0)
			return;
		if (b->nsucc == 1 || b->cond.kind == COND_NONE) {
			s->block = b->succ[0];
			s->event = 0;
			if (s->block < 0)
				return;
			continue;
		}
		for (size_t i = b->nsucc; i-- > 0;)
			take_branch(work, s, g, b, i);
		return;
	}
}

static void explore(struct explorer *x, const struct state *start)
{
	struct worklist work = { 0 };
	grow_array((void **)&work.items, &work.cap, 1, sizeof(*work.items));
	state_copy(&work.items[work.len++], start);
	while (work.len > 0) {
		struct state s = work.items[--work.len];
		if (!x->truncated)
			explore_path(x, &s, &work);
		state_release(&s);
	}
	free(work.items);
}

/* What one exploration of a rule over the entry came to. */
struct exploration {
	bool truncated, out_of_time, widened, stepped_over;
	size_t steps;
	unsigned deepest;       /* the deepest helper inlined */
};

static struct exploration explore_rule(const struct check *c, const struct kind_ops *kind,
				       const struct eval_options *opts, double deadline,
				       const struct strindex *global_reads, bool quiet_helpers)
{
	struct explorer *x = xcalloc(1, sizeof(*x));
	x->deadline = deadline;
	x->global_reads = global_reads;
	x->check = c;
	x->kind = kind;
	x->prog = c->prog;
	x->opts = opts;
	x->quiet_helpers = quiet_helpers;
	struct frame *root = &x->frames[0];
	root->g = c->fn->cfg;
	root->unit = c->entry->unit;
	root->index = c->entry->index;
	root->parent = -1;
	root->depth = 0;
	root->live = liveness_of(x, root->g);
	root->visits = xcalloc(root->g->nblocks + 1, sizeof(*root->visits));
	x->positions = root->g->nblocks;
	x->nframes = 1;

	struct arena arena = { .frames = x->frames };
	struct state s = { .frame = 0, .block = root->g->entry, .event = 0, .arena = &arena };
	explore(x, &s);
	state_release(&s);
	arena_release(&arena);
	struct exploration r = { x->truncated, x->out_of_time, x->widened, x->stepped_over, x->steps,
				 x->deepest };
	for (int i = 0; i < x->nframes; i++) {
		free(x->frames[i].visits);
		free(x->frames[i].this_prefix);
		free(x->frames[i].live_names);
	}
	free(x->global_read);
	for (size_t i = 0; i < x->nlives; i++)
		liveness_free(x->lives[i]);
	free(x->lives);
	free(x->sites);
	free(x->seen);
	ptrmap_clear(&x->quiet);
	ptrmap_clear(&x->relevant);
	free(x);
	return r;
}

/* Explores the rule over the entry. When the states run out, it explores
 * again stepping over every helper in which the kind sees nothing (no
 * relevant call or store, however deep): their branches multiply the paths
 * without changing what the rule judges, except through the values they
 * return or leave behind, which become unknown. When that does not finish
 * either, helpers are followed less deep (two calls, then none): a call not
 * followed may have done anything, as a call without a visible body. The
 * first retry that finishes replaces the first run's findings, and a note
 * says what they may rest on. Returns false when every try ended at a
 * budget; `*in_time` false when it was the entry's time. */
static bool run_path_rule(const struct check *c, const struct kind_ops *kind,
			  const struct eval_options *opts, double deadline,
			  const struct strindex *global_reads, bool *in_time, bool *widened)
{
	static const unsigned retry_depths[] = { 0 /* the default */, 2, 1 };
	struct findings found = { 0 };
	struct problems notes = { 0 };
	struct check local = *c;
	local.out = &found;
	local.notes = &notes;
	struct exploration r = explore_rule(&local, kind, opts, deadline, global_reads, false);
	size_t first_steps = r.steps;
	unsigned deepest = r.deepest; /* no helper followed: a retry would change nothing */
	for (size_t k = 0; r.truncated && !r.out_of_time && deepest > 0 &&
			   k < sizeof(retry_depths) / sizeof(*retry_depths); k++) {
		struct eval_options shallow = *opts;
		if (retry_depths[k] && retry_depths[k] < deepest)
			shallow.max_depth = retry_depths[k];
		else if (retry_depths[k])
			continue;
		struct findings retry = { 0 };
		struct problems retry_notes = { 0 };
		local.out = &retry;
		local.notes = &retry_notes;
		struct exploration q = explore_rule(&local, kind, &shallow, deadline, global_reads, true);
		if (!q.truncated) {
			findings_release(&found);
			problems_clear(&notes);
			found = retry;
			notes = retry_notes;
			r = q;
			char *how = retry_depths[k] ? xasprintf(" and following helpers %u call%s deep at most",
								shallow.max_depth, shallow.max_depth == 1 ? "" : "s")
						   : xstrdup("");
			problems_add(&notes, PROBLEM_NOTE, c->entry->file, c->entry->line, c->entry->column,
				     "%s: rule %s explored %zu states without finishing, so it was checked again "
				     "stepping over the helpers that do nothing it judges%s; a finding of it may "
				     "rest on a value such a helper returned or left behind, taken as unknown",
				     c->entry->function, (c->rule)->id, first_steps - 1, how);
			free(how);
			break;
		}
		findings_release(&retry);
		problems_clear(&retry_notes);
		r.out_of_time = q.out_of_time;
	}
	findings_append(c->out, &found);
	problems_move(c->notes, &notes);
	if (r.out_of_time)
		problems_add(c->notes, PROBLEM_WARNING, c->entry->file, c->entry->line, c->entry->column,
			     "%s: analysis incomplete: budget exceeded (%g s for the entry, reached in rule "
			     "%s); this rule and the ones after it did not check every path",
			     c->entry->function, opts->max_seconds, (c->rule)->id);
	else if (r.truncated)
		problems_add(c->notes, PROBLEM_WARNING, c->entry->file, c->entry->line, c->entry->column,
			     "%s: analysis incomplete: budget exceeded (rule %s explored %zu states); some "
			     "paths were not checked",
			     c->entry->function, (c->rule)->id, r.steps - 1);
	*in_time = !r.out_of_time;
	*widened |= r.widened;
	return !r.truncated;
}

static void note_read(struct strindex *reads, const struct cfg_value *v)
{
	if ((v->kind == VALUE_PLACE || v->kind == VALUE_ADDRESS) && v->place.root_is_global) {
		const char *k = place_key(&v->place);
		if (k)
			strindex_add(reads, k);
	}
}

void eval_global_reads(const struct program *prog, struct strindex *reads)
{
	for (size_t u = 0; u < prog->nunits; u++) {
		const struct unit_facts *unit = &prog->units[u];
		for (size_t i = 0; i < unit->nfunctions; i++) {
			const struct cfg *g = unit->functions[i].cfg;
			for (size_t b = 0; g && b < g->nblocks; b++) {
				const struct cfg_block *blk = &g->blocks[b];
				if (blk->cond.var)
					strindex_add(reads, blk->cond.var);
				for (size_t e = 0; e < blk->nevents; e++) {
					const struct cfg_event *ev = &blk->events[e];
					note_read(reads, &ev->value);
					if (ev->kind == EVENT_CALL)
						for (size_t a = 0; a < g->calls[ev->call].nargs; a++)
							note_read(reads, &g->calls[ev->call].args[a]);
				}
			}
		}
	}
}

/* Whether `name` is written as an identifier in `text`. */
static bool names(const char *text, const char *name, size_t n)
{
	for (const char *p = text ? strstr(text, name) : NULL; p; p = strstr(p + 1, name)) {
		bool start = p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
		bool end = !(isalnum((unsigned char)p[n]) || p[n] == '_');
		if (start && end)
			return true;
	}
	return false;
}

/* Marks the findings that name a declaration assumed for this entry, or a
 * routine it calls that no header declares (C declares it where it is
 * called: a macro of a missing header, maybe, that returns or jumps). */
static void mark_assumed(const struct strvec *assumed, struct finding *f)
{
	for (size_t i = 0; i < assumed->len; i++) {
		const char *item = assumed->items[i];
		size_t n = strcspn(item, " ");
		char *name = xstrndup(item, n);
		bool named = names(f->message, name, n);
		for (size_t k = 0; k < f->npath && !named; k++)
			named = names(f->path[k].message, name, n);
		for (size_t k = 0; k < f->nrelated && !named; k++)
			named = names(f->related[k].message, name, n);
		if (named)
			strvec_push(&f->assumed, item);
		free(name);
	}
}

bool evaluate_entry(const struct program *prog, const struct entry_point *entry,
		    const struct rule_set *rules, const struct eval_options *opts_in,
		    struct findings *out, struct problems *notes)
{
	struct eval_options opts = *opts_in;
	if (!opts.max_depth)
		opts.max_depth = DEFAULT_MAX_DEPTH;
	if (!opts.max_states) {
		opts.max_states = DEFAULT_MAX_STATES;
		opts.visits_per_block = VISITS_PER_BLOCK;
	}
	if (opts.max_seconds <= 0)
		opts.max_seconds = DEFAULT_MAX_SECONDS;
	double deadline = monotonic_seconds() + opts.max_seconds;
	bool in_time = true, complete = true, widened = false;
	const struct unit_facts *unit = &prog->units[entry->unit];
	const struct function_facts *fn = &unit->functions[entry->index];
	if (!fn->cfg || !entry->analyzable)
		return true;
	size_t first = out->len;
	struct strindex own_reads = STRINDEX_INIT;
	if (!opts.global_reads)
		eval_global_reads(prog, &own_reads);
	const struct strindex *global_reads = opts.global_reads ? opts.global_reads : &own_reads;
	for (size_t i = 0; i < rules->len; i++) {
		const struct rule *r = &rules->items[i];
		if (!!r->retired || !(r->models & entry->models))
			continue;
		const struct kind_ops *kind = r->def->ops; /* the loader admits known kinds only */
		struct ptrmap memo = PTRMAP_INIT;
		struct check c = { r, r->params, r->compiled, prog, entry, unit, fn, opts.strict, out, notes, &memo };
		if (kind->check_entry)
			kind->check_entry(&c);
		if (kind->check_path && in_time)
			complete &= run_path_rule(&c, kind, &opts, deadline, global_reads, &in_time, &widened);
		ptrmap_clear(&memo);
	}
	strindex_clear(&own_reads);
	struct strvec assumed = STRVEC_INIT;
	strvec_push_all(&assumed, &entry->assumed);
	for (size_t i = 0; i < fn->cfg->ncalls; i++) {
		const struct cfg_call *k = &fn->cfg->calls[i];
		char *item = k->undeclared && k->callee ? xasprintf("%s (a routine no header declares)", k->callee)
							: NULL;
		if (item && !strvec_contains(&assumed, item))
			strvec_push(&assumed, item);
		free(item);
	}
	for (size_t i = first; i < out->len; i++)
		mark_assumed(&assumed, &out->items[i]);
	strvec_clear(&assumed);
	if (widened)
		problems_add(notes, PROBLEM_NOTE, entry->file, entry->line, entry->column,
			     "%s: some branch points are reached in more than %d ways; there entrycheck forgot "
			     "which way earlier tests of flags went, so a finding on such a path may rest on an "
			     "infeasible combination of them",
			     entry->function, WIDEN_AFTER);
	return complete;
}
