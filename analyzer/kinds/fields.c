/* Rule kinds about the stores into the driver object's entry points:
 * assigns-field, paired-fields, forbids-field and dispatch-index. */
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

/* The params of the kinds of this file, compiled once per rule; each kind
 * reads the members its schema has. */
struct field_side {
	const char *field, *index, *name;
};

/* A call that exempts a path when argument `index` names one of `values`
 * (IoCreateDevice of a file-system device type). */
struct arg_exempt {
	struct strvec calls, values;
	int index;
};

struct field_params {
	const char *field;           /* assigns-field */
	bool all;                    /* "coverage": "all" */
	bool has_when;
	struct strvec when_calls, when_fields, unless_calls;
	struct strvec a_alone_unless;  /* paired-fields: exempt a path with a and not b */
	struct field_side a, b;      /* paired-fields */
	struct arg_exempt *unless_args;
	size_t nunless_args;
	const char *unless_flag;     /* forbids-field */
	struct strvec fields;
};

static struct field_side side_compile(const cJSON *side)
{
	struct field_side s = { param_string(side, "field"), param_string(side, "index"),
				param_string(side, "name") };
	return s;
}

static void *field_params_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct field_params *fp = xcalloc(1, sizeof(*fp));
	fp->field = param_string(params, "field");
	const char *coverage = param_string(params, "coverage");
	fp->all = coverage && !strcmp(coverage, "all");
	const cJSON *when = cJSON_GetObjectItemCaseSensitive(params, "when");
	fp->has_when = when != NULL;
	names_compile(&fp->when_calls, cJSON_GetObjectItemCaseSensitive(when, "calls"));
	names_compile(&fp->when_fields, cJSON_GetObjectItemCaseSensitive(when, "fields"));
	names_compile(&fp->unless_calls, cJSON_GetObjectItemCaseSensitive(params, "unless_calls"));
	names_compile(&fp->a_alone_unless, cJSON_GetObjectItemCaseSensitive(params, "a_alone_unless_calls"));
	fp->a = side_compile(cJSON_GetObjectItemCaseSensitive(params, "a"));
	fp->b = side_compile(cJSON_GetObjectItemCaseSensitive(params, "b"));
	const cJSON *ua = cJSON_GetObjectItemCaseSensitive(params, "unless_args");
	fp->nunless_args = (size_t)cJSON_GetArraySize(ua);
	fp->unless_args = xcalloc(fp->nunless_args + 1, sizeof(*fp->unless_args));
	for (size_t i = 0; i < fp->nunless_args; i++) {
		const cJSON *item = cJSON_GetArrayItem(ua, (int)i);
		names_compile(&fp->unless_args[i].calls, cJSON_GetObjectItemCaseSensitive(item, "calls"));
		names_compile(&fp->unless_args[i].values, cJSON_GetObjectItemCaseSensitive(item, "values"));
		fp->unless_args[i].index = param_int(item, "index", 0);
	}
	fp->unless_flag = param_string(params, "unless_flag");
	names_compile(&fp->fields, cJSON_GetObjectItemCaseSensitive(params, "fields"));
	return fp;
}

static void field_params_release(void *compiled)
{
	struct field_params *fp = compiled;
	strvec_clear(&fp->when_calls);
	strvec_clear(&fp->when_fields);
	strvec_clear(&fp->unless_calls);
	strvec_clear(&fp->a_alone_unless);
	strvec_clear(&fp->fields);
	for (size_t i = 0; i < fp->nunless_args; i++) {
		strvec_clear(&fp->unless_args[i].calls);
		strvec_clear(&fp->unless_args[i].values);
	}
	free(fp->unless_args);
	free(fp);
}

static bool field_listed(const char *field, const struct strvec *fields)
{
	return field && strvec_contains(fields, field);
}

/* assigns-field */

static bool assigns_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct field_params *fp = c->compiled;
	const struct cfg_call *call = event_call(g, e);
	if (call)
		return call_listed(call, &fp->when_calls) || call_listed(call, &fp->unless_calls);
	return event_stores_field(e, fp->field) ||
	       (event_is_store(e) && field_listed(e->target.field, &fp->when_fields));
}

static void assigns_path(const struct check *c, const struct path *p)
{
	const struct hist_item *ret = path_return(p);
	if (!ret || ret->outcome == OUTCOME_FAILURE)
		return;
	const struct field_params *fp = c->compiled;
	const char *field = fp->field;
	bool all = fp->all;
	const char *reason = NULL;
	bool set = false, filled = false;
	bool slots[IRP_MJ_COUNT] = { false };
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		const struct cfg_call *call = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
		if (call && call_listed(call, &fp->unless_calls))
			return;
		if (call && call_listed(call, &fp->when_calls) && !reason)
			reason = call->callee;
		if (it->kind != HIST_STORE)
			continue;
		if (field_listed(it->event->target.field, &fp->when_fields) && !reason)
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
	if (fp->has_when && !reason)
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
#define HAPPENED_READS (HIST_BIT(HIST_CALL) | HIST_BIT(HIST_STORE) | HIST_BIT(HIST_OPAQUE))
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
		key_ptr(key, seen[i]);
	free(seen);
	(void)c;
}

static const struct kind_ops assigns_field_ops = {
	.relevant = assigns_relevant,
	.check_path = assigns_path,
	.summary = happened_summary,
	.summary_reads = HAPPENED_READS,
};

const struct kind kind_assigns_field = {
	.name = "assigns-field",
	.placeholders = (const char *const[]){ "missing", "reason", NULL },
	.compile = field_params_compile,
	.release = field_params_release,
	.ops = &assigns_field_ops,
};

/* paired-fields */

static bool paired_matches(const struct field_side *side, const struct cfg_event *e)
{
	const char *field = side->field;
	const char *index = side->index;
	if (!event_stores_field(e, field))
		return false;
	return !index || e->fills_table || (e->target.index && !strcmp(e->target.index, index));
}

/* Whether `call` is one of `unless_calls`, or an `unless_args` call whose
 * argument names one of its values. */
static bool paired_exempts(const struct field_params *fp, const struct cfg_call *call)
{
	if (!call)
		return false;
	if (call_listed(call, &fp->unless_calls))
		return true;
	for (size_t i = 0; i < fp->nunless_args; i++) {
		const struct arg_exempt *x = &fp->unless_args[i];
		if (!call_listed(call, &x->calls) || x->index < 1 || (size_t)x->index > call->nargs)
			continue;
		for (size_t v = 0; v < x->values.len; v++)
			if (value_mentions(&call->args[x->index - 1], x->values.items[v]))
				return true;
	}
	return false;
}

static bool paired_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct field_params *fp = c->compiled;
	const struct cfg_call *call = event_call(g, e);
	return paired_matches(&fp->a, e) || paired_matches(&fp->b, e) || paired_exempts(fp, call) ||
	       (call && call_listed(call, &fp->a_alone_unless));
}

static void paired_path(const struct check *c, const struct path *p)
{
	const struct hist_item *ret = path_return(p);
	if (!ret || ret->outcome == OUTCOME_FAILURE)
		return;
	const struct field_params *fp = c->compiled;
	const struct field_side *a = &fp->a, *b = &fp->b;
	bool has_a = false, has_b = false, a_named = false, legacy = false;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind == HIST_CALL && paired_exempts(fp, event_call(it->g, it->event)))
			return;
		legacy |= it->kind == HIST_CALL && call_listed(event_call(it->g, it->event), &fp->a_alone_unless);
		if (p->items[i].kind != HIST_STORE)
			continue;
		has_a |= paired_matches(a, p->items[i].event);
		a_named |= paired_matches(a, p->items[i].event) && !p->items[i].event->fills_table;
		has_b |= paired_matches(b, p->items[i].event);
	}
	/* A loop filling every slot with a pass-through (a legacy filter that
	 * attaches itself) covers the slot without dispatching it in earnest:
	 * only a store that names it asks for its pair. */
	if (has_a && !has_b && (!a_named || legacy))
		return;
	if (has_a == has_b || path_hidden_by_opaque(c, p))
		return;
	const char *vars[] = { "present", (has_a ? a : b)->name, "missing", (has_a ? b : a)->name, NULL };
	report(c, return_loc(ret), ret->g->function, p, NULL, NULL, vars);
}

static const struct kind_ops paired_fields_ops = {
	.relevant = paired_relevant,
	.check_path = paired_path,
	.summary = happened_summary,
	.summary_reads = HAPPENED_READS,
};

const struct kind kind_paired_fields = {
	.name = "paired-fields",
	.placeholders = (const char *const[]){ "present", "missing", NULL },
	.compile = field_params_compile,
	.release = field_params_release,
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
	const struct field_params *fp = c->compiled;
	const char *flag = fp->unless_flag;
	const struct cfg_call *call = event_call(g, e);
	if (call) {
		for (size_t a = 0; a < call->nargs; a++)
			s->flag_seen |= value_mentions(&call->args[a], flag);
		return;
	}
	if (event_is_store(e) && value_mentions(&e->value, flag))
		s->flag_seen = true;
	if (event_is_store(e) && field_listed(e->target.field, &fp->fields) &&
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
	.compile = field_params_compile,
	.release = field_params_release,
	.ops = &forbids_field_ops,
};


/* dispatch-index: a store into the dispatch table whose index is spelled
 * with a code of another family (IRP_MN_START_DEVICE), which the compiler
 * accepts as any integer and which overwrites the slot of whatever major
 * function has that value. */

static const char *const major_names[IRP_MJ_COUNT] = {
	"IRP_MJ_CREATE", "IRP_MJ_CREATE_NAMED_PIPE", "IRP_MJ_CLOSE", "IRP_MJ_READ", "IRP_MJ_WRITE",
	"IRP_MJ_QUERY_INFORMATION", "IRP_MJ_SET_INFORMATION", "IRP_MJ_QUERY_EA", "IRP_MJ_SET_EA",
	"IRP_MJ_FLUSH_BUFFERS", "IRP_MJ_QUERY_VOLUME_INFORMATION", "IRP_MJ_SET_VOLUME_INFORMATION",
	"IRP_MJ_DIRECTORY_CONTROL", "IRP_MJ_FILE_SYSTEM_CONTROL", "IRP_MJ_DEVICE_CONTROL",
	"IRP_MJ_INTERNAL_DEVICE_CONTROL", "IRP_MJ_SHUTDOWN", "IRP_MJ_LOCK_CONTROL", "IRP_MJ_CLEANUP",
	"IRP_MJ_CREATE_MAILSLOT", "IRP_MJ_QUERY_SECURITY", "IRP_MJ_SET_SECURITY", "IRP_MJ_POWER",
	"IRP_MJ_SYSTEM_CONTROL", "IRP_MJ_DEVICE_CHANGE", "IRP_MJ_QUERY_QUOTA", "IRP_MJ_SET_QUOTA",
	"IRP_MJ_PNP",
};

struct index_params {
	const char *field;
	struct strvec prefixes;
};

static void *index_params_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct index_params *ip = xcalloc(1, sizeof(*ip));
	ip->field = param_string(params, "field");
	names_compile(&ip->prefixes, cJSON_GetObjectItemCaseSensitive(params, "prefixes"));
	return ip;
}

static void index_params_release(void *compiled)
{
	struct index_params *ip = compiled;
	strvec_clear(&ip->prefixes);
	free(ip);
}

static bool has_prefix(const char *s, const struct strvec *prefixes)
{
	for (size_t i = 0; i < prefixes->len; i++)
		if (!strncmp(s, prefixes->items[i], strlen(prefixes->items[i])))
			return true;
	return false;
}

static void index_visit(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e,
			void *data)
{
	(void)unit;
	(void)data;
	const struct index_params *ip = c->compiled;
	if (e->kind != EVENT_STORE || !e->target.field || strcmp(e->target.field, ip->field) ||
	    !e->target.index || !has_prefix(e->target.index, &ip->prefixes))
		return;
	char *slot = e->target.index_constant && e->target.index_value >= 0 && e->target.index_value < IRP_MJ_COUNT
		? xasprintf("%s (%lld)", major_names[e->target.index_value], e->target.index_value)
		: xstrdup("another major function");
	const char *vars[] = { "index", e->target.index, "slot", slot, NULL };
	report(c, e->loc, g->function, NULL, NULL, NULL, vars);
	free(slot);
}

static void index_entry(const struct check *c)
{
	kind_visit_events(c, index_visit, NULL);
}

static const struct kind_ops dispatch_index_ops = {
	.check_entry = index_entry,
};

const struct kind kind_dispatch_index = {
	.name = "dispatch-index",
	.compile = index_params_compile,
	.release = index_params_release,
	.placeholders = (const char *const[]){ "index", "slot", NULL },
	.ops = &dispatch_index_ops,
};
