/* The cleanup-on-failure kind: what was acquired must be released on the
 * paths that return failure, or after a trigger call failed. */
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "kinds/shared.h"
#include "facts/entry.h"
#include "base/problems.h"
#include "facts/program.h"
#include "rules/rules.h"
#include "base/util.h"

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
		if (trigger && call_in(call, trigger) && replay_known(r, it->site) == OUTCOME_FAILURE)
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
					      replay_known(r, it->site) == OUTCOME_FAILURE;
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
		bool pending = replay_known(&r, held[h].acquire->site) == OUTCOME_UNKNOWN;
		if (first || pending)
			strbuf_addf(key, "%p:%p:%d;", (const void *)held[h].pair,
				    (const void *)held[h].acquire->event, pending ? held[h].acquire->site : -1);
	}
	const cJSON *trigger = cJSON_GetObjectItemCaseSensitive(c->params, "trigger");
	for (size_t i = 0; trigger && i < p->len; i++)
		if (p->items[i].kind == HIST_CALL && call_in(event_call(p->items[i].g, p->items[i].event), trigger))
			strbuf_addf(key, "t%d:%d;", p->items[i].site, replay_known(&r, p->items[i].site));
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

