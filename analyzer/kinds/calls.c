/* SPDX-License-Identifier: Apache-2.0 */
/* Rule kinds about calls, their outcomes and what DriverEntry returns:
 * require-call, guarded-by-success, no-success-after-failure and
 * returns-status-of (status-lost is kinds/lost.c). Each replays a path's history in order,
 * knowing at every step what the branches so far revealed about each call's
 * outcome (struct revealed, kinds/shared.h). */
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "kinds/callparams.h"
#include "kinds/iterations.h"
#include "kinds/shared.h"
#include "kinds/surely.h"
#include "facts/entry.h"
#include "facts/nofail.h"
#include "base/problems.h"
#include "facts/program.h"
#include "rules/rules.h"
#include "base/alloc.h"
#include "base/map.h"
#include "base/strbuf.h"
#include "base/strvec.h"

/* require-call */

static bool require_call_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct call_params *cp = c->compiled;
	const struct cfg_call *call = event_call(g, e);
	return call_params_listed(c, g, e) || (call && kinds_call_listed(call, &cp->since));
}

/* Whether the path is judged, and from which item: after the first call of
 * "since" not known to have failed, or from the start without "since". */
static bool required_from(const struct call_params *cp, const struct path *p, size_t *from)
{
	*from = 0;
	if (!cp->since.len)
		return true;
	struct revealed r;
	revealed_of_path(&r, p);
	bool found = false;
	for (size_t i = 0; i < p->len && !found; i++)
		if (p->items[i].kind == HIST_CALL &&
		    kinds_call_listed(event_call(p->items[i].g, p->items[i].event), &cp->since) &&
		    revealed_outcome(&r, p->items[i].site) != OUTCOME_FAILURE) {
			found = true;
			*from = i + 1;
		}
	revealed_release(&r);
	return found;
}

static bool required_made(const struct call_params *cp, const struct path *p, size_t from)
{
	for (size_t i = from; i < p->len; i++)
		if (p->items[i].kind == HIST_CALL &&
		    !(cp->since.len && kinds_call_listed(event_call(p->items[i].g, p->items[i].event), &cp->since)))
			return true;
	return false;
}

static void require_call_path(const struct check *c, const struct path *p)
{
	const struct hist_item *ret = eval_path_return(p);
	const struct call_params *cp = c->compiled;
	if (!ret || (cp->success_returns_only && ret->outcome == OUTCOME_FAILURE))
		return;
	size_t from;
	if (!required_from(cp, p, &from) || required_made(cp, p, from))
		return;
	if (kinds_path_hidden_by_opaque(c, p))
		return;
	char *calls = kinds_names_joined(&cp->calls, " or ");
	const struct cfg_call *since = from ? event_call(p->items[from - 1].g, p->items[from - 1].event) : NULL;
	char *line = since ? kinds_line_number_text(since->loc.line) : NULL;
	const char *vars[] = { "calls", calls, "since", since ? since->callee : "", "since_line", line ? line : "",
			       NULL };
	eval_add_finding(c, eval_return_loc(ret), ret->g->function, p, since ? &since->loc : NULL,
			 since ? "made here" : NULL, vars);
	free(line);
	free(calls);
}

static void require_call_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	const struct call_params *cp = c->compiled;
	bool opaque = false;
	for (size_t i = 0; i < p->len; i++)
		opaque |= p->items[i].kind == HIST_OPAQUE;
	size_t from;
	bool pending = required_from(cp, p, &from);
	bool call = pending && required_made(cp, p, from);
	key_int(key, (unsigned long long)pending << 2 | (unsigned long long)call << 1 | opaque);
}

static const struct kind_ops require_call_ops = {
	.relevant = require_call_relevant,
	.check_path = require_call_path,
	.summary = require_call_summary,
};

const struct kind kind_require_call = {
	.name = "require-call",
	.placeholders = (const char *const[]){ "calls", "since", "since_line", NULL },
	.compile = call_params_compile,
	.release = call_params_release,
	.ops = &require_call_ops,
};

/* guarded-by-success */

static bool guarded_call(const struct call_params *cp, const struct cfg_call *call)
{
	return kinds_call_named(call, cp->call) || kinds_call_listed(call, &cp->variants);
}

static bool guarded_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct call_params *cp = c->compiled;
	const struct cfg_call *call = event_call(g, e);
	return call && (guarded_call(cp, call) || kinds_call_listed(call, &cp->after));
}

static void guarded_path(const struct check *c, const struct path *p)
{
	const struct call_params *cp = c->compiled;
	struct revealed r;
	revealed_init(&r, p);
	const struct hist_item *guard = NULL;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		revealed_learn(&r, it);
		if (it->kind != HIST_CALL)
			continue;
		const struct cfg_call *call = event_call(it->g, it->event);
		if (kinds_call_listed(call, &cp->after)) {
			guard = it;
			continue;
		}
		if (!guarded_call(cp, call))
			continue;
		const char *name = call->callee ? call->callee : cp->call;
		char *problem;
		if (!guard && kinds_span_hidden_by_opaque(c, p, 0, i, NULL))
			continue; /* an invisible call before it could have registered */
		if (!guard) {
			char *names = kinds_names_joined(&cp->after, " or ");
			problem = alloc_printf("before %s", names);
			free(names);
		} else if (revealed_outcome(&r, guard->site) != OUTCOME_SUCCESS) {
			const struct cfg_call *g = event_call(guard->g, guard->event);
			problem = alloc_printf(revealed_outcome(&r, guard->site) == OUTCOME_FAILURE
						    ? "on a path where %s (line %u) failed"
						    : "without checking that %s (line %u) succeeded",
					    g->callee, guard->event->loc.line);
		} else {
			continue;
		}
		const char *vars[] = { "call", name, "problem", problem, NULL };
		eval_add_finding(c, it->event->loc, it->g->function, p, guard ? &guard->event->loc : NULL,
		       guard ? "called here" : NULL, vars);
		free(problem);
	}
	revealed_release(&r);
}

static void guarded_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	const struct call_params *cp = c->compiled;
	struct revealed r;
	revealed_init(&r, p);
	int guard = -1;
	for (size_t i = 0; i < p->len; i++) {
		revealed_learn(&r, &p->items[i]);
		if (p->items[i].kind == HIST_CALL && kinds_call_listed(event_call(p->items[i].g, p->items[i].event), &cp->after))
			guard = p->items[i].site;
	}
	key_int(key, (unsigned long long)guard << 8 | revealed_outcome(&r, guard));
	revealed_release(&r);
}

static const struct kind_ops guarded_by_success_ops = {
	.relevant = guarded_relevant,
	.check_path = guarded_path,
	.summary = guarded_summary,
};

const struct kind kind_guarded_by_success = {
	.name = "guarded-by-success",
	.placeholders = (const char *const[]){ "call", "problem", NULL },
	.compile = call_params_compile,
	.release = call_params_release,
	.ops = &guarded_by_success_ops,
};

/* no-success-after-failure */

static bool after_failure_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct call_params *cp = c->compiled;
	return call_params_listed(c, g, e) || (e->kind == EVENT_CALL && kinds_call_listed(event_call(g, e), &cp->unwinds)) ||
	       (cp->new_expr && e->new_failed);
}

/* Item `it` is the NULL a C++ `new` gave, when the rule counts that. */
static bool new_failed(const struct call_params *cp, const struct hist_item *it)
{
	return cp->new_expr && it->kind == HIST_STORE && it->event && it->event->new_failed;
}

/* Whether item `i` of the path calls one of the rule's "calls" (not an unwinding call). */
static bool judged_call(const struct check *c, const struct path *p, size_t i)
{
	const struct call_params *cp = c->compiled;
	const struct hist_item *it = &p->items[i];
	return it->kind == HIST_CALL && kinds_call_listed(event_call(it->g, it->event), &cp->calls);
}

/* Whether a call of the rule's "calls" is known to have succeeded on the path. */
static bool some_judged_succeeded(const struct check *c, const struct path *p, const struct revealed *r)
{
	for (size_t i = 0; i < p->len; i++)
		if (judged_call(c, p, i) && revealed_outcome(r, p->items[i].site) == OUTCOME_SUCCESS)
			return true;
	return false;
}

static void after_failure_path(const struct check *c, const struct path *p)
{
	const struct call_params *cp = c->compiled;
	const struct hist_item *ret = eval_path_return(p);
	if (!ret || ret->outcome != OUTCOME_SUCCESS)
		return;
	struct revealed r;
	revealed_of_path(&r, p);
	if (cp->one_enough && some_judged_succeeded(c, p, &r)) {
		revealed_release(&r);
		return;
	}
	/* The last call of each name decides: a retry that succeeded is fine.
	 * The latest such call that failed and was unwound after, found walking
	 * back once (a walk forward per call made long paths cubic): the step
	 * whose failure the unwinding answers, not an earlier one the path
	 * went on after. */
	const struct hist_item *failed = NULL;
	struct strvec later = STRVEC_INIT; /* the callees judged after item i */
	bool unwinds_later = !cp->unwinds.len;
	for (size_t i = p->len; i-- > 0;) {
		const struct hist_item *it = &p->items[i];
		if (judged_call(c, p, i) || new_failed(cp, it)) {
			const char *callee = new_failed(cp, it) ? "new" : event_call(it->g, it->event)->callee;
			if (!strvec_contains(&later, callee)) {
				if (!failed && (new_failed(cp, it) || revealed_outcome(&r, it->site) == OUTCOME_FAILURE) &&
				    unwinds_later)
					failed = it;
				strvec_push(&later, callee);
			}
		}
		if (it->kind == HIST_CALL && cp->unwinds.len &&
		    kinds_call_listed(event_call(it->g, it->event), &cp->unwinds))
			unwinds_later = true;
	}
	strvec_clear(&later);
	/* With "unwinds", the success returned is a status left over from a
	 * call before the failure (`return status;` after `if (p == NULL) {
	 * IoDeleteDevice(d); ... }`): a constant, or a later call's status, may
	 * be what the driver meant. */
	if (failed && cp->unwinds.len) {
		const struct hist_item *source = NULL;
		for (size_t i = 0; i < p->len && !source && ret->site >= 0; i++)
			if (p->items[i].kind == HIST_CALL && p->items[i].site == ret->site)
				source = &p->items[i];
		if (!source || source >= failed)
			failed = NULL;
	}
	if (failed) {
		const struct cfg_call *call = failed->kind == HIST_CALL ? event_call(failed->g, failed->event) : NULL;
		char *line = kinds_line_number_text(failed->event->loc.line);
		const char *vars[] = { "call", call ? call->callee : "new", "call_line", line, NULL };
		eval_add_finding(c, eval_return_loc(ret), ret->g->function, p, &failed->event->loc, "fails here", vars);
		free(line);
	}
	revealed_release(&r);
}

/* The last call of each name, with what is known of its outcome. */
static void last_calls_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	const struct call_params *cp = c->compiled;
	struct revealed r;
	revealed_of_path(&r, p);
	/* The last judged call of each callee, found walking back once (the
	 * summary of every path node: quadratic walks made long paths cubic),
	 * then keyed in path order. */
	struct strvec seen = STRVEC_INIT;
	size_t *last = alloc_zeroed(p->len + 1, sizeof(*last));
	bool *unwound = alloc_zeroed(p->len + 1, sizeof(*unwound));
	size_t n = 0;
	bool unwinds_later = false;
	for (size_t i = p->len; i-- > 0;) {
		const struct hist_item *it = &p->items[i];
		if (new_failed(cp, it)) {
			key_int(key, 2 | unwinds_later);
			continue;
		}
		if (it->kind != HIST_CALL)
			continue;
		const struct cfg_call *call = event_call(it->g, it->event);
		unsigned flags = call_params_flags(c, call);
		bool judged = flags & CALL_JUDGED; /* an unwinding call counts only as the bit below */
		const char *callee = call->callee ? call->callee : "";
		if (judged && !strvec_contains(&seen, callee)) {
			strvec_push(&seen, callee);
			unwound[n] = cp->unwinds.len && unwinds_later;
			last[n++] = i;
		}
		if (flags & CALL_UNWINDS)
			unwinds_later = true;
	}
	/* A call whose outcome is known is keyed without its instance: which of
	 * N allocations failed last (a goto ladder's labels) changes only the
	 * line a finding names, and their paths then merge. */
	while (n-- > 0) {
		const struct hist_item *it = &p->items[last[n]];
		const char *callee = event_call(it->g, it->event)->callee;
		enum outcome known = revealed_outcome(&r, it->site);
		strbuf_adds(key, callee ? callee : "");
		key_int(key, (known == OUTCOME_UNKNOWN ? (unsigned long long)it->site << 8 : 0) | known << 1 |
				     unwound[n]);
	}
	if (cp->one_enough)
		key_int(key, some_judged_succeeded(c, p, &r));
	free(last);
	free(unwound);
	strvec_clear(&seen);
	revealed_release(&r);
}

/* An unwinding call that is not judged: what it changes is whether some
 * unwinding followed a failure, which merging paths agree on. */
static bool after_failure_guarded_release(const struct check *c, const struct cfg_call *release,
					  const struct cfg_call *acquire, const char *var)
{
	(void)acquire;
	(void)var;
	return call_params_flags(c, release) == CALL_UNWINDS;
}

static const struct kind_ops no_success_after_failure_ops = {
	.relevant = after_failure_relevant,
	.check_path = after_failure_path,
	.summary = last_calls_summary,
	.guarded_release = after_failure_guarded_release,
	.success_returns_only = true,
};

const struct kind kind_no_success_after_failure = {
	.name = "no-success-after-failure",
	.placeholders = (const char *const[]){ "call", "call_line", NULL },
	.compile = call_params_compile,
	.release = call_params_release,
	.ops = &no_success_after_failure_ops,
};

/* returns-status-of */

static bool returns_status_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct call_params *cp = c->compiled;
	return e->kind == EVENT_CALL && kinds_call_named(event_call(g, e), cp->call);
}

/* `if (s == STOR_STATUS_SUCCESS) return STATUS_SUCCESS;`: a success constant
 * returned where the path took a call's status as equal to one: the same
 * value (every *_SUCCESS constant is 0). */
static bool tested_equal_success(const struct path *p)
{
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind == HIST_REFINE && it->cond && it->cond->equals_success && it->outcome == OUTCOME_SUCCESS)
			return true;
	}
	return false;
}

static bool returns_tested_success(const struct path *p, const struct hist_item *ret)
{
	const struct cfg_value *v = ret->event ? &ret->event->value : NULL;
	return v && v->kind == VALUE_CONSTANT && v->number == 0 && tested_equal_success(p);
}

/* The last calls, and whether a test took a status as equal to success:
 * paths that differ there differ in what a constant return means. */
static void returns_status_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	last_calls_summary(c, p, key);
	key_int(key, tested_equal_success(p));
}

static void returns_status_path(const struct check *c, const struct path *p)
{
	const struct hist_item *ret = eval_path_return(p);
	const struct hist_item *call = NULL;
	bool returns_one = false; /* the return holds one of the calls' values */
	for (size_t i = 0; i < p->len; i++)
		if (p->items[i].kind == HIST_CALL) {
			call = &p->items[i];
			returns_one |= ret && ret->site == call->site;
		}
	/* Several calls (one per adapter interface type): their minimum, or
	 * one of them, is what the documentation has DriverEntry return. */
	if (!ret || !call || returns_one || returns_tested_success(p, ret))
		return;
	char *line = kinds_line_number_text(call->event->loc.line);
	const char *returned = ret->event && ret->event->value.text ? ret->event->value.text : "nothing";
	const char *vars[] = { "call", ((const struct call_params *)c->compiled)->call, "call_line", line,
			       "returned", returned, NULL };
	eval_add_finding(c, eval_return_loc(ret), ret->g->function, p, &call->event->loc, "returns this", vars);
	free(line);
}

static const struct kind_ops returns_status_of_ops = {
	.relevant = returns_status_relevant,
	.check_path = returns_status_path,
	.summary = returns_status_summary,
};

const struct kind kind_returns_status_of = {
	.name = "returns-status-of",
	.placeholders = (const char *const[]){ "call", "call_line", "returned", NULL },
	.compile = call_params_compile,
	.release = call_params_release,
	.ops = &returns_status_of_ops,
};

