/* SPDX-License-Identifier: Apache-2.0 */
/* What the pieces of the evaluator share beyond explore.h: the facts of a
 * state (eval/facts.c), the branches (eval/branches.c), the explorer
 * (eval/evaluate.c) and the budget and retry policy (eval/budget.c). */

#ifndef ENTRYCHECK_EXPLORER_H
#define ENTRYCHECK_EXPLORER_H

#include "eval/explore.h"

/* A branch point reached in more distinct states than this forgets the facts
 * about flags and pointers that no relevant call produced (which way earlier
 * tests went): independent flags would otherwise multiply the states (2^n
 * for n registry-driven options), while the facts about statuses of relevant
 * calls, which the rules judge, are kept exactly. */
#define WIDEN_AFTER 64

/* Blocks walked after a test the path's facts decide (see explore_path): so
 * many count as one state of the budget, as they cannot multiply the paths. */
#define STRAIGHT_PER_STEP 4

/* The fact a name means seen from `frame`: in a method, `this->m_Buffer` is
 * the member of the object the method was called on (gReg.m_Buffer), kept in
 * that object's frame. `owned` is set when the name was rewritten. */
struct fact_ref {
	int frame;
	const char *name;
	char *owned;
};

/* The paths still to explore: an explicit stack, so the depth of the C stack
 * never grows with the number of branches (a long function with many gotos
 * would overflow it). */
struct worklist {
	struct state *items;
	size_t len, cap;
};

/* eval/evaluate.c: the explorer */
/* The liveness of `g`, computed once per exploration. */
struct liveness *liveness_of(struct explorer *x, const struct cfg *g);

/* eval/frames.c: frames and sites */
/* The frame of the helper a call reaches from `parent` at (block, event),
 * made on first use; -1 past MAX_FRAMES. */
int frames_for(struct explorer *x, int parent, int block, size_t event, size_t unit, size_t index,
	      const struct cfg_call *c);
/* The site of call `call` of the frame's graph. */
int frames_site_of(struct explorer *x, int frame, int call);
/* The site of a relevant call run on this path: in a frame a cycle can
 * enter, a call the path made already (a loop's earlier iteration) is
 * another instance, one site shared by all its later runs. */
int frames_site_on_path(struct explorer *x, const struct state *s, int frame, int call);
/* The site of the last run of `e` in `frame` the path recorded, or -1. */
int frames_site_recorded(const struct state *s, int frame, const struct cfg_event *e);

/* eval/evaluate.c: the explorer, continued */
double monotonic_seconds(void);
/* Explores every path from `start` within the explorer's budget. */
void explore(struct explorer *x, const struct state *start);

/* eval/budget.c: an explorer of rule c->rule over c->entry from its start;
 * its run, which confirms what the paths that forgot facts report; its end. */
struct explorer *explorer_new(const struct check *c, const struct kind_ops *kind, const struct eval_options *opts,
			      double deadline, const struct strindex *global_reads, bool quiet_helpers);
void explorer_run(struct explorer *x);
void explorer_free(struct explorer *x);

/* eval/confirm.c: a finding on a path that forgot facts at a branch point
 * reached in many ways (WIDEN_AFTER) is reported only when the same path,
 * replayed from the start by the branches it took, with every fact kept,
 * takes each of them and reports it again. */
/* Notes the way a path took at a fork: the newest state on `work`, pushed
 * by take_branch for successor `which` of `s`'s block, if it pushed one. */
void dec_note(struct worklist *work, size_t before, const struct state *s, size_t which);
/* At a block's entry while replaying: whether the replay ends here. */
bool replay_stops(struct explorer *x, struct state *s);
/* At a fork while replaying: pushes the successor the path took, or ends
 * the replay when its facts close it. */
void replay_fork(struct explorer *x, struct worklist *work, const struct state *s, const struct cfg *g,
		 const struct cfg_block *b);
/* After a test the facts decided (`decided`: 1 took a way, 0 none): whether
 * the replay goes on, the way taken being the one the path took. */
bool replay_decided(struct explorer *x, const struct state *s, const struct cfg_block *b, int decided);
/* A path ends (a return, or merged into another): its findings, confirmed
 * first when it forgot facts. */
void confirm_finish(struct explorer *x, struct state *s);
/* At the end of an exploration: a note for each finding no path confirmed. */
void confirm_close(struct explorer *x);

/* eval/facts.c: what a state knows of variables */
enum outcome constant_outcome(long long number);
struct fact_ref name_ref(const struct state *s, int frame, const char *name);
struct fact_ref place_ref(const struct state *s, int frame, const struct cfg_place *p);
struct fact *find_ref(struct state *s, struct fact_ref r);
/* What a value is known to be (its outcome, and the call site it came from). */
void eval_value(struct state *s, int frame, const struct cfg_value *v, enum outcome *outcome, int *site);
/* The fact a value reads, for marking it examined. */
struct fact *value_fact(struct state *s, int frame, const struct cfg_value *v);
void examine(struct state *s, int frame, struct fact *f, const struct cfg *g, const struct cfg_event *e);
/* The statuses a test that is not folded into success or failure names. */
void examine_named(struct state *s, int frame, const struct cfg_cond *c, const struct cfg *g);
/* Examines the statuses an expression assigned or stored names (not a copy). */
void examine_in_value(struct state *s, int frame, const struct cfg_value *v, const struct cfg *g,
		      const struct cfg_event *e);
void assign(struct state *s, int frame, const char *name, enum outcome outcome, int site, const struct cfg *g,
	    const struct cfg_event *e);
/* assign_as to what a place or name means from here (see name_ref). */
void assign_ref(struct state *s, struct fact_ref r, enum outcome outcome, int site, bool holds_status,
		const struct cfg *g, const struct cfg_event *e);

/* eval/branches.c */
/* Makes the state after taking successor `which` of `b` and pushes it;
 * pushes nothing when the branch contradicts what the path knows. */
void take_branch(struct worklist *work, const struct state *s, const struct cfg *g, const struct cfg_block *b,
		 size_t which);
/* Takes a two-way test in place when the path's facts leave one way open
 * (1), ends the path when they leave none (0); -1 when both are open or
 * the block is not such a test. */
int take_decided_branch(struct state *s, const struct cfg *g, const struct cfg_block *b);

#endif
