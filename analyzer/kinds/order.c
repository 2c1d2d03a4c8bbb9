/* The order kind: the listed calls must come before the driver's entry points
 * (or, with "then": "global-store", a global) are stored. */
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "kinds/shared.h"
#include "facts/entry.h"
#include "base/problems.h"
#include "facts/program.h"
#include "rules/rules.h"
#include "base/util.h"

/* order */

static const char *const dispatch_fields[] = { "MajorFunction", "DriverUnload", "AddDevice", "DriverStartIo" };

static bool is_dispatch_store(const struct cfg_event *e)
{
	for (size_t i = 0; i < sizeof(dispatch_fields) / sizeof(*dispatch_fields); i++)
		if (e->target.field && !strcmp(e->target.field, dispatch_fields[i]))
			return true;
	return false;
}

/* The params, compiled once per rule. */
struct order_params {
	struct strvec first;       /* the calls that must come first (or after) */
	bool global_store;         /* "then": "global-store"; else the dispatch stores */
	bool after;                /* "mode": "after" */
	bool only_if_succeeded;
};

static void *order_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct order_params *op = xcalloc(1, sizeof(*op));
	names_compile(&op->first, cJSON_GetObjectItemCaseSensitive(params, "first"));
	const char *then = param_string(params, "then");
	op->global_store = then && !strcmp(then, "global-store");
	const char *mode = param_string(params, "mode");
	op->after = mode && !strcmp(mode, "after");
	op->only_if_succeeded = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "only_if_succeeded"));
	return op;
}

static void order_release(void *compiled)
{
	struct order_params *op = compiled;
	strvec_clear(&op->first);
	free(op);
}

static bool order_then(const struct check *c, const struct cfg_event *e)
{
	const struct order_params *op = c->compiled;
	if (!event_is_store(e))
		return false;
	if (op->global_store)
		return e->target.root_is_global;
	return is_dispatch_store(e);
}

static bool order_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct order_params *op = c->compiled;
	return (e->kind == EVENT_CALL && call_listed(event_call(g, e), &op->first)) || order_then(c, e);
}

static void order_path(const struct check *c, const struct path *p)
{
	const struct order_params *op = c->compiled;
	bool after = op->after, only_if_succeeded = op->only_if_succeeded;
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
		if (!first || (only_if_succeeded && replay_known(&r, first->site) == OUTCOME_FAILURE))
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
			key_ptr(key, it->event); /* pending, for mode before */
	}
	if (first)
		key_int(key, (unsigned long long)first->site << 8 | replay_known(&r, first->site));
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
	.compile = order_compile,
	.release = order_release,
	.ops = &order_ops,
};
