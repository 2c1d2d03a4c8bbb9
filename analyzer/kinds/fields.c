/* Rule kinds about the stores into the driver object's entry points:
 * assigns-field, paired-fields and forbids-field. */
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "facts/entry.h"
#include "kinds/shared.h"
#include "base/problems.h"
#include "facts/program.h"
#include "rules/rules.h"
#include "base/util.h"

#define IRP_MJ_COUNT 28 /* IRP_MJ_MAXIMUM_FUNCTION + 1 */

/* assigns-field */

static bool assigns_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const cJSON *when = cJSON_GetObjectItemCaseSensitive(c->params, "when");
	const struct cfg_call *call = event_call(g, e);
	if (call)
		return call_in(call, cJSON_GetObjectItemCaseSensitive(when, "calls")) ||
		       call_in(call, cJSON_GetObjectItemCaseSensitive(c->params, "unless_calls"));
	return event_stores_field(e, param_string(c->params, "field")) ||
	       (event_is_store(e) && string_in(e->target.field, cJSON_GetObjectItemCaseSensitive(when, "fields")));
}

static void assigns_path(const struct check *c, const struct path *p)
{
	const struct hist_item *ret = path_return(p);
	if (!ret || ret->outcome == OUTCOME_FAILURE)
		return;
	const char *field = param_string(c->params, "field");
	const char *coverage = param_string(c->params, "coverage");
	bool all = coverage && !strcmp(coverage, "all");
	const cJSON *when = cJSON_GetObjectItemCaseSensitive(c->params, "when");
	const char *reason = NULL;
	bool set = false, filled = false;
	bool slots[IRP_MJ_COUNT] = { false };
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		const struct cfg_call *call = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
		if (call && call_in(call, cJSON_GetObjectItemCaseSensitive(c->params, "unless_calls")))
			return;
		if (call && call_in(call, cJSON_GetObjectItemCaseSensitive(when, "calls")) && !reason)
			reason = call->callee;
		if (it->kind != HIST_STORE)
			continue;
		if (string_in(it->event->target.field, cJSON_GetObjectItemCaseSensitive(when, "fields")) && !reason)
			reason = it->event->target.field;
		if (!event_stores_field(it->event, field))
			continue;
		set = true;
		if (it->event->fills_table && it->event->fill_first < 0)
			filled = true;
		for (long long k = it->event->fill_first; it->event->fills_table && k >= 0 &&
							   k <= it->event->fill_last && k < IRP_MJ_COUNT; k++)
			slots[k] = true;
		if (it->event->target.index_constant && it->event->target.index_value >= 0 &&
		    it->event->target.index_value < IRP_MJ_COUNT)
			slots[it->event->target.index_value] = true;
	}
	if (when && !reason)
		return;
	unsigned missing = 0;
	for (int i = 0; i < IRP_MJ_COUNT; i++)
		missing += !slots[i];
	if (all ? (filled || missing == 0) : set)
		return;
	if (path_hidden_by_opaque(c, p))
		return;
	char *count = xasprintf("%u", all ? (set ? missing : IRP_MJ_COUNT) : 1);
	char *why = reason ? xasprintf(!strcmp(reason, "AddDevice") ? "setting AddDevice" : "calling %s", reason)
			   : xstrdup("");
	const char *vars[] = { "missing", count, "reason", why, NULL };
	report(c, return_loc(ret), ret->g->function, p, NULL, NULL, vars);
	free(why);
	free(count);
}

/* Every store and call this kind keeps matters only as "happened": the set of
 * relevant events on the path, without order, is the state. */
static void happened_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	const void **seen = xcalloc(p->len + 1, sizeof(*seen));
	size_t n = 0;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		const void *what = it->kind == HIST_OPAQUE ? (const void *)"opaque" : (const void *)it->event;
		if (it->kind != HIST_CALL && it->kind != HIST_STORE && it->kind != HIST_OPAQUE)
			continue;
		bool dup = false;
		for (size_t k = 0; k < n && !dup; k++)
			dup = seen[k] == what;
		if (!dup)
			seen[n++] = what;
	}
	/* Order-independent: sort the pointers. */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && seen[j - 1] > seen[j]; j--) {
			const void *t = seen[j];
			seen[j] = seen[j - 1];
			seen[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++)
		strbuf_addf(key, "%p;", seen[i]);
	free(seen);
	(void)c;
}

static const struct kind_ops assigns_field_ops = {
	.relevant = assigns_relevant,
	.check_path = assigns_path,
	.summary = happened_summary,
};

const struct kind kind_assigns_field = {
	.name = "assigns-field",
	.placeholders = (const char *const[]){ "missing", "reason", NULL },
	.ops = &assigns_field_ops,
};

/* paired-fields */

static bool paired_matches(const cJSON *side, const struct cfg_event *e)
{
	const char *field = param_string(side, "field");
	const char *index = param_string(side, "index");
	if (!event_stores_field(e, field))
		return false;
	return !index || e->fills_table || (e->target.index && !strcmp(e->target.index, index));
}

static bool paired_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	return paired_matches(cJSON_GetObjectItemCaseSensitive(c->params, "a"), e) ||
	       paired_matches(cJSON_GetObjectItemCaseSensitive(c->params, "b"), e);
}

static void paired_path(const struct check *c, const struct path *p)
{
	const struct hist_item *ret = path_return(p);
	if (!ret || ret->outcome == OUTCOME_FAILURE)
		return;
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(c->params, "a");
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(c->params, "b");
	bool has_a = false, has_b = false;
	for (size_t i = 0; i < p->len; i++) {
		if (p->items[i].kind != HIST_STORE)
			continue;
		has_a |= paired_matches(a, p->items[i].event);
		has_b |= paired_matches(b, p->items[i].event);
	}
	if (has_a == has_b || path_hidden_by_opaque(c, p))
		return;
	const char *vars[] = { "present", param_string(has_a ? a : b, "name"), "missing",
			       param_string(has_a ? b : a, "name"), NULL };
	report(c, return_loc(ret), ret->g->function, p, NULL, NULL, vars);
}

static const struct kind_ops paired_fields_ops = {
	.relevant = paired_relevant,
	.check_path = paired_path,
	.summary = happened_summary,
};

const struct kind kind_paired_fields = {
	.name = "paired-fields",
	.placeholders = (const char *const[]){ "present", "missing", NULL },
	.ops = &paired_fields_ops,
};

/* forbids-field */

struct forbid_scan {
	bool flag_seen;
	const struct cfg_event *stores[64];
	const struct cfg *graphs[64];
	size_t nstores;
};

static void forbid_visit(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e,
			 void *data)
{
	struct forbid_scan *s = data;
	(void)unit;
	const char *flag = param_string(c->params, "unless_flag");
	const struct cfg_call *call = event_call(g, e);
	if (call) {
		for (size_t a = 0; a < call->nargs; a++)
			s->flag_seen |= value_mentions(&call->args[a], flag);
		return;
	}
	if (event_is_store(e) && value_mentions(&e->value, flag))
		s->flag_seen = true;
	if (event_is_store(e) && string_in(e->target.field, cJSON_GetObjectItemCaseSensitive(c->params, "fields")) &&
	    s->nstores < 64) {
		s->graphs[s->nstores] = g;
		s->stores[s->nstores++] = e;
	}
}

static void forbid_entry(const struct check *c)
{
	struct forbid_scan s = { 0 };
	kind_visit_events(c, forbid_visit, &s);
	if (s.flag_seen)
		return;
	for (size_t i = 0; i < s.nstores; i++) {
		const char *vars[] = { "target", s.stores[i]->target.path, NULL };
		report(c, s.stores[i]->loc, s.graphs[i]->function, NULL, NULL, NULL, vars);
	}
}

static const struct kind_ops forbids_field_ops = {
	.check_entry = forbid_entry,
};

const struct kind kind_forbids_field = {
	.name = "forbids-field",
	.placeholders = (const char *const[]){ "target", NULL },
	.ops = &forbids_field_ops,
};

