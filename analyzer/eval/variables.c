/* SPDX-License-Identifier: Apache-2.0 */
/* What a path's state knows of its variables (its facts): what a value
 * evaluates to, what a variable holds after an assignment, and which statuses
 * the path has examined. */
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
#include "facts/reads.h"
#include "rules/rules.h"
#include "base/alloc.h"
#include "base/str.h"
#include "base/strvec.h"

/* Values */

enum outcome eval_constant_outcome(long long number)
{
	/* NTSTATUS: the severity bits; a success or informational status is >= 0. */
	return ((unsigned long long)number & 0x80000000ULL) ? OUTCOME_FAILURE : OUTCOME_SUCCESS;
}

int eval_global_frame(const struct frame *frames, int frame, const char *name)
{
	if (frame < 0 || !name)
		return frame < GLOBAL_FRAME ? frame : GLOBAL_FRAME;
	return cfg_owns(frames[frame].g, name) ? INTERNAL_FRAME(frames[frame].unit) : GLOBAL_FRAME;
}

static int place_frame(const struct state *s, const struct cfg_place *p, int frame)
{
	return p->root_is_global ? eval_global_frame(s->arena->frames, frame, p->root) : frame;
}

const char *eval_last_member(const char *path)
{
	const char *last = path;
	for (const char *p = path; *p; p++)
		if (*p == '.' || (*p == '>' && p > path && p[-1] == '-'))
			last = p + 1;
	return last;
}

enum { MEMBER_TESTED = 1, MEMBER_COUNTED = 2 };

/* How tests of some function read the member `name` ends with
 * (eval_global_reads keeps "\x01" and the name for any test, "\x02" and the
 * name for a test of a flag, its bits or a comparison), asked once per member and
 * exploration. Only such a member of an object a helper acts on through a
 * parameter is named as the caller's: kept as the caller's, the others
 * would only tell states apart (openzfs's helpers store dozens of fields
 * nothing tests; with them its run took 909 MB, not 343). */
static unsigned member_tested(struct arena *a, const char *name)
{
	const char *last = eval_last_member(name);
	int k = strindex_find(&a->members, last);
	if (k >= 0)
		return a->member_tested[k];
	unsigned how = 0;
	for (unsigned bit = MEMBER_TESTED; bit <= MEMBER_COUNTED; bit <<= 1) {
		char *key = alloc_printf("%c%s", bit == MEMBER_TESTED ? '\x01' : '\x02', last);
		bool tested = a->reads && strindex_find(a->reads, key) >= 0;
		reads_note_global_read(key, tested);
		free(key);
		how |= tested ? bit : 0;
	}
	k = strindex_add(&a->members, last);
	GROW(a->member_tested, a->member_cap, (size_t)k + 1);
	a->member_tested[k] = (unsigned char)how;
	return how;
}

void state_forget_unbound_members(struct state *s, const char *object)
{
	for (size_t i = s->nfacts; i-- > 0;)
		if (eval_frame_is_global(s->facts[i].frame) && state_names_member(s->facts[i].name, object) &&
		    !(member_tested(s->arena, s->facts[i].name) & MEMBER_COUNTED))
			state_drop_fact_at(s, i);
}

struct fact_ref state_resolve_name(const struct state *s, int frame, const char *name)
{
	struct fact_ref r = { frame, name, NULL, false, false, frame, name };
	if (!name || frame < 0)
		return r;
	const struct frame *f = &s->arena->frames[frame];
	/* `*param` of a helper given `&g.Port` is g.Port itself: what the call
	 * that filled it through the parameter left there (ClosePort's
	 * `if (*ServerPort != NULL)` after FltCreateCommunicationPort(.., ServerPort, ..)).
	 * A global's only: a caller's local so given keeps the facts of its own
	 * frame (DMF's `DMF_DmfDeviceInitFree(&dmfDeviceInit)` set paths apart
	 * that its guarded release had joined). */
	for (size_t i = 0; name[0] == '*' && i < f->nparams; i++) {
		const char *param = f->param_prefix[i] && f->param_address[i] && eval_frame_is_global(f->param_frame[i])
					    ? f->g->params[i].name : NULL;
		size_t len = param ? strlen(f->param_prefix[i]) : 0;
		if (param && !strcmp(name + 1, param) && len > 1 && f->param_prefix[i][len - 1] == '.') {
			r.owned = alloc_strndup(f->param_prefix[i], len - 1);
			r.name = r.owned;
			r.frame = f->param_frame[i];
			r.member = strchr(r.owned, '.') != NULL;
			return r;
		}
	}
	const char *self = f->self_name ? f->self_name : "this";
	const char *prefix = f->this_prefix;
	int to = f->this_frame;
	size_t n = strlen(self);
	if (!prefix || name[0] != self[0] || strncmp(name, self, n) || name[n] != '-' || name[n + 1] != '>')
		prefix = NULL;
	for (size_t i = 0; !prefix && i < f->nparams; i++) {
		const char *param = f->param_prefix[i] ? f->g->params[i].name : NULL;
		n = param ? strlen(param) : 0;
		if (n && name[0] == param[0] && !strncmp(name, param, n) && name[n] == '-' && name[n + 1] == '>') {
			prefix = f->param_prefix[i];
			to = f->param_frame[i];
		}
	}
	/* A method's `this->` always; a C helper's object or parameter for a
	 * member some test reads, of an object the caller holds in a local; of
	 * a global, for a member tested as a flag, a flag word or a count (a teardown
	 * helper given `&g_State` tests the bits DriverEntry set in
	 * g_State.Flags; budget.c seeds such members' load-time values). A
	 * global's pointers are tested by name in so many places that facts kept
	 * of them through helpers set paths apart no test joins again: npcap's
	 * DE006 found its paths contradicted in the replay. */
	bool gated = prefix != f->this_prefix || f->self_name;
	unsigned need = eval_frame_is_global(to) ? MEMBER_COUNTED : MEMBER_TESTED;
	if (!prefix || !name[n + 2] || (gated && !(member_tested(s->arena, name) & need)))
		return r;
	r.owned = alloc_printf("%s%s", prefix, name + n + 2);
	r.name = r.owned;
	r.frame = to;
	r.member = true;
	r.bound = gated;
	return r;
}

struct fact_ref state_resolve_place(const struct state *s, int frame, const struct cfg_place *p)
{
	return state_resolve_name(s, place_frame(s, p, frame), liveness_place_name(p));
}

struct fact_ref state_resolve_filled(const struct state *s, int frame, const struct cfg_place *p)
{
	const struct frame *f = frame >= 0 ? &s->arena->frames[frame] : NULL;
	const char *name = liveness_place_name(p);
	if (!p->root_is_param || !f || p->param_index < 0 || (size_t)p->param_index >= f->nparams ||
	    !f->param_address[p->param_index])
		return state_resolve_place(s, frame, p);
	size_t n = strlen(p->root);
	if (name[n] != '-' || name[n + 1] != '>' || !name[n + 2])
		return state_resolve_place(s, frame, p);
	struct fact_ref r = { f->param_frame[p->param_index], NULL, NULL, false, false, frame, name };
	r.owned = alloc_printf("%s%s", f->param_prefix[p->param_index], name + n + 2);
	r.name = r.owned;
	return r;
}

struct fact *state_find_resolved(struct state *s, struct fact_ref r)
{
	struct fact *f = state_find_fact(s, r.frame, r.name);
	if (!f && r.bound)
		f = state_find_fact(s, r.own_frame, r.own_name);
	free(r.owned);
	return f;
}

void eval_value(struct state *s, int frame, const struct cfg_value *v, enum outcome *outcome,
		       int *site)
{
	*outcome = OUTCOME_UNKNOWN;
	*site = -1;
	switch (v->kind) {
	case VALUE_CONSTANT:
		*outcome = eval_constant_outcome(v->number);
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
		struct fact *f = state_find_resolved(s, state_resolve_place(s, frame, &v->place));
		if (f) {
			*outcome = f->outcome;
			*site = f->site;
		}
		break;
	}
	case VALUE_CALL: {
		char *k = liveness_call_name(v->call);
		struct fact *f = state_find_fact(s, frame, k);
		free(k);
		if (f) {
			*outcome = f->outcome;
			*site = f->site;
		}
		break;
	}
	case VALUE_UNKNOWN:
		/* `ok = NT_SUCCESS(F())` is set exactly when the call succeeded: a
		 * later `if (ok)` tells which way it went, as a test of a pointer
		 * the call returned does. */
		if (v->success_of) {
			struct fact *f = v->success_of[0] == '@'
						 ? state_find_fact(s, frame, v->success_of)
						 : state_find_resolved(s, state_resolve_name(s, frame, v->success_of));
			if (f) {
				*outcome = f->outcome;
				*site = f->site;
			}
			break;
		}
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
struct fact *state_value_fact(struct state *s, int frame, const struct cfg_value *v)
{
	if (v->kind == VALUE_PLACE)
		return state_find_resolved(s, state_resolve_place(s, frame, &v->place));
	if (v->kind == VALUE_CALL) {
		char *k = liveness_call_name(v->call);
		struct fact *f = state_find_fact(s, frame, k);
		free(k);
		return f;
	}
	return NULL;
}

void state_mark_examined(struct state *s, int frame, struct fact *f, const struct cfg *g,
			 const struct cfg_event *e)
{
	if (!f || f->examined || !f->holds_status)
		return;
	state_touch_fact(s, f);
	f->examined = true;
	if (f->site >= 0)
		state_push_hist(s, (struct hist_item){ .kind = HIST_EXAMINED, .g = g, .event = e,
				.frame = (unsigned)frame, .site = f->site });
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
void state_examine_cond_names(struct state *s, int frame, const struct cfg_cond *c, const struct cfg *g)
{
	for (size_t i = 0; i < s->nfacts; i++) {
		struct fact *f = &s->facts[i];
		if (f->frame == frame && f->holds_status && !f->examined &&
		    ((c->text && mentions(c->text, f->name)) || strvec_contains(&c->names, f->name)))
			state_mark_examined(s, frame, f, g, NULL);
	}
}

/* A value computed from a status (`ok = NT_SUCCESS(status)`, `s >= 0`) looks
 * at it: every status its text names is examined. A plain copy is not: the
 * copy carries the status on. */
void state_examine_value_names(struct state *s, int frame, const struct cfg_value *v, const struct cfg *g,
			       const struct cfg_event *e)
{
	if (v->kind != VALUE_UNKNOWN || !v->text)
		return;
	for (size_t i = 0; i < s->nfacts; i++) {
		struct fact *f = &s->facts[i];
		if (f->frame == frame && f->holds_status && !f->examined && mentions(v->text, f->name))
			state_mark_examined(s, frame, f, g, e);
	}
}

/* Writes `name` in `frame` with a new value; an unexamined status held there
 * is lost. `holds_status` tells a status (or a copy) from an out parameter. */
static void assign_as(struct state *s, int frame, const char *name, enum outcome outcome, int site,
		      bool holds_status, const struct cfg *g, const struct cfg_event *e)
{
	if (!name)
		return;
	struct fact *f = state_find_fact(s, frame, name);
	if (f && f->site >= 0 && f->holds_status && !f->examined && f->site != site) {
		/* Another variable may still hold the same status. */
		bool elsewhere = false;
		for (size_t i = 0; i < s->nfacts; i++)
			elsewhere |= &s->facts[i] != f && s->facts[i].site == f->site &&
				     s->facts[i].holds_status;
		if (!elsewhere)
			state_push_hist(s, (struct hist_item){ .kind = HIST_LOST, .g = g, .event = e,
					.frame = (unsigned)frame, .site = f->site });
	}
	f = state_set_fact(s, frame, name);
	f->outcome = outcome;
	f->site = site;
	f->earlier_run = false;
	f->holds_status = holds_status && site >= 0;
	f->kept_if_failed = false;
	f->examined = false;
	f->known_const = false;
	f->kernel_status = false;
	f->positive = false;
	f->nonneg = false;
	f->excludes = false;
	f->ones = f->zeros = 0;
}

void state_assign_name(struct state *s, int frame, const char *name, enum outcome outcome, int site,
		       const struct cfg *g, const struct cfg_event *e)
{
	assign_as(s, frame, name, outcome, site, true, g, e);
}

/* assign_as to what a place or name means from here (see state_resolve_name). */
void state_assign_resolved(struct state *s, struct fact_ref r, enum outcome outcome, int site,
			   bool holds_status, const struct cfg *g, const struct cfg_event *e)
{
	assign_as(s, r.frame, r.name, outcome, site, holds_status, g, e);
	struct fact *f = r.member ? state_find_fact(s, r.frame, r.name) : NULL;
	if (f)
		f->via_this = true;
	free(r.owned);
}
