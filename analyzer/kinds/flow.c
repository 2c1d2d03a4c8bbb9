/* Rule kinds about calls, their outcomes and what DriverEntry returns:
 * require-call, guarded-by-success, no-success-after-failure,
 * returns-status-of, status-lost, cleanup-on-failure and order. Each replays
 * a path's history in order, knowing at every step what the branches so far
 * revealed about each call's outcome. */
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "kinds/shared.h"
#include "facts/entry.h"
#include "base/problems.h"
#include "facts/program.h"
#include "rules/rules.h"
#include "base/util.h"

struct replay {
	enum outcome *known;       /* by site */
	size_t nsites;
};

static void replay_init(struct replay *r, const struct path *p)
{
	int max = -1;
	for (size_t i = 0; i < p->len; i++)
		if (p->items[i].site > max)
			max = p->items[i].site;
	r->nsites = (size_t)(max + 1);
	r->known = xcalloc(r->nsites + 1, sizeof(*r->known));
}

static void replay_apply(struct replay *r, const struct hist_item *it)
{
	if (it->kind == HIST_REFINE && it->site >= 0)
		r->known[it->site] = it->outcome;
}

static enum outcome known(const struct replay *r, int site)
{
	return site >= 0 && (size_t)site < r->nsites ? r->known[site] : OUTCOME_UNKNOWN;
}

static void replay_release(struct replay *r)
{
	free(r->known);
}

static bool relevant_calls(const struct check *c, const struct cfg *g, const struct cfg_event *e,
			   const char *key)
{
	return e->kind == EVENT_CALL && call_in(event_call(g, e), cJSON_GetObjectItemCaseSensitive(c->params, key));
}

static char *line_text(unsigned line)
{
	return xasprintf("%u", line);
}

/* require-call */

static bool require_call_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	return relevant_calls(c, g, e, "calls");
}

static void require_call_path(const struct check *c, const struct path *p)
{
	const struct hist_item *ret = path_return(p);
	const char *paths = param_string(c->params, "paths");
	if (!ret || (paths && !strcmp(paths, "success-returns") && ret->outcome == OUTCOME_FAILURE))
		return;
	for (size_t i = 0; i < p->len; i++)
		if (p->items[i].kind == HIST_CALL)
			return;
	if (path_hidden_by_opaque(c, p))
		return;
	char *calls = names_joined(cJSON_GetObjectItemCaseSensitive(c->params, "calls"), " or ");
	const char *vars[] = { "calls", calls, NULL };
	report(c, return_loc(ret), ret->g->function, p, NULL, NULL, vars);
	free(calls);
}

static void require_call_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	bool call = false, opaque = false;
	for (size_t i = 0; i < p->len; i++) {
		call |= p->items[i].kind == HIST_CALL;
		opaque |= p->items[i].kind == HIST_OPAQUE;
	}
	strbuf_addf(key, "%d%d", call, opaque);
	(void)c;
}

static const struct kind_ops require_call_ops = {
	.relevant = require_call_relevant,
	.check_path = require_call_path,
	.summary = require_call_summary,
};

const struct kind kind_require_call = {
	.name = "require-call",
	.placeholders = (const char *const[]){ "calls", NULL },
	.ops = &require_call_ops,
};

/* guarded-by-success */

static bool guarded_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct cfg_call *call = event_call(g, e);
	return call && (call_named(call, param_string(c->params, "call")) ||
			call_in(call, cJSON_GetObjectItemCaseSensitive(c->params, "after")));
}

static void guarded_path(const struct check *c, const struct path *p)
{
	const char *name = param_string(c->params, "call");
	const cJSON *after = cJSON_GetObjectItemCaseSensitive(c->params, "after");
	struct replay r;
	replay_init(&r, p);
	const struct hist_item *guard = NULL;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		replay_apply(&r, it);
		if (it->kind != HIST_CALL)
			continue;
		const struct cfg_call *call = event_call(it->g, it->event);
		if (call_in(call, after)) {
			guard = it;
			continue;
		}
		if (!call_named(call, name))
			continue;
		char *problem;
		if (!guard && span_hidden_by_opaque(c, p, 0, i, NULL))
			continue; /* an invisible call before it could have registered */
		if (!guard) {
			char *names = names_joined(after, " or ");
			problem = xasprintf("before %s", names);
			free(names);
		} else if (known(&r, guard->site) != OUTCOME_SUCCESS) {
			const struct cfg_call *g = event_call(guard->g, guard->event);
			problem = xasprintf(known(&r, guard->site) == OUTCOME_FAILURE
						    ? "on a path where %s (line %u) failed"
						    : "without checking that %s (line %u) succeeded",
					    g->callee, guard->event->loc.line);
		} else {
			continue;
		}
		const char *vars[] = { "call", name, "problem", problem, NULL };
		report(c, it->event->loc, it->g->function, p, guard ? &guard->event->loc : NULL,
		       guard ? "called here" : NULL, vars);
		free(problem);
	}
	replay_release(&r);
}

static void guarded_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	const cJSON *after = cJSON_GetObjectItemCaseSensitive(c->params, "after");
	struct replay r;
	replay_init(&r, p);
	int guard = -1;
	for (size_t i = 0; i < p->len; i++) {
		replay_apply(&r, &p->items[i]);
		if (p->items[i].kind == HIST_CALL && call_in(event_call(p->items[i].g, p->items[i].event), after))
			guard = p->items[i].site;
	}
	strbuf_addf(key, "%d:%d", guard, known(&r, guard));
	replay_release(&r);
}

static const struct kind_ops guarded_by_success_ops = {
	.relevant = guarded_relevant,
	.check_path = guarded_path,
	.summary = guarded_summary,
};

const struct kind kind_guarded_by_success = {
	.name = "guarded-by-success",
	.placeholders = (const char *const[]){ "call", "problem", NULL },
	.ops = &guarded_by_success_ops,
};

/* no-success-after-failure */

static bool nsaf_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	return relevant_calls(c, g, e, "calls");
}

static void nsaf_path(const struct check *c, const struct path *p)
{
	const struct hist_item *ret = path_return(p);
	if (!ret || ret->outcome != OUTCOME_SUCCESS)
		return;
	struct replay r;
	replay_init(&r, p);
	for (size_t i = 0; i < p->len; i++)
		replay_apply(&r, &p->items[i]);
	/* The last call of each name decides: a retry that succeeded is fine. */
	const struct hist_item *failed = NULL;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind != HIST_CALL)
			continue;
		const char *callee = event_call(it->g, it->event)->callee;
		bool later_same = false;
		for (size_t j = i + 1; j < p->len; j++)
			later_same |= p->items[j].kind == HIST_CALL &&
				      !strcmp(event_call(p->items[j].g, p->items[j].event)->callee, callee);
		if (!later_same && known(&r, it->site) == OUTCOME_FAILURE) {
			failed = it;
			break;
		}
	}
	if (failed) {
		const struct cfg_call *call = event_call(failed->g, failed->event);
		char *line = line_text(failed->event->loc.line);
		const char *vars[] = { "call", call->callee, "call_line", line, NULL };
		report(c, return_loc(ret), ret->g->function, p, &failed->event->loc, "fails here", vars);
		free(line);
	}
	replay_release(&r);
}

/* The last call of each name, with what is known of its outcome. */
static void last_calls_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	struct replay r;
	replay_init(&r, p);
	for (size_t i = 0; i < p->len; i++)
		replay_apply(&r, &p->items[i]);
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind != HIST_CALL)
			continue;
		const char *callee = event_call(it->g, it->event)->callee;
		bool later_same = false;
		for (size_t j = i + 1; j < p->len; j++)
			later_same |= p->items[j].kind == HIST_CALL &&
				      !strcmp(event_call(p->items[j].g, p->items[j].event)->callee, callee);
		if (!later_same)
			strbuf_addf(key, "%s:%d:%d;", callee, it->site, known(&r, it->site));
	}
	replay_release(&r);
	(void)c;
}

static const struct kind_ops no_success_after_failure_ops = {
	.relevant = nsaf_relevant,
	.check_path = nsaf_path,
	.summary = last_calls_summary,
};

const struct kind kind_no_success_after_failure = {
	.name = "no-success-after-failure",
	.placeholders = (const char *const[]){ "call", "call_line", NULL },
	.ops = &no_success_after_failure_ops,
};

/* returns-status-of */

static bool rso_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	return e->kind == EVENT_CALL && call_named(event_call(g, e), param_string(c->params, "call"));
}

static void rso_path(const struct check *c, const struct path *p)
{
	const struct hist_item *ret = path_return(p);
	const struct hist_item *call = NULL;
	for (size_t i = 0; i < p->len; i++)
		if (p->items[i].kind == HIST_CALL)
			call = &p->items[i];
	if (!ret || !call || ret->site == call->site)
		return;
	char *line = line_text(call->event->loc.line);
	const char *returned = ret->event && ret->event->value.text ? ret->event->value.text : "nothing";
	const char *vars[] = { "call", param_string(c->params, "call"), "call_line", line,
			       "returned", returned, NULL };
	report(c, return_loc(ret), ret->g->function, p, &call->event->loc, "returns this", vars);
	free(line);
}

static const struct kind_ops returns_status_of_ops = {
	.relevant = rso_relevant,
	.check_path = rso_path,
	.summary = last_calls_summary,
};

const struct kind kind_returns_status_of = {
	.name = "returns-status-of",
	.placeholders = (const char *const[]){ "call", "call_line", "returned", NULL },
	.ops = &returns_status_of_ops,
};

/* status-lost */

static bool lost_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	return relevant_calls(c, g, e, "calls");
}

static void lost_path(const struct check *c, const struct path *p)
{
	const struct hist_item *ret = path_return(p);
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind != HIST_CALL)
			continue;
		const struct cfg_call *call = event_call(it->g, it->event);
		char *how = NULL;
		const struct cfg_loc *related = NULL;
		if (!call->result_used) {
			how = xstrdup("discarded");
		} else {
			bool examined = false;
			const struct hist_item *lost = NULL;
			for (size_t j = i + 1; j < p->len; j++) {
				const struct hist_item *later = &p->items[j];
				if (later->site != it->site)
					continue;
				if (later->kind == HIST_EXAMINED || later->kind == HIST_REFINE ||
				    (later->kind == HIST_RETURN && later->site == it->site))
					examined = true;
				if (later->kind == HIST_LOST && !examined && !lost)
					lost = later;
			}
			if (lost) {
				how = xasprintf("overwritten at line %u before it is examined", lost->event->loc.line);
				related = &lost->event->loc;
			} else if (!examined && ret && ret->outcome != OUTCOME_FAILURE) {
				how = xasprintf("never examined before %s returns", c->entry->function);
				related = ret->event ? &ret->event->loc : NULL;
			}
		}
		if (how) {
			char *line = line_text(it->event->loc.line);
			const char *vars[] = { "call", call->callee, "call_line", line, "how", how, NULL };
			report(c, it->event->loc, it->g->function, p, related, related ? "here" : NULL, vars);
			free(line);
			free(how);
		}
	}
}

static void lost_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind != HIST_CALL || !event_call(it->g, it->event)->result_used)
			continue;
		bool settled = false;
		for (size_t j = i + 1; j < p->len && !settled; j++)
			settled = p->items[j].site == it->site &&
				  (p->items[j].kind == HIST_EXAMINED || p->items[j].kind == HIST_REFINE ||
				   p->items[j].kind == HIST_LOST);
		if (!settled)
			strbuf_addf(key, "%d;", it->site);
	}
	(void)c;
}

static const struct kind_ops status_lost_ops = {
	.relevant = lost_relevant,
	.check_path = lost_path,
	.summary = lost_summary,
};

const struct kind kind_status_lost = {
	.name = "status-lost",
	.placeholders = (const char *const[]){ "call", "call_line", "how", NULL },
	.ops = &status_lost_ops,
};

/* cleanup-on-failure */

static bool arg_truthy(const struct cfg_call *call, const cJSON *spec, bool *matches)
{
	/* spec: {"index": N, "truthy": bool}; an argument we cannot evaluate matches neither. */
	if (!spec) {
		*matches = true;
		return true;
	}
	int index = param_int(spec, "index", 0);
	bool want = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(spec, "truthy"));
	if (index < 1 || (size_t)index > call->nargs || call->args[index - 1].kind != VALUE_CONSTANT) {
		*matches = false;
		return false;
	}
	*matches = (call->args[index - 1].number != 0) == want;
	return true;
}

struct held {
	const cJSON *pair;
	const struct hist_item *acquire;
	bool released;
};

static bool is_destructor(const struct cfg_call *call)
{
	return call && call->callee && call->callee[0] == '~';
}

/* Whether the function `name` (seen from DriverEntry's file) or a helper it
 * calls, transitively, calls one of `names`: what a destructor may release. */
static bool may_call(const struct check *c, const char *name, const cJSON *names, int depth)
{
	size_t unit, index;
	if (depth > 4 || !program_resolve(c->prog, name, c->entry->unit, &unit, &index))
		return false;
	const struct function_facts *f = program_function(c->prog, unit, index);
	for (size_t i = 0; i < f->callees.len; i++)
		if (string_in(f->callees.items[i], names) || may_call(c, f->callees.items[i], names, depth + 1))
			return true;
	return false;
}

static bool cleanup_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct cfg_call *call = event_call(g, e);
	if (!call)
		return false;
	if (is_destructor(call))
		return true;
	if (call_in(call, cJSON_GetObjectItemCaseSensitive(c->params, "trigger")))
		return true;
	const cJSON *pair;
	cJSON_ArrayForEach(pair, cJSON_GetObjectItemCaseSensitive(c->params, "pairs"))
		if (call_in(call, cJSON_GetObjectItemCaseSensitive(pair, "acquire")) ||
		    call_in(call, cJSON_GetObjectItemCaseSensitive(pair, "release")))
			return true;
	return false;
}

/* Replays the acquisitions and releases of a path: what is held (not
 * released, and not known to have failed) and the last failed trigger. */
static size_t cleanup_replay(const struct check *c, const struct path *p, struct replay *r,
			     struct held *held, const struct hist_item **failed_trigger)
{
	const cJSON *trigger = cJSON_GetObjectItemCaseSensitive(c->params, "trigger");
	const cJSON *pairs = cJSON_GetObjectItemCaseSensitive(c->params, "pairs");
	size_t nheld = 0;
	*failed_trigger = NULL;
	for (size_t i = 0; i < p->len; i++)
		replay_apply(r, &p->items[i]);
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind != HIST_CALL)
			continue;
		const struct cfg_call *call = event_call(it->g, it->event);
		if (trigger && call_in(call, trigger) && known(r, it->site) == OUTCOME_FAILURE)
			*failed_trigger = it;
		const cJSON *pair;
		cJSON_ArrayForEach(pair, pairs) {
			bool matches;
			/* An RAII guard going out of scope releases what its destructor may release. */
			if (is_destructor(call) && may_call(c, call->callee, cJSON_GetObjectItemCaseSensitive(pair, "release"), 0)) {
				for (size_t h = 0; h < nheld; h++)
					if (held[h].pair == pair)
						held[h].released = true;
				continue;
			}
			if (call_in(call, cJSON_GetObjectItemCaseSensitive(pair, "release"))) {
				arg_truthy(call, cJSON_GetObjectItemCaseSensitive(pair, "release_arg"), &matches);
				if (matches) {
					for (size_t h = 0; h < nheld; h++)
						if (held[h].pair == pair)
							held[h].released = true;
					continue;
				}
			}
			if (call_in(call, cJSON_GetObjectItemCaseSensitive(pair, "acquire"))) {
				arg_truthy(call, cJSON_GetObjectItemCaseSensitive(pair, "acquire_arg"), &matches);
				const char *success = param_string(pair, "success");
				bool failed = success && strcmp(success, "always") &&
					      known(r, it->site) == OUTCOME_FAILURE;
				if (matches && !failed)
					held[nheld++] = (struct held){ pair, it, false };
			}
		}
	}
	return nheld;
}

/* What a later failure return reports depends, per pair, on the first
 * acquisition still held, and on which held acquisitions a later branch may
 * yet reveal as failed; program points, not call instances, so that a helper
 * inlined forty times does not multiply the states. */
static void cleanup_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	struct replay r;
	replay_init(&r, p);
	struct held *held = xcalloc(p->len + 1, sizeof(*held));
	const struct hist_item *failed_trigger;
	size_t nheld = cleanup_replay(c, p, &r, held, &failed_trigger);
	for (size_t h = 0; h < nheld; h++) {
		if (held[h].released)
			continue;
		bool first = true;
		for (size_t k = 0; k < h; k++)
			first &= held[k].pair != held[h].pair || held[k].released;
		bool pending = known(&r, held[h].acquire->site) == OUTCOME_UNKNOWN;
		if (first || pending)
			strbuf_addf(key, "%p:%p:%d;", (const void *)held[h].pair,
				    (const void *)held[h].acquire->event, pending ? held[h].acquire->site : -1);
	}
	const cJSON *trigger = cJSON_GetObjectItemCaseSensitive(c->params, "trigger");
	for (size_t i = 0; trigger && i < p->len; i++)
		if (p->items[i].kind == HIST_CALL && call_in(event_call(p->items[i].g, p->items[i].event), trigger))
			strbuf_addf(key, "t%d:%d;", p->items[i].site, known(&r, p->items[i].site));
	strbuf_addf(key, "f%d", failed_trigger != NULL);
	free(held);
	replay_release(&r);
}

static void cleanup_path(const struct check *c, const struct path *p)
{
	const struct hist_item *ret = path_return(p);
	if (!ret || ret->outcome != OUTCOME_FAILURE)
		return;
	const cJSON *trigger = cJSON_GetObjectItemCaseSensitive(c->params, "trigger");
	struct replay r;
	replay_init(&r, p);
	struct held *held = xcalloc(p->len + 1, sizeof(*held));
	const struct hist_item *failed_trigger;
	size_t nheld = cleanup_replay(c, p, &r, held, &failed_trigger);
	if (!trigger || failed_trigger) {
		for (size_t h = 0; h < nheld; h++) {
			/* An invisible call after the acquisition could have released it. */
			if (held[h].released ||
			    span_hidden_by_opaque(c, p, (size_t)(held[h].acquire - p->items) + 1, p->len, NULL))
				continue;
			bool duplicate = false;
			for (size_t k = 0; k < h; k++)
				duplicate |= held[k].pair == held[h].pair && !held[k].released;
			char *release = names_joined(cJSON_GetObjectItemCaseSensitive(held[h].pair, "release"), " or ");
			/* One finding per return and pair, whichever acquisition another path held first. */
			struct cfg_loc at = return_loc(ret);
			for (size_t k = 0; k < c->out->len && !duplicate; k++) {
				const struct finding *f = &c->out->items[k];
				duplicate = f->rule == c->rule && f->line == at.line && f->column == at.column &&
					    !strcmp(f->file, at.file) && strstr(f->message, release);
			}
			if (duplicate) {
				free(release);
				continue;
			}
			const struct cfg_call *acq = event_call(held[h].acquire->g, held[h].acquire->event);
			char *acquire_line = line_text(held[h].acquire->event->loc.line);
			char *trigger_line = failed_trigger ? line_text(failed_trigger->event->loc.line) : xstrdup("");
			const char *trigger_name = failed_trigger ? event_call(failed_trigger->g, failed_trigger->event)->callee : "";
			const char *vars[] = { "acquire", acq->callee ? acq->callee : acq->macro,
					       "acquire_line", acquire_line, "release", release,
					       "trigger", trigger_name, "trigger_line", trigger_line, NULL };
			report(c, return_loc(ret), ret->g->function, p, &held[h].acquire->event->loc,
			       "acquired here", vars);
			free(trigger_line);
			free(acquire_line);
			free(release);
		}
	}
	free(held);
	replay_release(&r);
}

static const struct kind_ops cleanup_on_failure_ops = {
	.relevant = cleanup_relevant,
	.check_path = cleanup_path,
	.summary = cleanup_summary,
};

const struct kind kind_cleanup_on_failure = {
	.name = "cleanup-on-failure",
	.placeholders = (const char *const[]){ "acquire", "acquire_line", "release", "trigger", "trigger_line", NULL },
	.ops = &cleanup_on_failure_ops,
};

/* order */

static const char *const dispatch_fields[] = { "MajorFunction", "DriverUnload", "AddDevice", "DriverStartIo" };

static bool is_dispatch_store(const struct cfg_event *e)
{
	for (size_t i = 0; i < sizeof(dispatch_fields) / sizeof(*dispatch_fields); i++)
		if (e->target.field && !strcmp(e->target.field, dispatch_fields[i]))
			return true;
	return false;
}

static bool order_then(const struct check *c, const struct cfg_event *e)
{
	if (e->kind != EVENT_STORE && e->kind != EVENT_ASSIGN)
		return false;
	const char *then = param_string(c->params, "then");
	if (then && !strcmp(then, "global-store"))
		return e->target.root_is_global;
	return is_dispatch_store(e);
}

static bool order_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	return relevant_calls(c, g, e, "first") || order_then(c, e);
}

static void order_path(const struct check *c, const struct path *p)
{
	const char *mode = param_string(c->params, "mode");
	bool after = mode && !strcmp(mode, "after");
	bool only_if_succeeded = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c->params, "only_if_succeeded"));
	struct replay r;
	replay_init(&r, p);
	const struct hist_item *first = NULL;
	const struct hist_item **pending = xcalloc(p->len + 1, sizeof(*pending));
	size_t npending = 0;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		replay_apply(&r, it);
		if (it->kind == HIST_CALL) {
			if (!first)
				first = it;
			if (!after) {
				for (size_t k = 0; k < npending; k++) {
					char *line = line_text(it->event->loc.line);
					const char *name = event_call(it->g, it->event)->callee;
					const char *vars[] = { "target", pending[k]->event->target.path, "call", name,
							       "call_line", line, NULL };
					report(c, pending[k]->event->loc, pending[k]->g->function, p, &it->event->loc,
					       "called here", vars);
					free(line);
				}
				npending = 0;
			}
			continue;
		}
		if (it->kind != HIST_STORE || !order_then(c, it->event))
			continue;
		if (!after) {
			if (!first)
				pending[npending++] = it;
			continue;
		}
		if (!first || (only_if_succeeded && known(&r, first->site) == OUTCOME_FAILURE))
			continue;
		char *line = line_text(first->event->loc.line);
		const char *vars[] = { "target", it->event->target.path, "call",
				       event_call(first->g, first->event)->callee, "call_line", line, NULL };
		report(c, it->event->loc, it->g->function, p, &first->event->loc, "called here", vars);
		free(line);
	}
	free(pending);
	replay_release(&r);
}

static void order_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	struct replay r;
	replay_init(&r, p);
	const struct hist_item *first = NULL;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		replay_apply(&r, it);
		if (it->kind == HIST_CALL && !first)
			first = it;
		else if (it->kind == HIST_STORE && !first && order_then(c, it->event))
			strbuf_addf(key, "s%p;", (const void *)it->event); /* pending, for mode before */
	}
	if (first)
		strbuf_addf(key, "f%d:%d", first->site, known(&r, first->site));
	replay_release(&r);
}

static const struct kind_ops order_ops = {
	.relevant = order_relevant,
	.check_path = order_path,
	.summary = order_summary,
};

const struct kind kind_order = {
	.name = "order",
	.placeholders = (const char *const[]){ "target", "call", "call_line", NULL },
	.ops = &order_ops,
};
