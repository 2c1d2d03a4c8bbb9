/* SPDX-License-Identifier: Apache-2.0 */
/* A path's history, and the interface between the evaluator and the rule
 * kinds (analyzer/kinds) built on it. A kind says which events matter to it;
 * the evaluator records those, and the outcomes the branches reveal, as a
 * path's history; at each return of DriverEntry the kind replays the history
 * and reports findings through eval_add_finding(). Kinds that judge
 * declarations rather than paths implement check_entry instead. A kind is
 * registered once, as a struct kind (rules/kind.h) whose `ops` are these
 * callbacks. */
#ifndef ENTRYCHECK_EVAL_HISTORY_H
#define ENTRYCHECK_EVAL_HISTORY_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "cfg/cfg.h"
#include "eval/evaluate.h"

struct ptrmap;
struct problems;
struct strbuf;
struct rule;
struct program;
struct entry_point;
struct unit_facts;
struct function_facts;
struct frame;

enum outcome { OUTCOME_UNKNOWN, OUTCOME_SUCCESS, OUTCOME_FAILURE };

enum hist_kind {
	HIST_CALL,       /* a relevant call happened; `site` identifies it on this path */
	HIST_STORE,      /* a relevant store (EVENT_STORE or EVENT_ASSIGN) */
	HIST_ZERO,       /* a relevant zeroing */
	HIST_REFINE,     /* a branch revealed the outcome of `site` */
	HIST_EXAMINED,   /* the status of `site` was tested, returned or passed on */
	HIST_LOST,       /* the variable holding the status of `site` was overwritten unexamined */
	HIST_OPAQUE,     /* a call to a function whose body is not visible */
	HIST_RETURN,     /* DriverEntry returns: `outcome` classifies the value, `site` is the
			    * call whose status is returned unchanged, or -1 */
	HIST_JUMP,       /* DriverEntry left block `site`, which jumps (cfg_block.jumps), for a
			    * kind that records_jumps */
	HIST_LEAVE,      /* a helper returned: `frame` is its frame, `event` the return (NULL
			    * when it fell off the end of its body), for a kind that records_leaves */
};

struct hist_item {
	enum hist_kind kind;
	const struct cfg *g;             /* the function the event is in */
	const struct cfg_event *event;   /* CALL, STORE, ZERO, RETURN, OPAQUE, LOST (the overwrite) */
	const struct cfg_cond *cond;     /* REFINE: the branch */
	unsigned frame;                  /* inlining frame: 0 is DriverEntry */
	int site;
	enum outcome outcome;
	/* STORE, ZERO through a helper's pointer parameter that was given the
	 * address of a caller's variable (Prepare(&chars) storing through
	 * pChars->Header.Type): that variable, or NULL. */
	const char *alias_root;
	unsigned alias_frame;
	bool alias_global;
	/* CALL: the caller's global (`&g.CalloutIdV6`) that pointer argument
	 * `out_arg` (1-based; 0: none) of the call stands for, the call being in a
	 * helper given that address for its parameter (through helpers that pass it on). */
	const struct cfg_place *out_global;
	unsigned out_arg;
	bool out_result;                 /* out_global is what the call's result is stored
					  * through (`*Buffer = ExAllocatePool2(...)`) */
	/* STORE: the global place its target, a member of `this` in a method
	 * called on a global object, stands for (`m_Count = 0` in
	 * g_Table.Init() writes g_Table.m_Count), or NULL. */
	const struct cfg_place *member_global;
	/* CALL: the global object `this` stands for in a method called on one
	 * (a registration given `this` as its context), or NULL. */
	const struct cfg_place *this_global;
};

struct path {
	const struct hist_item *items;
	size_t len;
	const struct frame *frames;      /* the explorer's: what eval_entry_call reads */
	bool widened;                    /* the path forgot which way tests of flags went at a
					  * branch point reached in too many ways (see evaluate.c) */
};

/* A rule applied to one DriverEntry. */
struct check {
	const struct rule *rule;
	const cJSON *params;                    /* the rule's params as written */
	const void *compiled;                   /* what the kind's compile made of them, or NULL */
	const struct program *prog;
	const struct entry_point *entry;
	const struct unit_facts *unit;          /* DriverEntry's file */
	const struct function_facts *fn;        /* DriverEntry */
	bool strict;
	bool verbose;                           /* notes also say what was followed */
	struct findings *out;
	struct problems *notes;
	/* What the kind worked out once about a call or an event, keyed by its
	 * address: paths replay the same calls at every block. One check runs
	 * on one thread. */
	struct ptrmap *memo;
	/* The file-scope flags some test reads, with their value when the
	 * driver is loaded: what every path starts knowing (budget.c). */
	const struct global_seed *seeds;
	size_t nseeds;
};

struct global_seed {
	const char *name;
	int frame;                 /* whose: GLOBAL_FRAME, or its file's (eval/explorer.h) */
	long long value;
};

struct kind_ops {
	/* Path kinds: which events to record, and the replay at each return. */
	bool (*relevant)(const struct check *c, const struct cfg *g, const struct cfg_event *e);
	void (*check_path)(const struct check *c, const struct path *p);
	/* Optional: whether any path can report, asked before exploring (false:
	 * nothing a path can reach calls what the kind starts from). */
	bool (*may_report)(const struct check *c);
	/* Declaration kinds: once per DriverEntry. */
	void (*check_entry)(const struct check *c);
	/* Optional: writes to `key` everything about the history so far that a
	 * later finding on the path could depend on. Paths whose keys match then
	 * merge; check_path also runs on the history of a path merged away (it has
	 * no HIST_RETURN then), so findings made at events are still reported. */
	void (*summary)(const struct check *c, const struct path *p, struct strbuf *key);
	/* Optional: the history items the summary reads, as HIST_BIT()s (0: every
	 * one); a path that has only added others since has the same summary. */
	unsigned summary_reads;
	/* Optional: whether the kind judges a path on which `var` held what
	 * `acquire` acquired (whether it succeeded or failed) and `release`,
	 * passed `var` under a test that it is not NULL, undid it, as it judges
	 * one on which `var` was NULL and the call was not made, given that the
	 * two paths agree on whether some other such call was made. NULL
	 * `acquire` asks whether `release` can be such a call. Paths that reach
	 * a release tail (eval/tails.c) holding different pointers then merge. */
	bool (*guarded_release)(const struct check *c, const struct cfg_call *release,
				const struct cfg_call *acquire, const char *var);
	/* The kind judges no call's outcome (it reads no HIST_REFINE but for
	 * evidence): a branch point reached in many ways forgets what its calls
	 * returned, as it forgets flags, but for statuses. */
	bool outcomes_unread;
	/* A relevant call of a helper whose body is followed returns a status
	 * of its own: the value it returns is that call's (its site), not the
	 * site of the call whose status the helper passed on. */
	bool helper_status_own;
	/* The kind reports only at a return of success from DriverEntry, never
	 * at events or on a path merged away: a path that can no longer return
	 * success is explored no further (eval/returns.c). */
	bool success_returns_only;
	/* The same for a kind that reports only at a return that is not a
	 * failure (a success, or a status it cannot tell): a path that can
	 * return nothing but a failure is explored no further. */
	bool failure_returns_silent;
	/* The kind reads HIST_JUMP items. */
	bool records_jumps;
	/* The kind reads HIST_LEAVE items. */
	bool records_leaves;
	/* A status passed only after a format string (printed) is not examined
	 * to the kind; to the others it is, so their paths merge as before. */
	bool printing_examines_nothing;
};

#define HIST_BIT(kind) (1u << (kind))

/* Helpers over the history, for the evaluator, the kinds and the findings. */

/* The call of a CALL event (inline: the kinds' summaries ask it of every
 * item of a path at every join). */
static inline const struct cfg_call *event_call(const struct cfg *g, const struct cfg_event *e)
{
	return e && e->kind == EVENT_CALL ? &g->calls[e->call] : NULL;
}

/* Reports a finding of c->rule at `loc`. `vars` is a NULL-terminated list of
 * placeholder name/value pairs for the rule's message template. `related`
 * (may be NULL) is a secondary location with its text; `p` (may be NULL) is
 * the path whose history becomes the evidence. */
void eval_add_finding(const struct check *c, struct cfg_loc loc, const char *function, const struct path *p,
		      const struct cfg_loc *related, const char *related_text, const char *const *vars);

/* The call in DriverEntry's own body under which item `it` ran, when it ran
 * in a helper (the helper's call, or the call of the helper that called it);
 * NULL for an item of DriverEntry itself. */
const struct cfg_call *eval_entry_call(const struct path *p, const struct hist_item *it);
/* The call made in frame `frame` (the path's frame of another item) through
 * which the path reached item `it`, or NULL when `it` is in that frame or
 * not below it. */
const struct cfg_call *eval_call_in_frame(const struct path *p, const struct hist_item *it, unsigned frame);
/* Whether the path may run frame `frame` more than once (its graph or a
 * caller's has a cycle: a helper called in a loop), so that its variables
 * stand for other objects on each run. */
bool eval_frame_may_rerun(const struct path *p, unsigned frame);
/* Whether frame `outer` is `inner` or one of the frames that called it:
 * while the path runs in `inner`, `outer` has not returned. */
bool eval_frame_within(const struct path *p, unsigned inner, unsigned outer);

/* The path's closing HIST_RETURN, or NULL for a path merged away early. */
const struct hist_item *eval_path_return(const struct path *p);
/* Where a return item reports: the return statement, or the function's name
 * when the path fell off its end. */
struct cfg_loc eval_return_loc(const struct hist_item *ret);

#endif
