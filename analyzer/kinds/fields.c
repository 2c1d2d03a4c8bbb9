/* SPDX-License-Identifier: Apache-2.0 */
/* Rule kinds about the stores into the driver object's entry points:
 * assigns-field, paired-fields, forbids-field and dispatch-index. */
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "facts/entry.h"
#include "kinds/devices.h"
#include "kinds/shared.h"
#include "base/problems.h"
#include "facts/program.h"
#include "rules/rules.h"
#include "base/alloc.h"
#include "base/strbuf.h"
#include "base/strvec.h"

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
	const char *index;           /* assigns-field: only a store into this slot of the
				    * field counts ("IRP_MJ_CREATE"), on a path that sets
				    * some other slot of it */
	int slot;                    /* and the slot's number, for table fills */
	bool all;                    /* "coverage": "all" */
	bool has_when;
	struct strvec when_calls, when_fields, unless_calls;
	struct device_calls devices; /* assigns-field: a creation is a reason while its device exists */
	struct strvec a_alone_unless;  /* paired-fields: exempt a path with a and not b */
	int unnamed_arg;             /* assigns-field: a when-call with this argument NULL... */
	struct strvec named_by;      /* ...and none of these in another makes nothing reachable */
	struct field_side a, b;      /* paired-fields */
	struct arg_exempt *unless_args;
	size_t nunless_args;
	const char *unless_flag;     /* forbids-field */
	struct strvec fields;
	/* assigns-field: a device that only a path's stores into these slots
	 * serve (IRP_MJ_SHUTDOWN, IRP_MJ_POWER: requests sent without a
	 * handle), with no when-call linking a name to it, expects no open. */
	bool handleless[IRP_MJ_COUNT];
};

static struct field_side side_compile(const cJSON *side)
{
	struct field_side s = { kinds_param_string(side, "field"), kinds_param_string(side, "index"),
				kinds_param_string(side, "name") };
	return s;
}

static void *field_params_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct field_params *fp = alloc_zeroed(1, sizeof(*fp));
	fp->field = kinds_param_string(params, "field");
	fp->index = kinds_param_string(params, "index");
	fp->slot = kinds_param_int(params, "slot", -1);
	const char *coverage = kinds_param_string(params, "coverage");
	fp->all = coverage && !strcmp(coverage, "all");
	const cJSON *when = cJSON_GetObjectItemCaseSensitive(params, "when");
	fp->has_when = when != NULL;
	kinds_names_compile(&fp->when_calls, cJSON_GetObjectItemCaseSensitive(when, "calls"));
	kinds_names_compile(&fp->when_fields, cJSON_GetObjectItemCaseSensitive(when, "fields"));
	devices_calls_compile(&fp->devices, cJSON_GetObjectItemCaseSensitive(when, "devices"));
	fp->unnamed_arg = kinds_param_int(when, "unnamed_arg", 0);
	kinds_names_compile(&fp->named_by, cJSON_GetObjectItemCaseSensitive(when, "named_by"));
	kinds_names_compile(&fp->unless_calls, cJSON_GetObjectItemCaseSensitive(params, "unless_calls"));
	kinds_names_compile(&fp->a_alone_unless, cJSON_GetObjectItemCaseSensitive(params, "a_alone_unless_calls"));
	fp->a = side_compile(cJSON_GetObjectItemCaseSensitive(params, "a"));
	fp->b = side_compile(cJSON_GetObjectItemCaseSensitive(params, "b"));
	const cJSON *ua = cJSON_GetObjectItemCaseSensitive(params, "unless_args");
	fp->nunless_args = (size_t)cJSON_GetArraySize(ua);
	fp->unless_args = alloc_zeroed(fp->nunless_args + 1, sizeof(*fp->unless_args));
	for (size_t i = 0; i < fp->nunless_args; i++) {
		const cJSON *item = cJSON_GetArrayItem(ua, (int)i);
		kinds_names_compile(&fp->unless_args[i].calls, cJSON_GetObjectItemCaseSensitive(item, "calls"));
		kinds_names_compile(&fp->unless_args[i].values, cJSON_GetObjectItemCaseSensitive(item, "values"));
		fp->unless_args[i].index = kinds_param_int(item, "index", 0);
	}
	fp->unless_flag = kinds_param_string(params, "unless_flag");
	kinds_names_compile(&fp->fields, cJSON_GetObjectItemCaseSensitive(params, "fields"));
	const cJSON *slot;
	cJSON_ArrayForEach(slot, cJSON_GetObjectItemCaseSensitive(params, "handleless_slots"))
		if (cJSON_IsNumber(slot) && slot->valueint >= 0 && slot->valueint < IRP_MJ_COUNT)
			fp->handleless[slot->valueint] = true;
	return fp;
}

static void field_params_release(void *compiled)
{
	struct field_params *fp = compiled;
	strvec_clear(&fp->when_calls);
	strvec_clear(&fp->when_fields);
	devices_calls_release(&fp->devices);
	strvec_clear(&fp->unless_calls);
	strvec_clear(&fp->a_alone_unless);
	strvec_clear(&fp->named_by);
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
		return kinds_call_listed(call, &fp->when_calls) || kinds_call_listed(call, &fp->unless_calls) ||
		       kinds_call_listed(call, &fp->devices.create) || kinds_call_listed(call, &fp->devices.delete);
	return kinds_event_stores_field(e, fp->field) ||
	       (kinds_event_is_store(e) && field_listed(e->target.field, &fp->when_fields));
}

/* A when-call or device creation that makes an unnamed object (IoCreateDevice with no name and
 * no FILE_AUTOGENERATED_DEVICE_NAME): nothing can open it, and a device
 * object made only to anchor work items never receives a request. One the
 * driver attaches to a stack is reached, and the attaching call says so. */
static bool makes_unnamed(const struct field_params *fp, const struct cfg_call *call)
{
	if (fp->unnamed_arg < 1 || (size_t)fp->unnamed_arg > call->nargs)
		return false;
	const struct cfg_value *name = &call->args[fp->unnamed_arg - 1];
	if (!(name->kind == VALUE_NULL || (name->kind == VALUE_CONSTANT && name->number == 0)))
		return false;
	for (size_t a = 0; a < call->nargs; a++)
		for (size_t v = 0; v < fp->named_by.len; v++)
			if (kinds_value_mentions(&call->args[a], fp->named_by.items[v]))
				return false;
	return true;
}

/* Whether item `it`, a device creation, made a device that still exists
 * at the path's end (of the `n` the path made). */
/* The major function codes by value (IRP_MJ_MAXIMUM_FUNCTION + 1 of them). */
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

static bool device_exists(const struct device *devices, size_t n, const struct hist_item *it)
{
	for (size_t d = 0; d < n; d++)
		if (devices[d].created == it && !devices[d].deleted)
			return true;
	return false;
}

/* Whether the store `e` into the field may set the slot `fp` names: that
 * slot written, a subscript not known (MajorFunction[mj]), or a table fill
 * that reaches it. */
static bool stores_slot(const struct field_params *fp, const struct cfg_event *e)
{
	const struct cfg_place *t = &e->target;
	if (e->fills_table)
		return e->fill_first < 0 || (fp->slot >= e->fill_first && fp->slot <= e->fill_last);
	if (t->index && !strcmp(t->index, fp->index))
		return true;
	return !t->index_constant || t->index_value == fp->slot;
}

static void assigns_path(const struct check *c, const struct path *p)
{
	const struct hist_item *ret = eval_path_return(p);
	if (!ret || ret->outcome == OUTCOME_FAILURE)
		return;
	const struct field_params *fp = c->compiled;
	const char *field = fp->field;
	bool all = fp->all;
	const char *reason = NULL;
	bool set = false, filled = false, other = false;
	bool linked = false, handled = false; /* a when-call made the reason; a slot needing a handle is set */
	const struct hist_item *table_end = NULL; /* the last store into another slot */
	bool slots[IRP_MJ_COUNT] = { false };
	/* A creation is a reason only while the device it made exists at the
	 * return: one that failed, or was deleted since, leaves nothing a
	 * request could be sent to. */
	struct device *devices = alloc_zeroed(p->len + 1, sizeof(*devices));
	size_t ndevices = fp->devices.create.len ? devices_on_path(&fp->devices, p, devices) : 0;
	/* Likewise a when-call known to have failed created or registered nothing. */
	struct revealed r;
	revealed_of_path(&r, p);
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		const struct cfg_call *call = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
		if (call && kinds_call_listed(call, &fp->unless_calls)) {
			revealed_release(&r);
			free(devices);
			return;
		}
		if (call && kinds_call_listed(call, &fp->when_calls) && !makes_unnamed(fp, call) &&
		    revealed_outcome(&r, it->site) != OUTCOME_FAILURE) {
			reason = reason ? reason : call->callee;
			linked = true;
		}
		if (call && kinds_call_listed(call, &fp->devices.create) && !reason && !makes_unnamed(fp, call) &&
		    device_exists(devices, ndevices, it))
			reason = call->callee;
		if (it->kind != HIST_STORE)
			continue;
		if (field_listed(it->event->target.field, &fp->when_fields) && !reason)
			reason = it->event->target.field;
		if (!kinds_event_stores_field(it->event, field))
			continue;
		if (fp->index && !stores_slot(fp, it->event)) {
			other = true;
			table_end = it;
			const struct cfg_place *t = &it->event->target;
			handled |= !t->index_constant || t->index_value < 0 || t->index_value >= IRP_MJ_COUNT ||
				   !fp->handleless[t->index_value];
			continue;
		}
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
	revealed_release(&r);
	free(devices);
	if ((fp->has_when && !reason) || (fp->index && !other) || (fp->index && !linked && !handled))
		return;
	unsigned missing = 0;
	for (int i = 0; i < IRP_MJ_COUNT; i++)
		missing += !slots[i];
	if (all ? (filled || missing == 0) : set)
		return;
	if (kinds_path_hidden_by_opaque(c, p))
		return;
	/* A few entries missing are named: the one a fill loop's bound leaves
	 * out (IRP_MJ_PNP of `i < IRP_MJ_MAXIMUM_FUNCTION`) is the usual one. */
	struct strbuf names = STRBUF_INIT;
	for (int i = 0; all && set && missing <= 3 && i < IRP_MJ_COUNT; i++)
		if (!slots[i])
			strbuf_addf(&names, "%s%s", names.len ? ", " : "", major_names[i]);
	char *count = names.len ? alloc_printf("%u (%s)", missing, strbuf_str(&names))
				: alloc_printf("%u", all ? (set ? missing : IRP_MJ_COUNT) : 1);
	strbuf_release(&names);
	/* Entries a table fill leaves out: where the table is filled, as the fix
	 * goes there (its bound, or one more store after it). */
	for (size_t i = 0; all && set && !filled && !table_end && i < p->len; i++)
		if (p->items[i].kind == HIST_STORE && kinds_event_stores_field(p->items[i].event, field) &&
		    p->items[i].event->fills_table)
			table_end = &p->items[i];
	char *why = reason ? alloc_printf(!strcmp(reason, "AddDevice") ? "setting AddDevice" : "calling %s", reason)
			   : alloc_strdup("");
	const char *vars[] = { "missing", count, "reason", why, "entry", ret->g->function, NULL };
	/* A slot missing from a table is reported where the table is set, since
	 * the fix goes there; the return that makes it matter is related. */
	struct cfg_loc at = eval_return_loc(ret);
	if (table_end)
		eval_add_finding(c, table_end->event->loc, table_end->g->function, p, &at, "returns success here",
				 vars);
	else
		eval_add_finding(c, at, ret->g->function, p, NULL, NULL, vars);
	free(why);
	free(count);
}

/* Every store and call this kind keeps matters only as "happened": the set of
 * relevant events on the path, without order, is the state. */
#define HAPPENED_READS (HIST_BIT(HIST_CALL) | HIST_BIT(HIST_STORE) | HIST_BIT(HIST_OPAQUE))
static void happened_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	const void **seen = alloc_zeroed(p->len + 1, sizeof(*seen));
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

/* What happened, what the branches revealed of each when-call, and the
 * devices that exist so far: where each was created, the variable it went to
 * and what the branches revealed of its creation (a later one may reveal
 * that it failed). */
static void assigns_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	happened_summary(c, p, key);
	const struct field_params *fp = c->compiled;
	if (fp->when_calls.len) {
		struct revealed r;
		revealed_of_path(&r, p);
		for (size_t i = 0; i < p->len; i++) {
			const struct hist_item *it = &p->items[i];
			const struct cfg_call *call = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
			if (call && kinds_call_listed(call, &fp->when_calls) &&
			    revealed_outcome(&r, it->site) == OUTCOME_FAILURE)
				key_ptr(key, it->event);
		}
		revealed_release(&r);
	}
	if (!fp->devices.create.len)
		return;
	struct device *devices = alloc_zeroed(p->len + 1, sizeof(*devices));
	size_t n = devices_on_path(&fp->devices, p, devices);
	for (size_t d = 0; d < n; d++) {
		/* A second device of the same creation into the same variable (a
		 * loop) is deleted with the first: it adds nothing. */
		bool again = false;
		for (size_t e = 0; e < d && !again; e++)
			again = !devices[e].deleted && devices[e].created->event == devices[d].created->event &&
				devices[e].key == devices[d].key;
		if (devices[d].deleted || again)
			continue;
		key_ptr(key, devices[d].created->event);
		key_int(key, devices[d].key);
		key_int(key, devices[d].creation);
	}
	free(devices);
}

static const struct kind_ops assigns_field_ops = {
	.relevant = assigns_relevant,
	.check_path = assigns_path,
	.summary = assigns_summary,
	.summary_reads = HAPPENED_READS | HIST_BIT(HIST_REFINE),
	.failure_returns_silent = true,
};

const struct kind kind_assigns_field = {
	.name = "assigns-field",
	.placeholders = (const char *const[]){ "missing", "reason", "entry", NULL },
	.compile = field_params_compile,
	.release = field_params_release,
	.ops = &assigns_field_ops,
};

/* paired-fields */

static bool paired_matches(const struct field_side *side, const struct cfg_event *e)
{
	const char *field = side->field;
	const char *index = side->index;
	if (!kinds_event_stores_field(e, field))
		return false;
	return !index || e->fills_table || (e->target.index && !strcmp(e->target.index, index));
}

/* Whether `call` is one of `unless_calls`, or an `unless_args` call whose
 * argument names one of its values. */
static bool paired_exempts(const struct field_params *fp, const struct cfg_call *call)
{
	if (!call)
		return false;
	if (kinds_call_listed(call, &fp->unless_calls))
		return true;
	for (size_t i = 0; i < fp->nunless_args; i++) {
		const struct arg_exempt *x = &fp->unless_args[i];
		if (!kinds_call_listed(call, &x->calls) || x->index < 1 || (size_t)x->index > call->nargs)
			continue;
		for (size_t v = 0; v < x->values.len; v++)
			if (kinds_value_mentions(&call->args[x->index - 1], x->values.items[v]))
				return true;
	}
	return false;
}

static bool paired_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct field_params *fp = c->compiled;
	const struct cfg_call *call = event_call(g, e);
	return paired_matches(&fp->a, e) || paired_matches(&fp->b, e) || paired_exempts(fp, call) ||
	       (call && kinds_call_listed(call, &fp->a_alone_unless));
}

static void paired_path(const struct check *c, const struct path *p)
{
	const struct hist_item *ret = eval_path_return(p);
	if (!ret || ret->outcome == OUTCOME_FAILURE)
		return;
	const struct field_params *fp = c->compiled;
	const struct field_side *a = &fp->a, *b = &fp->b;
	bool has_a = false, has_b = false, a_named = false, legacy = false;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind == HIST_CALL && paired_exempts(fp, event_call(it->g, it->event)))
			return;
		legacy |= it->kind == HIST_CALL && kinds_call_listed(event_call(it->g, it->event), &fp->a_alone_unless);
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
	if (has_a == has_b || kinds_path_hidden_by_opaque(c, p))
		return;
	const char *vars[] = { "present", (has_a ? a : b)->name, "missing", (has_a ? b : a)->name, NULL };
	eval_add_finding(c, eval_return_loc(ret), ret->g->function, p, NULL, NULL, vars);
}

static const struct kind_ops paired_fields_ops = {
	.relevant = paired_relevant,
	.check_path = paired_path,
	.summary = happened_summary,
	.summary_reads = HAPPENED_READS,
	.failure_returns_silent = true,
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
			s->flag_seen |= kinds_value_mentions(&call->args[a], flag);
		return;
	}
	if (kinds_event_is_store(e) && kinds_value_mentions(&e->value, flag))
		s->flag_seen = true;
	if (kinds_event_is_store(e) && field_listed(e->target.field, &fp->fields) &&
	    s->nstores < 64) {
		s->graphs[s->nstores] = g;
		s->stores[s->nstores++] = e;
	}
}

static void forbid_entry(const struct check *c)
{
	struct forbid_scan s = { 0 };
	kinds_visit_events(c, forbid_visit, &s);
	if (s.flag_seen)
		return;
	for (size_t i = 0; i < s.nstores; i++) {
		const char *vars[] = { "target", s.stores[i]->target.path, NULL };
		eval_add_finding(c, s.stores[i]->loc, s.graphs[i]->function, NULL, NULL, NULL, vars);
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


struct index_params {
	const char *field;
	struct strvec prefixes;
};

static void *index_params_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct index_params *ip = alloc_zeroed(1, sizeof(*ip));
	ip->field = kinds_param_string(params, "field");
	kinds_names_compile(&ip->prefixes, cJSON_GetObjectItemCaseSensitive(params, "prefixes"));
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
		? alloc_printf("%s (%lld)", major_names[e->target.index_value], e->target.index_value)
		: alloc_strdup("another major function");
	const char *vars[] = { "index", e->target.index, "slot", slot, NULL };
	eval_add_finding(c, e->loc, g->function, NULL, NULL, NULL, vars);
	free(slot);
}

static void index_entry(const struct check *c)
{
	kinds_visit_events(c, index_visit, NULL);
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
