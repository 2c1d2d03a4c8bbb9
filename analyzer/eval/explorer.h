/* SPDX-License-Identifier: Apache-2.0 */
/* The explorer's private interface, shared by the files of eval/ that
 * explore paths: its structures (frames, facts, states and the arena their
 * histories live in, the explorer) and what each file offers the others.
 * Nothing outside eval/ includes it. */
#ifndef ENTRYCHECK_EXPLORER_H
#define ENTRYCHECK_EXPLORER_H

#include <stdbool.h>
#include <stdint.h>

#include "eval/evaluate.h"
#include "eval/history.h"
#include "facts/program.h"
#include "rules/rules.h"
#include "base/map.h"
#include "base/strvec.h"

/* Where facts of variables outside any frame live: a global in
 * GLOBAL_FRAME, a variable its file owns (internal linkage, a static local:
 * cfg.internals) in its file's frame, so that two files' `static g_Flags`
 * are two variables. */
#define GLOBAL_FRAME (-1)
#define INTERNAL_FRAME(unit) (-2 - (int)(unit))
static inline bool eval_frame_is_global(int frame)
{
	return frame <= GLOBAL_FRAME;
}
#define MAX_FRAMES 512

/* Per function graph: the variables live on entry to each block. */
struct liveness {
	const struct cfg *g;
	struct strindex names;      /* every name the graph uses or defines */
	size_t nwords;              /* per block, in live_in */
	uint64_t *live_in;          /* nblocks bit sets over names */
	size_t *kill_at;            /* per block, its slice of `kill` (nblocks + 1 offsets) */
	int *kill;                  /* names live entering some predecessor, dead entering the block */
	int *member_first;          /* per name: the first name rooted at it ("ctx->Ready" of "ctx"), */
	int *member_next;           /* and per name the next one with the same root; -1 ends */
	bool cyclic;                /* some block can be reached from itself */
};

struct frame {
	const struct cfg *g;
	size_t unit, index;         /* the function's facts */
	int parent;                 /* -1 for DriverEntry's frame */
	int call_block;             /* where the parent calls this frame */
	size_t call_event;
	const struct cfg_call *call; /* and the call, whose arguments the parameters are */
	unsigned depth;
	const struct liveness *live;
	struct tails *tails;        /* its graph's release tails, NULL until asked */
	bool cyclic;                /* its graph or a caller's has a cycle: a path may enter
				     * the frame, or run one of its events, more than once */
	unsigned *visits;           /* per block: distinct states that reached it */
	char *this_prefix;          /* a method's: what `this->` stands for ("gReg.", "p->"), or NULL */
	const char *self_name;      /* what stands for `this` in a C helper that makes an object
				     * and returns it: that local (frames.c, bind_returned);
				     * NULL: `this` */
	int *live_names;            /* per arena name number: its number in `live` + 2 (1: none,
				     * 0: not looked up yet), so liveness asks no string twice */
	size_t nlive_names;
	int *arena_ids;             /* per name of `live`: its arena number + 1; 0 not known yet;
				     * -(arena names) - 1: not there when it held so many */
	int *sites;                 /* per call of `g`: its site + 1, 0 none yet */
	int *again;                 /* per call: the site of its runs after the first on a path
				     * (a loop's later iterations) + 1, 0 none yet */
	int this_frame;             /* and the frame whose facts those are */
	char **param_prefix;        /* per parameter given &x (or a caller's such parameter):
				     * what `param->` stands for ("g.Ports[*]."), else NULL */
	int *param_frame;           /* and the frame whose facts those are */
	bool *param_address;        /* and whether it was given an address (&g.Port, or a
				     * caller's parameter so given): what a call fills through it
				     * is the caller's whatever tests read (state_resolve_filled) */
	size_t nparams;             /* how many of those two there are (0: none given &x) */
	struct cfg_place **members; /* a method's on a global object: the global places its
				     * `this->` places stand for, made on demand (frames_this_global) */
	size_t nmembers;
	struct strvec forget;       /* globals whose members it may write through a parameter
				     * (g_Ta.Config of a helper given &g_Ta.Config): what the
				     * path knew of those it does not name as the global's is
				     * dropped as it enters (enter_helper) */
};

struct fact {
	int frame;
	const char *name;           /* owned by the arena */
	int id;                     /* its number in the arena */
	enum outcome outcome;
	int site;                   /* the relevant call the variable is about, or -1 */
	bool earlier_run;           /* it holds what an earlier run of that call gave (a loop's
				     * previous iteration, which shares the site of its later
				     * runs): what a test learns of the latest run is not of it */
	bool holds_status;          /* it holds that call's status (not an out parameter it filled) */
	bool kept_if_failed;        /* an out parameter that held a pointer before the call: the
				     * call failing leaves it (WdfDeviceCreate's DeviceInit), its
				     * success may change it; what a test of it learns is no outcome
				     * of the call */
	bool examined;
	bool known_const;           /* it holds `number`: for tests of truth (if (flag), if (p)) */
	bool positive;              /* it holds 1 or more (a count once incremented) */
	bool nonneg;                /* it holds 0 or more (a count of one or more, decremented) */
	bool kernel_status;         /* it holds, untested, the status a kernel routine returned
				     * (one the rule does not track: site -1), which may be a failure */
	bool excludes;              /* it does not hold `excluded` (a `v != k` test taken): the
				     * same test later, a loop's next run of it, goes the same way */
	long long excluded;
	uint64_t ones, zeros;       /* bits known set and known clear (a flag word: `f |= K` sets
				     * K's bits, `f &= ~K` clears them), when not known_const */
	bool via_this;              /* a member of an object written by its methods: no
				     * liveness tells when it is read again */
	bool counted_flag;          /* counted in the state's `nflags` when last hashed */
	int counted_site;           /* the site counted in the state's `sited`, or -1 */
	unsigned char marks;        /* FACT_DIRTY, FACT_FRESH */
	long long number;
	uint64_t hash;              /* its share of the state's `sum` when last hashed */
};

/* A fact changed since the state was last hashed; a fact made since its
 * frame last entered a block (liveness has not judged it yet). */
#define FACT_DIRTY 1
#define FACT_FRESH 2

/* What the states of one exploration share, so that copying a state at a
 * branch copies neither names nor history: a path's history is a list from
 * the newest item back, its nodes here (a path 4,000 items long forks at
 * every branch), and facts name variables by number. */
struct hist_node {
	struct hist_item item;
	const struct hist_node *prev;
	uint64_t path_hash;         /* of the items from the first to this one */
	uint64_t summary;           /* the kind's summary of that path, hashed; 0: not made yet */
};

/* A branch point where a path had more than one way on, and the way it
 * took: a path that forgot facts is replayed by them (confirm.c). */
struct dec_node {
	const struct dec_node *prev;
	size_t step;                /* the path's blocks entered when it took it */
	size_t which;               /* the successor taken */
};

struct arena {
	const struct frame *frames; /* the explorer's */
	const struct strindex *reads; /* and its global reads (eval_global_reads) */
	struct strindex members;    /* members looked up in `reads` so far... */
	unsigned char *member_tested; /* ...and how tests read each (MEMBER_ in variables.c) */
	size_t member_cap;
	struct strindex names;      /* facts' variable names: a fact holds its number */
	struct hist_node **chunks;
	size_t nchunks, chunks_cap;
	size_t used;                /* nodes taken from the last chunk */
	struct hist_item *buf;      /* a path laid out in order for the kinds */
	size_t buf_cap;
	const struct hist_node *buf_of; /* the newest item of the path in `buf` */
	size_t buf_len;             /* and its length (NULL and 0 at first: the empty path) */
	const struct hist_node **buf_nodes; /* the node of each item in `buf` */
	size_t buf_nodes_cap;
	uint64_t empty_summary;     /* the kind's summary of no history, hashed; 0: not made yet */
	bool loses_dead_statuses;   /* the kind judges statuses (printing_examines_nothing): a
				     * status not looked at yet that dies at a block is lost at the
				     * assignment every path from there makes (liveness.c) */
	struct dec_node **dchunks;  /* the paths' branch decisions */
	size_t ndchunks, dchunks_cap, dused;
};

/* A state's facts are an array found through an open-addressing index by
 * (frame, name number), and the state's hash is the sum of its facts'
 * hashes, kept up to date for the facts touched since the last one: a block
 * costs what it changes, not what the state holds (a routine with 2,000
 * pointers walks a release chain once per failure path). */
struct site_count {
	unsigned site_1;            /* the site + 1, 0 empty */
	unsigned count;
};

struct state {
	int frame, block;
	size_t event;
	struct fact *facts;
	size_t nfacts, facts_cap;
	unsigned *slots;            /* fact index + 1, 0 empty; nslots a power of two */
	size_t nslots;
	size_t *dirty, ndirty, dirty_cap; /* indices marked FACT_DIRTY (some stale) */
	size_t *fresh, nfresh, fresh_cap; /* indices marked FACT_FRESH (some stale) */
	uint64_t sum;               /* of the facts' `hash` */
	size_t nflags;              /* facts no relevant call produced, when last hashed */
	struct site_count *sited;   /* how many facts are about each site, when last hashed */
	size_t nsited_slots, nsited;
	struct arena *arena;
	const struct hist_node *hist; /* the newest item, NULL when none */
	size_t nhist;
	const struct dec_node *dec; /* the newest branch decision, NULL when none */
	const struct cfg_call *guess; /* the first call a retry after the budget stepped over
				       * or did not follow on this path, or NULL */
	const struct cfg_cond *guess_test; /* the first test of a field the path knows nothing
				       * of that it took as zero, though relevant call site
				       * `guess_site` (-1: a store) kept what it made in a field of
				       * that name through some pointer (branches.c); or (-2) a
				       * test it could not decide in a destructor `delete` ran,
				       * taken the way that skips its teardown; or NULL */
	int guess_site;
	uint64_t kept_fields;       /* the members (by a bit of their name's hash) of a global, or
				     * of what a parameter or `this` points to, that a store gave
				     * what a relevant call made */
	size_t nsteps;              /* blocks entered so far (none of the three is part of its hash) */
	bool widened;               /* it forgot flag facts at a join (not part of its hash) */
};

struct site {
	int frame;
	int call;
	int first;                  /* the site of the call's first run: itself, or for a
				     * loop's later runs the one they are apart from */
};

/* The first state seen with a position and facts (their hash, `base`),
 * whose history is summarized only when a second one comes: an open-
 * addressing table of them inline, one per state explored, so neither
 * adding nor clearing costs an allocation each. */
struct first_state {
	uint64_t base;              /* 0: empty */
	const struct hist_node *hist;
	uint32_t nhist;             /* a path's items: far below the budget's states */
	bool widened;
	bool summarized;
};

struct first_states {
	struct first_state *slots;
	size_t cap, len;
};

struct explorer {
	const struct check *check;
	const struct kind_ops *kind;
	const struct program *prog;
	const struct eval_options *opts;
	struct frame frames[MAX_FRAMES];
	int nframes;
	struct site *sites;
	size_t nsites, sites_cap;
	int *again_sites;           /* the sites of loops' later runs among them */
	size_t nagain, again_cap;
	struct liveness **lives;
	size_t nlives, lives_cap;
	struct u64set seen;         /* the hashes of the states seen */
	struct first_states bases;  /* position and facts hashed -> the first such state (state.c) */
	size_t steps;
	size_t straight_steps;      /* blocks walked straight on (see explore_path) */
	size_t positions;           /* blocks of every frame so far: the budget grows with them */
	bool truncated;
	bool frames_full;           /* a helper was not followed: every one of the MAX_FRAMES
				     * helper frames was taken (truncated too) */
	bool out_of_time;
	bool widened;               /* some branch point forgot flag facts (WIDEN_AFTER) */
	double deadline;            /* monotonic seconds: the entry's time budget ends */
	const struct strindex *global_reads; /* globals some function reads or tests */
	signed char *global_read; /* per arena name number: 1 read, -1 not, 0 not looked up yet */
	size_t nglobal_read;
	bool quiet_helpers;         /* helpers without a relevant event, however deep, are
				     * stepped over (the retry after a budget: see run_path_rule) */
	struct ptrmap quiet;        /* function_facts -> whether it is such a helper */
	struct ptrmap relevant;     /* cfg_event -> whether the kind records it */
	struct ptrmap pointers;     /* cfg_call through a pointer -> what it reaches */
	bool stepped_over;          /* some call was stepped over that way */
	struct tails **tails;       /* per graph explored: its release tails (tails.c) */
	size_t ntails, tails_cap;
	unsigned deepest;           /* the deepest frame inlined */
	struct ptrmap returns;      /* cfg -> what it can still return from each block (returns.c) */
	struct ret_link *ret_links; /* per frame: what its call gives its caller, NULL until asked */
	struct replay *replay;      /* set when this explorer replays one path (confirm.c) */
	struct confirmations *confirm; /* what replays said of this exploration's findings */
};

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
 * that object's frame; in a helper given `&g.Port`, `Port->Handle` is
 * g.Port.Handle, and in one given the caller's pointer `store`,
 * `Store->Ready` is the caller's store->Ready (frames.c, bind_params). `owned`
 * is set when the name was rewritten, `member` when through an object or
 * parameter (such a fact outlives its frame's liveness), `bound` when through
 * a C helper's (what a store through it keeps: step_store). */
struct fact_ref {
	int frame;
	const char *name;
	char *owned;
	bool member;
	bool bound;                 /* through a C helper's object or parameter */
	int own_frame;              /* the name as the frame itself knows it, which holds */
	const char *own_name;       /* what a store through such a helper's parameter kept
				     * that is no constant (step_store) */
};

/* The paths still to explore: an explicit stack, so the depth of the C stack
 * never grows with the number of branches (a long function with many gotos
 * would overflow it). */
struct worklist {
	struct state *items;
	size_t len, cap;
};

/* tails.c: release tails, where paths that differ only in which pointers
 * the tail frees merge. */

struct tails;
void tails_free(struct tails *t);
/* What to add to the state's sum so that, at the head of a release tail,
 * each pointer the tail would free or skip counts as the same token,
 * whichever it holds, plus one bit for whether any holds something; 0
 * elsewhere. After state_flush. */
uint64_t tails_sum_adjust(struct explorer *x, const struct state *s);

/* liveness.c */

/* Variable names as facts know them: a plain variable by its name, anything
 * reached through a member or a pointer by its whole path. */
const char *liveness_place_name(const struct cfg_place *p);
/* The name of the fact about the result of call `call` of a graph. */
char *liveness_call_name(int call);
struct liveness *liveness_compute(const struct cfg *g);
/* Whether variable `name` may be read after entering `block`. */
bool liveness_holds(const struct liveness *l, int block, const char *name);
/* The name's number for liveness_holds_number, or -1 when the graph never names it. */
int liveness_number(const struct liveness *l, const char *name);
bool liveness_holds_number(const struct liveness *l, int block, int number);
void liveness_free(struct liveness *l);
/* Entering `block` of `frame` (whose frame is `f`): drops the facts no later
 * test or use can read, locals dead at the block and globals that no
 * function of the run reads at all. */
void liveness_drop_dead_facts(struct explorer *x, struct state *s, struct frame *f, int frame, int block);

/* devices.c */

/* After call `c` (its site, or -1): what the path knows of the driver's device list. */
void state_devices_after_call(struct state *s, const struct cfg_call *c, int site);

/* state.c */
/* A store gave member `field` what a relevant call made; and whether the
 * path made such a store into a member of that name (a test of one it
 * knows nothing of reads it as zero on a guess). */
void state_note_kept_field(struct state *s, const char *field);
bool state_kept_field(const struct state *s, const char *field);

void state_copy(struct state *to, const struct state *from);
void state_release(struct state *s);
/* The fact about `name` in `frame`, or NULL; a fact found may be changed
 * through the pointer (it is marked for the next hash), until the next
 * state_set_fact or drop. */
struct fact *state_find_fact(struct state *s, int frame, const char *name);
/* The same by the name's number in the arena. */
struct fact *state_find_fact_id(struct state *s, int frame, int id);
/* The fact about `name` in `frame`, made when there is none. */
struct fact *state_set_fact(struct state *s, int frame, const char *name);
/* state_find_fact_id without marking the fact changed. */
const struct fact *state_peek_fact_id(const struct state *s, int frame, int id);
/* The share of the state's sum that stands for "a fact about (frame, id)". */
uint64_t state_fact_token(int frame, int id);
/* The fact's share of the state's sum, were it about `site` instead. */
uint64_t state_fact_hash_as(const struct fact *f, int site);
/* Marks a fact reached other than by state_find_fact or state_set_fact as changed. */
void state_touch_fact(struct state *s, struct fact *f);
/* The call of `site` runs again: the facts holding what it gave before are of an earlier run. */
void state_mark_earlier_runs(struct state *s, int site);
void state_mark_earlier_runs_of(struct state *s, struct fact *f);
/* Drops the state's fact number `i`. */
void state_drop_fact_at(struct state *s, size_t i);
/* Drops what `frame`'s facts say of the members of `name` ("g.Ready",
 * "g.Slots[0]"): something the path cannot follow wrote them. */
void state_forget_members(struct state *s, int frame, const char *name);
/* Whether fact name `k` is a member or element of `object` ("g.Port.Handle" of "g.Port"). */
bool state_names_member(const char *k, const char *object);
/* Brings `sum`, `nflags` and the counts of sites up to date with the facts touched. */
void state_flush(struct state *s);
/* How many facts are about `site` (after state_flush). */
unsigned state_site_fact_count(const struct state *s, int site);
/* Adds `item` to the end of the state's history. */
void state_push_hist(struct state *s, struct hist_item item);
/* The state's history in order, valid until the next call for a state of
 * the same exploration. */
struct path state_path(const struct state *s);
/* Frees what the states of one exploration shared. */
void state_arena_release(struct arena *a);
/* Empties the table of the first state seen with each position and facts. */
void state_first_seen_clear(struct first_states *t);
/* Whether a state the same as far as the rest of the exploration can tell
 * was seen before (see state.c); notes this one. `new_facts`: no state
 * before it had its position and facts (kinds with a summary only). */
bool state_seen_before(struct explorer *x, struct state *s, bool *new_facts);

/* eval/evaluate.c: the explorer */
/* The liveness of `g`, computed once per exploration. */
struct liveness *liveness_of(struct explorer *x, const struct cfg *g);

/* eval/frames.c: frames and sites */
/* The frame of the helper a call reaches from `parent` at (block, event),
 * made on first use; -1 past MAX_FRAMES. */
int frames_for(struct explorer *x, int parent, int block, size_t event, size_t unit, size_t index,
	      const struct cfg_call *c);
/* The site of call `call` of the frame's graph. */
/* What a helper's pointer parameter stands for in a caller (frames.c): the
 * caller's place (`&Socket` given for Handle, through helpers passing it on);
 * the caller's variable a store through it writes (hist item's alias); the
 * caller's global a recorded call's pointer argument fills (its out_global). */
bool frames_caller_place(const struct explorer *x, int frame, const struct cfg_place *p, int *out_frame,
			 const struct cfg_place **out);
bool frames_caller_variable(const struct explorer *x, int frame, const struct cfg_place *p, struct hist_item *it);
void frames_out_global(struct explorer *x, int frame, const struct cfg_call *c, struct hist_item *it);
const struct cfg_place *frames_this_global(struct explorer *x, int frame, const struct cfg_place *p);
/* The global's member a place reached through a helper's pointer parameter
 * stands for (`Ring->Lock` in a helper given &g.Ring: g.Ring.Lock), or the
 * global `*Param` itself is (given &g.Filter), or NULL. */
const struct cfg_place *frames_param_member_global(struct explorer *x, int frame, const struct cfg_place *p);
/* The global object `this` stands for in frame `frame` (a method called
 * on it), or NULL. */
const struct cfg_place *frames_this_object(struct explorer *x, int frame);
void frames_release_members(struct frame *f);
int frames_site_of(struct explorer *x, int frame, int call);
/* The site of a relevant call run on this path: in a frame a cycle can
 * enter, a call the path made already (a loop's earlier iteration) is
 * another instance, one site shared by all its later runs. */
int frames_site_on_path(struct explorer *x, const struct state *s, int frame, int call);
/* The site of the last run of `e` in `frame` the path recorded, or -1. */
int frames_site_recorded(const struct state *s, int frame, const struct cfg_event *e);
/* What to add to the state's sum so that a fact about a loop's later runs of
 * a call counts as one about its first run, once the frame that ran the
 * loop has returned; 0 when none does. After state_flush. */
uint64_t frames_instances_adjust(const struct explorer *x, const struct state *s);

/* eval/returns.c: what DriverEntry can still return */
/* Whether every return of DriverEntry the path can still reach returns
 * failure: a failure constant, a plain local that holds a failure now and
 * that nothing writes on the way, or a helper's status that is such a
 * failure (no return at all counts too). */
bool explorer_returns_only_failure(struct explorer *x, struct state *s);

/* eval/evaluate.c: the explorer, continued */
/* Monotonic seconds, what the entry's deadline is measured in. */
double explorer_clock(void);
/* Explores every path from `start` within the explorer's budget. */
void explorer_walk(struct explorer *x, const struct state *start);

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
 * by state_push_successor for successor `which` of `s`'s block, if it
 * pushed one. */
void confirm_note_decision(struct worklist *work, size_t before, const struct state *s, size_t which);
/* At a block's entry while replaying: whether the replay ends here. */
bool confirm_replay_stops(struct explorer *x, struct state *s);
/* At a fork while replaying: pushes the successor the path took, or ends
 * the replay when its facts close it. */
void confirm_replay_fork(struct explorer *x, struct worklist *work, const struct state *s, const struct cfg *g,
			 const struct cfg_block *b);
/* After a test the facts decided (`decided`: 1 took a way, 0 none): whether
 * the replay goes on, the way taken being the one the path took. */
bool confirm_replay_decided(struct explorer *x, const struct state *s, const struct cfg_block *b, int decided);
/* A path ends (a return, or merged into another): its findings, confirmed
 * first when it forgot facts. */
void confirm_finish(struct explorer *x, struct state *s);
/* At the end of an exploration: a note for each finding no path confirmed. */
void confirm_close(struct explorer *x);

/* eval/variables.c: what a state knows of variables */
/* The frame of the facts of `name`, a variable outside any frame, as the
 * function of frame `frame` names it: its file's frame when that function's
 * file owns it (cfg.internals), else GLOBAL_FRAME. */
int eval_global_frame(const struct frame *frames, int frame, const char *name);
/* The last member a place names: "Handle" of "ctx->Port.Handle". */
const char *eval_last_member(const char *path);
/* What a constant says as an NTSTATUS: success or failure. */
enum outcome eval_constant_outcome(long long number);
/* The fact a name or a place means seen from `frame` (see struct fact_ref);
 * the caller passes the result to state_find_resolved or
 * state_assign_resolved, which free it. */
struct fact_ref state_resolve_name(const struct state *s, int frame, const char *name);
/* Drops what the state knows of the members of global `object` that a
 * helper given its address names as its own (state_resolve_name): all but
 * flags, flag words and counts, which it names as the global's. */
void state_forget_unbound_members(struct state *s, const char *object);
struct fact_ref state_resolve_place(const struct state *s, int frame, const struct cfg_place *p);
/* The fact `r` names, or NULL; frees `r`. */
/* The same for a place a call fills (`&Desc->Id`): the caller's variable
 * when the helper was given its address (`&g.Slots[i]`, bind_params). */
struct fact_ref state_resolve_filled(const struct state *s, int frame, const struct cfg_place *p);
struct fact *state_find_resolved(struct state *s, struct fact_ref r);
/* What a value is known to be (its outcome, and the call site it came from). */
void eval_value(struct state *s, int frame, const struct cfg_value *v, enum outcome *outcome, int *site);
/* The fact a value reads, for marking it examined. */
struct fact *state_value_fact(struct state *s, int frame, const struct cfg_value *v);
/* Marks the status `f` holds (NULL: none) examined, and records it in the
 * path's history. */
void state_mark_examined(struct state *s, int frame, struct fact *f, const struct cfg *g, const struct cfg_event *e);
/* Marks examined the statuses a test not folded into success or failure names. */
void state_examine_cond_names(struct state *s, int frame, const struct cfg_cond *c, const struct cfg *g);
/* Marks examined the statuses an expression assigned or stored names (not a copy). */
void state_examine_value_names(struct state *s, int frame, const struct cfg_value *v, const struct cfg *g,
			       const struct cfg_event *e);
/* Writes variable `name` of `frame` with a new value, a status when it
 * came from `site`; an unexamined status it held is lost. */
void state_assign_name(struct state *s, int frame, const char *name, enum outcome outcome, int site,
		       const struct cfg *g, const struct cfg_event *e);
/* The same for what a place or name means from here (see
 * state_resolve_name); frees `r`. `holds_status` tells a status (or a
 * copy) from an out parameter. */
void state_assign_resolved(struct state *s, struct fact_ref r, enum outcome outcome, int site,
			   bool holds_status, const struct cfg *g, const struct cfg_event *e);

/* eval/stored.c: what a store leaves its target holding for later tests:
 * a constant written or copied, a count that grows or shrinks, the bits a
 * flag word is known to have set and clear. Read before the store changes
 * the facts, applied after. */
struct stored {
	bool grows, shrinks;        /* a count of 0 or more grows; one of 1 or more shrinks by 1 */
	bool bits;                  /* a flag word's known bits change */
	bool known;                 /* ... to the constant `number` */
	long long number;
	uint64_t ones, zeros;
};
void state_stored_before(struct state *s, int frame, const struct cfg_event *e, struct stored *out);
/* What a call that reads its first argument's place returns, known before
 * the call (and the store it makes) runs: InterlockedExchange(&x, v) what x
 * held, a bit intrinsic (&x, b) bit b of x (cfg.h). */
bool state_result_before(struct state *s, int frame, const struct cfg_call *c, long long *value);
/* Call `call` of the frame's graph returned `number` on this path: its
 * result and the variable it was just assigned to hold it. */
void state_result_known(struct state *s, int frame, int call, const struct cfg_call *c, long long number);
/* An exchange of a pointer (InterlockedExchangePointer(&p, NULL)) returns
 * the object p held: `held` gets what the path knows of it, before the call. */
bool state_exchange_held(struct state *s, int frame, const struct cfg_call *c, struct fact *held);
/* InterlockedCompareExchange(&x, V, K) when the path knows x: *old is what
 * x held (the result); state_compare_exchanged then stores V when it was K. */
bool state_compare_exchange(struct state *s, int frame, const struct cfg_call *c, long long *old);
void state_compare_exchanged(struct state *s, int frame, const struct cfg_call *c, long long old);
/* The result of `call` and its variable hold that object. */
void state_result_holds(struct state *s, int frame, int call, const struct cfg_call *c, const struct fact *held);
void state_stored_after(struct state *s, int frame, const struct cfg_event *e, const struct stored *st);
/* Whether the flag-word test `c` (COND_BITS) holds (1), fails (0) or
 * depends (-1) on what the path knows of its bits, `f` the tested fact
 * (NULL: nothing known). */
int state_bits_truth(const struct fact *f, const struct cfg_cond *c);
/* Taking the way of `c` that `holds` says: a one-bit mask found set is
 * known set, a mask found clear is known clear. `f` is the tested fact. */
void state_bits_learn(struct state *s, struct fact *f, const struct cfg_cond *c, bool holds);

/* eval/branches.c */
/* Makes the state after taking successor `which` of `b` and pushes it;
 * pushes nothing when the branch contradicts what the path knows. */
/* A destructor that `delete p` runs is followed with what the path knows
 * of *p's members; a test there (or in a routine it calls) the path cannot
 * decide, taken the way that skips what the other way does (a call
 * `relevant` finds the kind judges, or a routine of the driver), is a
 * guess: findings past it must be confirmed by another path, as confirm_finish
 * does. Marks `s`, the state after taking successor `which` of `b`, so. */
void state_note_destructor_guess(struct state *s, const struct cfg *g, const struct cfg_block *b, size_t which,
				 bool (*relevant)(void *ctx, const struct cfg *g, const struct cfg_event *e), void *ctx);
void state_push_successor(struct worklist *work, const struct state *s, const struct cfg *g,
			  const struct cfg_block *b, size_t which);
/* Takes a two-way test in place when the path's facts leave one way open
 * (1), ends the path when they leave none (0); -1 when both are open or
 * the block is not such a test. */
int state_take_decided_branch(struct state *s, const struct cfg *g, const struct cfg_block *b);

/* eval/roots.c: the routines of role `root` the entry installs, each once
 * (none for ROOT_DRIVER_ENTRY); `*n` of them, in an array the caller frees. */
struct root_routine {
	size_t unit, index;
};
struct root_routine *eval_roots_find(const struct program *prog, const struct entry_point *entry,
				     enum rule_root root, size_t *n);

/* seeds.c: what every path starts knowing, and the tests it reads. */
bool eval_own_unit(const struct program *prog, size_t entry_unit, size_t u);
const char *eval_exchanged(const struct cfg *g, const char *var);
bool eval_counted_test(const struct cfg_cond *c);
void eval_bound_tests(const struct program *prog, size_t u, const struct cfg *g, struct strvec *out);
struct global_seed *eval_load_seeds(const struct program *prog, size_t entry_unit, size_t *n,
				    struct strindex *names);

/* eval/filled.c: out parameters (&x) of call `e`, which the path did not
 * follow, now hold what it produced; so does the caller's variable a
 * helper's pointer parameter stands for, when the call is one the rule
 * records (`site`). `modeled`: the call's first argument was already judged
 * (a compare exchange). */
void eval_fill_out_params(struct explorer *x, struct state *s, const struct cfg *g, const struct cfg_event *e,
			  int site, bool modeled);

#endif
