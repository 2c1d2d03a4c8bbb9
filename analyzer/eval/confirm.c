/* SPDX-License-Identifier: Apache-2.0 */
/* Findings the tool can stand behind. A branch point reached in more than
 * WIDEN_AFTER ways forgets which way earlier tests of flags went, so the
 * path a state follows from there may be one the code cannot take (a test
 * decided by a flag set on every path that reaches it). Every path keeps
 * the way it took at each fork; a finding on a path that forgot facts is
 * reported only when the same path, replayed from DriverEntry's start by
 * those ways with every fact kept (no merging, no widening), takes each of
 * them and makes the kind report the finding again. Otherwise the finding
 * is not reported; with -v a note says why. A path that rests on a guess
 * (a helper the budget's retry stepped over; a field read as zero that may
 * hold what the path kept, branches.c) reports only what another path
 * confirms. */
#include "eval/explorer.h"

#include <stdlib.h>
#include <string.h>

#include "base/problems.h"
#include "base/alloc.h"
#include "base/path.h"
#include "base/strvec.h"
#include "findings/finding.h"
#include "rules/rules.h"

#define DEC_CHUNK 4096
/* Replays per exploration: a path after so many is not confirmed (each
 * replay walks its path once; the explorations that widen have many). */
#define MAX_REPLAYS 2048

struct replay {
	const struct dec_node **recs;   /* the path's forks, oldest first */
	size_t nrecs, next;
	size_t final_steps;             /* blocks the path entered */
	bool at_merge;                  /* it ended merging into another path */
	bool ended;                     /* the replay reached its end */
	const char *failed;             /* why it could not, or NULL */
	struct findings exact;          /* what the kind reports on the replayed path */
	const struct check *report_to;  /* where the replayed path's findings are reported */
};

struct confirmations {
	struct findings pending;        /* findings no replay confirmed so far */
	struct strvec why;              /* and why, in the same order */
	size_t replays;
};

void confirm_note_decision(struct worklist *work, size_t before, const struct state *s, size_t which)
{
	if (work->len == before)
		return;
	struct arena *a = s->arena;
	if (!a->ndchunks || a->dused == DEC_CHUNK) {
		GROW(a->dchunks, a->dchunks_cap, a->ndchunks + 1);
		a->dchunks[a->ndchunks++] = alloc_bytes(DEC_CHUNK * sizeof(struct dec_node));
		a->dused = 0;
	}
	struct dec_node *n = &a->dchunks[a->ndchunks - 1][a->dused++];
	*n = (struct dec_node){ s->dec, s->nsteps, which };
	work->items[work->len - 1].dec = n;
}

/* The kind's findings on the replayed path so far. */
static void replay_check(struct explorer *x, struct state *s)
{
	struct replay *r = x->replay;
	if (s->guess_test) {
		r->failed = "with every fact kept, the path reads as zero a field, through a pointer it cannot "
			    "name, of the name of one it kept an acquisition in";
		r->ended = true;
		return;
	}
	struct problems notes = { 0 };
	struct check local = *x->check;
	local.out = &r->exact;
	local.notes = &notes;
	struct path p = state_path(s);
	x->kind->check_path(&local, &p);
	problems_clear(&notes);
	/* Reported as any path's are, so a kind that adds a return to a finding
	 * it already made ("also returns failure here") does so. */
	x->kind->check_path(r->report_to, &p);
	r->ended = true;
}

bool confirm_replay_stops(struct explorer *x, struct state *s)
{
	struct replay *r = x->replay;
	if (r->failed || r->ended)
		return true;
	if (s->nsteps > r->final_steps) {
		r->failed = "with every fact kept, the path goes on past where it ended";
		return true;
	}
	if (r->at_merge && s->nsteps == r->final_steps) {
		replay_check(x, s);
		return true;
	}
	return false;
}

/* The way the path took at the block the replay is at, or -1 when it had
 * only one there. */
static long next_way(struct replay *r, const struct state *s)
{
	if (r->next < r->nrecs && r->recs[r->next]->step == s->nsteps)
		return (long)r->recs[r->next++]->which;
	return -1;
}

void confirm_replay_fork(struct explorer *x, struct worklist *work, const struct state *s, const struct cfg *g,
			 const struct cfg_block *b)
{
	struct replay *r = x->replay;
	long which = next_way(r, s);
	if (which < 0) {
		r->failed = "with every fact kept, a test the path took one way could go either";
		return;
	}
	size_t before = work->len;
	state_push_successor(work, s, g, b, (size_t)which);
	if (work->len == before)
		r->failed = "with every fact kept, a branch the path took contradicts what it did before";
}

bool confirm_replay_decided(struct explorer *x, const struct state *s, const struct cfg_block *b, int decided)
{
	struct replay *r = x->replay;
	long which = next_way(r, s);
	if (decided == 0 || (which >= 0 && s->block != b->succ[which])) {
		r->failed = "with every fact kept, a branch the path took contradicts what it did before";
		return false;
	}
	return true;
}

static bool same_finding(const struct finding *a, const struct finding *b)
{
	return a->rule == b->rule && a->line == b->line && a->column == b->column && !strcmp(a->file, b->file) &&
	       !strcmp(a->message, b->message);
}

static const struct finding *find_same(const struct findings *in, const struct finding *f)
{
	for (size_t i = 0; i < in->len; i++)
		if (same_finding(&in->items[i], f))
			return &in->items[i];
	return NULL;
}

/* Replays the path `s` ended; the findings the kind made on it go to
 * `exact`. Returns why it was not confirmed, or NULL. */
static const char *replay_path(struct explorer *x, const struct state *s, struct findings *exact)
{
	if (x->confirm->replays++ >= MAX_REPLAYS)
		return "more paths than entrycheck replays forgot facts in this DriverEntry";
	struct replay r = { 0 };
	for (const struct dec_node *n = s->dec; n; n = n->prev)
		r.nrecs++;
	r.recs = alloc_zeroed(r.nrecs + 1, sizeof(*r.recs));
	size_t i = r.nrecs;
	for (const struct dec_node *n = s->dec; n; n = n->prev)
		r.recs[--i] = n;
	r.final_steps = s->nsteps;
	r.at_merge = !(s->hist && s->hist->item.kind == HIST_RETURN);
	r.report_to = x->check;
	struct explorer *y = explorer_new(x->check, x->kind, x->opts, x->deadline, x->global_reads, x->quiet_helpers);
	y->replay = &r;
	explorer_run(y);
	if (!r.failed && !r.ended)
		r.failed = y->truncated ? "its replay ran out of budget" : "with every fact kept, the path ends elsewhere";
	explorer_free(y);
	free(r.recs);
	*exact = r.exact;
	return r.failed;
}

/* Why a finding on a path that read a field as zero on a guess (see
 * note_zero_guess, branches.c) is not reported. */
static char *guessed_zero(const struct explorer *x, const struct state *s)
{
	const struct cfg_cond *c = s->guess_test;
	const struct cfg_call *kept = NULL;
	if (s->guess_site == -2)
		return alloc_printf("its path takes the test '%s' (line %u) of a destructor `delete` runs the way "
				    "that skips the destructor's teardown, a test the path cannot decide",
				    c->text ? c->text : "?", c->loc.line);
	if (s->guess_site >= 0 && (size_t)s->guess_site < x->nsites) {
		const struct site *st = &x->sites[s->guess_site];
		kept = &x->frames[st->frame].g->calls[st->call];
	}
	if (!kept)
		return alloc_printf("its path takes %s (line %u) as zero, a member it knows nothing of, though it "
				    "stored what a call made in a member of that name of a global or of what a "
				    "helper's parameter points to, which may be the same memory",
				    c->var, c->loc.line);
	const char *name = kept->callee ? kept->callee : kept->macro;
	return alloc_printf("its path takes %s (line %u) as zero, a field read through a pointer the path cannot "
			    "name, though it kept what %s at line %u acquired in a field of that name through "
			    "another pointer, which may reach the same memory",
			    c->var, c->loc.line, name ? name : "a call", kept->loc.line);
}

void confirm_finish(struct explorer *x, struct state *s)
{
	if (x->replay) {
		replay_check(x, s);
		return;
	}
	struct path p = state_path(s);
	if (!s->widened && !s->guess && !s->guess_test) {
		x->kind->check_path(x->check, &p);
		return;
	}
	if (!x->confirm)
		x->confirm = alloc_zeroed(1, sizeof(*x->confirm));
	struct findings found = { 0 }, exact = { 0 };
	struct problems notes = { 0 };
	struct check local = *x->check;
	local.out = &found;
	local.notes = &notes;
	x->kind->check_path(&local, &p);
	bool fresh = false;
	for (size_t i = 0; i < found.len && !fresh; i++)
		fresh = !find_same(x->check->out, &found.items[i]);
	const char *failed = NULL;
	char *why = NULL;
	if (fresh && s->guess)
		why = alloc_printf("its path passes the call of %s at line %u, which the retry after the budget "
				"stepped over or did not follow, so it rests on what that helper returned or left "
				"behind, taken as unknown",
				s->guess->callee, s->guess->loc.line);
	else if (fresh && s->guess_test)
		why = guessed_zero(x, s);
	else if (fresh && (failed = replay_path(x, s, &exact)))
		why = alloc_printf("%s (the path passed a branch point reached in more than %d ways, where earlier "
				"tests were forgotten)", failed, WIDEN_AFTER);
	/* What the replayed path reports is reported already (replay_check); the
	 * rest is pending until some other path confirms it. */
	struct confirmations *c = x->confirm;
	for (size_t i = 0; fresh && i < found.len; i++) {
		struct finding *f = &found.items[i];
		if ((!why && find_same(&exact, f)) || find_same(x->check->out, f) || find_same(&c->pending, f))
			continue;
		GROW(c->pending.items, c->pending.cap, c->pending.len + 1);
		c->pending.items[c->pending.len++] = *f;
		memset(f, 0, sizeof(*f));
		strvec_push(&c->why, why ? why : "with every fact kept, the path does not report it (the path "
						 "passed a branch point reached in many ways, where earlier "
						 "tests were forgotten)");
	}
	free(why);
	findings_release(&found);
	findings_release(&exact);
	problems_move(x->check->notes, &notes);
}

void confirm_close(struct explorer *x)
{
	struct confirmations *c = x->confirm;
	if (!c)
		return;
	for (size_t i = 0; i < c->pending.len; i++) {
		const struct finding *f = &c->pending.items[i];
		if (find_same(x->check->out, f) || !x->check->verbose)
			continue;
		char *cwd = path_current_directory();
		char *shown = path_relative_to(f->file, cwd);
		problems_add(x->check->notes, PROBLEM_NOTE, shown, f->line, f->column,
			     "%s: %s not reported, as its path was not confirmed: %s", f->function, f->rule->id,
			     c->why.items[i]);
		free(shown);
		free(cwd);
	}
	findings_release(&c->pending);
	strvec_clear(&c->why);
	free(c);
	x->confirm = NULL;
}
