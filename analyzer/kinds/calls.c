/* SPDX-License-Identifier: Apache-2.0 */
/* Rule kinds about calls, their outcomes and what DriverEntry returns:
 * require-call, guarded-by-success, no-success-after-failure,
 * returns-status-of and status-lost. Each replays a path's history in order,
 * knowing at every step what the branches so far revealed about each call's
 * outcome (struct revealed, kinds/shared.h). */
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "kinds/failing.h"
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

/* The params of the kinds of this file, compiled once per rule; each kind
 * reads the members its schema has. */
struct call_params {
	struct strvec calls;       /* "calls" */
	struct strvec after;       /* "after" */
	struct strvec since;       /* "since" */
	struct strvec unwinds;     /* "unwinds": a failure counts only when one of these follows it */
	struct strvec variants;    /* "variants": other names of "call" (versioned DDIs) */
	const char *call;          /* "call", or NULL */
	bool success_returns_only; /* "paths": "success-returns" */
	bool own_helpers;          /* "own_helpers": the driver's functions that can fail count too */
	bool new_expr;             /* "new_expr": a C++ `new` that gave NULL is a failed step too */
	bool one_enough;           /* "one_enough": a path on which one of "calls" succeeded has what
				    * they make (a driver registered with NDIS twice, the second
				    * registration optional): a failure of another is not judged */
	/* "unless_arg": calls whose argument `index` (1-based) is a constant of the
	 * given truth are not judged (PsSetCreateProcessNotifyRoutine(fn, TRUE)
	 * removes a registration: its status is ignored by design). */
	struct unless_arg {
		struct strvec calls;
		int index;
		bool truthy;
	} *unless;
	size_t nunless;
	/* "unless_fits": copies whose source (argument `index`) is a string
	 * literal that fits the destination's size (argument `count`, in units
	 * of `unit` bytes per character) cannot fail: RtlStringCchCopyA(buf,
	 * sizeof(buf), "idle") returns STATUS_SUCCESS. */
	struct unless_fits {
		struct strvec calls;
		int index, count, unit;
	} *fits;
	size_t nfits;
	/* "unless_sized", "unless_fresh_handle": exemptions from facts the
	 * path gives (kinds/surely.h). */
	struct surely surely;
};

static void *call_params_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct call_params *cp = alloc_zeroed(1, sizeof(*cp));
	kinds_names_compile(&cp->calls, cJSON_GetObjectItemCaseSensitive(params, "calls"));
	kinds_names_compile(&cp->after, cJSON_GetObjectItemCaseSensitive(params, "after"));
	kinds_names_compile(&cp->since, cJSON_GetObjectItemCaseSensitive(params, "since"));
	kinds_names_compile(&cp->unwinds, cJSON_GetObjectItemCaseSensitive(params, "unwinds"));
	kinds_names_compile(&cp->variants, cJSON_GetObjectItemCaseSensitive(params, "variants"));
	cp->call = kinds_param_string(params, "call");
	const char *paths = kinds_param_string(params, "paths");
	cp->success_returns_only = paths && !strcmp(paths, "success-returns");
	cp->own_helpers = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "own_helpers"));
	cp->one_enough = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "one_enough"));
	cp->new_expr = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "new_expr"));
	const cJSON *unless = cJSON_GetObjectItemCaseSensitive(params, "unless_arg"), *u;
	cp->unless = alloc_zeroed((size_t)cJSON_GetArraySize(unless) + 1, sizeof(*cp->unless));
	cJSON_ArrayForEach(u, unless) {
		struct unless_arg *x = &cp->unless[cp->nunless++];
		kinds_names_compile(&x->calls, cJSON_GetObjectItemCaseSensitive(u, "calls"));
		x->index = kinds_param_int(u, "index", 0);
		x->truthy = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(u, "truthy"));
	}
	const cJSON *fits = cJSON_GetObjectItemCaseSensitive(params, "unless_fits");
	cp->fits = alloc_zeroed((size_t)cJSON_GetArraySize(fits) + 1, sizeof(*cp->fits));
	cJSON_ArrayForEach(u, fits) {
		struct unless_fits *x = &cp->fits[cp->nfits++];
		kinds_names_compile(&x->calls, cJSON_GetObjectItemCaseSensitive(u, "calls"));
		x->index = kinds_param_int(u, "index", 0);
		x->count = kinds_param_int(u, "count", 0);
		x->unit = kinds_param_int(u, "unit", 1);
	}
	kinds_surely_compile(&cp->surely, params);
	return cp;
}

static void call_params_release(void *compiled)
{
	struct call_params *cp = compiled;
	strvec_clear(&cp->calls);
	strvec_clear(&cp->after);
	strvec_clear(&cp->since);
	strvec_clear(&cp->unwinds);
	strvec_clear(&cp->variants);
	for (size_t i = 0; i < cp->nunless; i++)
		strvec_clear(&cp->unless[i].calls);
	free(cp->unless);
	for (size_t i = 0; i < cp->nfits; i++)
		strvec_clear(&cp->fits[i].calls);
	free(cp->fits);
	kinds_surely_release(&cp->surely);
	free(cp);
}

/* Whether the call cannot fail with its arguments (facts/nofail.h, what
 * every rule's exploration knows), or an "unless_arg" or "unless_fits"
 * entry exempts it. */
static bool exempted(const struct call_params *cp, const struct cfg_call *call)
{
	if (facts_call_cannot_fail(call))
		return true;
	for (size_t i = 0; i < cp->nfits; i++) {
		const struct unless_fits *x = &cp->fits[i];
		if (!kinds_call_listed(call, &x->calls) || x->index < 1 || (size_t)x->index > call->nargs ||
		    x->count < 1 || (size_t)x->count > call->nargs)
			continue;
		const struct cfg_value *src = &call->args[x->index - 1], *count = &call->args[x->count - 1];
		long n = src->kind == VALUE_STRING ? facts_literal_chars(src->text) : -1;
		if (n >= 0 && count->kind == VALUE_CONSTANT && (n + 1) * (long long)x->unit <= count->number)
			return true;
	}
	for (size_t i = 0; i < cp->nunless; i++) {
		const struct unless_arg *x = &cp->unless[i];
		if (!kinds_call_listed(call, &x->calls) || x->index < 1 || (size_t)x->index > call->nargs)
			continue;
		const struct cfg_value *v = &call->args[x->index - 1];
		if (v->kind == VALUE_CONSTANT && (v->number != 0) == x->truthy)
			return true;
	}
	return false;
}

static bool calls_listed(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct call_params *cp = c->compiled;
	return e->kind == EVENT_CALL && kinds_call_listed(event_call(g, e), &cp->calls) &&
	       !exempted(cp, event_call(g, e));
}

/* require-call */

static bool require_call_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct call_params *cp = c->compiled;
	const struct cfg_call *call = event_call(g, e);
	return calls_listed(c, g, e) || (call && kinds_call_listed(call, &cp->since));
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
	return calls_listed(c, g, e) || (e->kind == EVENT_CALL && kinds_call_listed(event_call(g, e), &cp->unwinds)) ||
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
	 * The first such call that failed and was unwound after, found walking
	 * back once (a walk forward per call made long paths cubic). */
	const struct hist_item *failed = NULL;
	struct strvec later = STRVEC_INIT; /* the callees judged after item i */
	bool unwinds_later = !cp->unwinds.len;
	for (size_t i = p->len; i-- > 0;) {
		const struct hist_item *it = &p->items[i];
		if (judged_call(c, p, i) || new_failed(cp, it)) {
			const char *callee = new_failed(cp, it) ? "new" : event_call(it->g, it->event)->callee;
			if (!strvec_contains(&later, callee)) {
				if ((new_failed(cp, it) || revealed_outcome(&r, it->site) == OUTCOME_FAILURE) &&
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
/* What a call is to these kinds, worked out once per call (summaries
 * replay every call of a path at each of its nodes). */
enum { CALL_JUDGED = 1, CALL_UNWINDS = 2, CALL_CONTEXT = 4 };

static unsigned call_flags(const struct check *c, const struct cfg_call *call)
{
	const struct call_params *cp = c->compiled;
	void **slot = ptrmap_slot(c->memo, call); /* the memo frees what it holds */
	if (!*slot) {
		unsigned *flags = alloc_bytes(sizeof(*flags));
		*flags = (kinds_call_listed(call, &cp->calls) ? CALL_JUDGED : 0) |
			 (cp->unwinds.len && kinds_call_listed(call, &cp->unwinds) ? CALL_UNWINDS : 0);
		if (!(*flags & CALL_JUDGED) && kinds_surely_creator(&cp->surely, call))
			*flags |= CALL_CONTEXT;
		*slot = flags;
	}
	return *(unsigned *)*slot;
}

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
		unsigned flags = call_flags(c, call);
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
	return call_flags(c, release) == CALL_UNWINDS;
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

/* status-lost */

/* A listed call the rule judges (not exempted). */
static bool call_must_check(const struct check *c, const struct cfg_call *call)
{
	const struct call_params *cp = c->compiled;
	return kinds_call_listed(call, &cp->calls) && !exempted(cp, call);
}

static bool lost_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct call_params *cp = c->compiled;
	return calls_listed(c, g, e) || kinds_surely_relevant(&cp->surely, g, e) ||
	       (cp->own_helpers && e->kind == EVENT_CALL && failing_helper_can_fail(c, g, event_call(g, e), call_must_check));
}

/* A call of the driver's own that can fail, not one of the listed calls nor
 * a creator recorded for "unless_fresh_handle". */
static bool own_helper(const struct check *c, const struct cfg_call *call)
{
	return !(call_flags(c, call) & (CALL_JUDGED | CALL_CONTEXT));
}

/* A creator recorded only for what it tells of a later call. */
static bool context_call(const struct check *c, const struct cfg_call *call)
{
	return call_flags(c, call) & CALL_CONTEXT;
}

/* What became of each call's status after the call, in one pass over the
 * path (a path holds each site's call once): examined, and the first
 * overwrite before that. */
struct status_fate {
	bool examined, settled;
	bool context;              /* (summaries) the site is a creator's */
	const struct hist_item *lost;
};

static struct status_fate *status_fates(const struct path *p)
{
	int max = -1;
	for (size_t i = 0; i < p->len; i++)
		if (p->items[i].site > max)
			max = p->items[i].site;
	struct status_fate *fate = alloc_zeroed((size_t)max + 2, sizeof(*fate));
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->site < 0)
			continue;
		struct status_fate *f = &fate[it->site];
		if (it->kind == HIST_CALL) {
			*f = (struct status_fate){ 0 }; /* only what follows the call counts */
			continue;
		}
		if (it->kind == HIST_EXAMINED || it->kind == HIST_REFINE || it->kind == HIST_RETURN)
			f->examined = true;
		if (it->kind == HIST_LOST && !f->examined && !f->lost)
			f->lost = it;
		if (it->kind == HIST_EXAMINED || it->kind == HIST_REFINE || it->kind == HIST_LOST)
			f->settled = true;
	}
	return fate;
}

/* Whether `g` prints the status `call` kept in its variable, after the call
 * (`DbgPrintEx(..., "%x", status)`): a status printed and then dropped by a
 * routine that cannot hand it on (a void helper's best-effort send) was
 * looked at; only one overwritten while the routine goes on is lost. */
static bool printed_after(const struct cfg *g, const struct cfg_call *call)
{
	for (size_t k = 0; k < g->ncalls; k++) {
		const struct cfg_call *other = &g->calls[k];
		if (other->loc.line < call->loc.line)
			continue;
		for (size_t a = 0; a < other->nargs; a++)
			if (other->args[a].kind == VALUE_PLACE && other->args[a].place.root &&
			    !strcmp(other->args[a].place.root, call->result.root) && cfg_arg_formatted(other, a))
				return true;
	}
	return false;
}

static bool returns_nothing(const struct cfg *g)
{
	return g->canonical_return_type && !strcmp(g->canonical_return_type, "void");
}

static void lost_path(const struct check *c, const struct path *p)
{
	const struct call_params *cp = c->compiled;
	const struct hist_item *ret = eval_path_return(p);
	struct status_fate *fate = status_fates(p);
	struct revealed r;
	revealed_init(&r, p);
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		revealed_learn(&r, it);
		if (it->kind != HIST_CALL)
			continue;
		const struct cfg_call *call = event_call(it->g, it->event);
		if (context_call(c, call))
			continue;
		/* A copy the path sized for its source, a reference to a handle
		 * just created: the call cannot fail here. */
		if (!own_helper(c, call) && kinds_surely_succeeds(&cp->surely, p, i, &r))
			continue;
		char *how = NULL;
		const struct cfg_loc *related = NULL;
		/* A helper's status lost on a path that returns failure anyway
		 * (a stop helper in a failure branch) changes nothing the caller
		 * of DriverEntry sees: only a path that may report success is
		 * judged. */
		if (own_helper(c, call) && (!ret || ret->outcome == OUTCOME_FAILURE))
			continue;
		if (!call->result_used) {
			/* `(void)f(...)` says the status is ignored on purpose (C6031
			 * is silent there too): a choice, not a status lost; so does
			 * a helper's discarded once per item of a loop, or by a
			 * routine of DriverEntry's that returns nothing (a best-effort
			 * step whose author chose not to report its failure). */
			if (!call->cast_to_void && !(own_helper(c, call) && kinds_per_item_call(it->g, it->event, call)) &&
			    !(own_helper(c, call) && it->frame > 0 && returns_nothing(it->g)))
				how = alloc_strdup("discarded");
		} else {
			bool examined = it->site >= 0 && fate[it->site].examined;
			const struct hist_item *lost = it->site >= 0 ? fate[it->site].lost : NULL;
			if (lost && own_helper(c, call) &&
			    (lost->g != it->g || !call->result.root ||
			     cfg_quietly_read_between(it->g, call->result.root, &it->event->loc, &lost->event->loc))) {
				/* A helper's status kept in a variable may be examined by an
				 * assertion (ASSERT(NT_SUCCESS(status))) that the free build
				 * compiles away, or in a block only another build compiles
				 * (#if DBG): no claim. Nor when another function overwrites it. */
			} else if (lost) {
				how = alloc_printf("overwritten at line %u before it is examined", lost->event->loc.line);
				related = &lost->event->loc;
			} else if (!examined && ret && ret->outcome != OUTCOME_FAILURE && call->result.root &&
				   !printed_after(it->g, call)) {
				/* (Used, but in no variable we follow, e.g. an assignment whose
				 * operator a macro body hides from libclang before 17: no claim.) */
				how = alloc_printf("never examined before %s returns", c->entry->function);
				related = ret->event ? &ret->event->loc : NULL;
			}
		}
		if (how) {
			char *line = kinds_line_number_text(it->event->loc.line);
			const char *vars[] = { "call", call->callee, "call_line", line, "how", how, NULL };
			eval_add_finding(c, it->event->loc, it->g->function, p, related, related ? "here" : NULL, vars);
			free(line);
			free(how);
		}
	}
	revealed_release(&r);
	free(fate);
}

static void lost_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	struct status_fate *fate = status_fates(p);
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		/* What "unless_sized" and "unless_fresh_handle" read: the stores
		 * of a MaximumLength, a creator and how its test went. */
		if (it->kind == HIST_STORE) {
			key_ptr(key, it->event);
			continue;
		}
		if (it->kind == HIST_REFINE && it->site >= 0 && fate[it->site].context) {
			key_int(key, (unsigned long long)it->site << 2 | it->outcome);
			continue;
		}
		if (it->kind != HIST_CALL)
			continue;
		const struct cfg_call *call = event_call(it->g, it->event);
		if (context_call(c, call)) {
			if (it->site >= 0)
				fate[it->site].context = true;
			key_int(key, (unsigned long long)it->site);
			continue;
		}
		/* A helper's status lost so far is judged at the return: the
		 * path must not merge with one that kept it. */
		bool held = own_helper(c, call) && !call->result_used;
		if (!call->result_used && !held)
			continue;
		if (held || it->site < 0 || !fate[it->site].settled)
			key_int(key, it->site);
	}
	free(fate);
}

static const struct kind_ops status_lost_ops = {
	.relevant = lost_relevant,
	.helper_status_own = true,
	.printing_examines_nothing = true,
	.check_path = lost_path,
	.summary = lost_summary,
};

const struct kind kind_status_lost = {
	.name = "status-lost",
	.placeholders = (const char *const[]){ "call", "call_line", "how", NULL },
	.compile = call_params_compile,
	.release = call_params_release,
	.ops = &status_lost_ops,
};

