/* Rule kinds about stores: the driver object's entry points (assigns-field,
 * paired-fields, forbids-field), structures prepared for a call
 * (init-before-use, store-before-init, fields-together, struct-fields,
 * attributes-passed, wdf-nonpnp), and pointers used before they are checked
 * or kept beyond DriverEntry (checked-before-use, escapes-without-copy). */
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

static bool is_store(const struct cfg_event *e)
{
	return e->kind == EVENT_STORE || e->kind == EVENT_ASSIGN;
}

/* A store into `field`; a loop store through a pointer walked over the
 * dispatch table counts as a store into MajorFunction. */
static bool stores_field(const struct cfg_event *e, const char *field)
{
	if (!is_store(e) || !field)
		return false;
	if (e->fills_table && !strcmp(field, "MajorFunction"))
		return true;
	return e->target.field && !strcmp(e->target.field, field);
}

/* The same variable: same root name and frame (or both globals). */
static bool same_var(const struct hist_item *a, const char *root_a, bool global_a,
		     const struct hist_item *b, const char *root_b, bool global_b)
{
	if (!root_a || !root_b || strcmp(root_a, root_b))
		return false;
	return (global_a && global_b) || (!global_a && !global_b && a->frame == b->frame);
}

static bool use_call(const struct check *c, const struct cfg_call *call)
{
	const cJSON *use = cJSON_GetObjectItemCaseSensitive(c->params, "use");
	return call_in(call, cJSON_GetObjectItemCaseSensitive(use, "calls"));
}

static int use_arg(const struct check *c)
{
	return param_int(cJSON_GetObjectItemCaseSensitive(c->params, "use"), "arg", 0);
}

/* The call of history item `it` when it is the rule's use call, else NULL. */
static const struct cfg_call *use_at(const struct check *c, const struct hist_item *it)
{
	const struct cfg_call *call = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
	return call && use_call(c, call) ? call : NULL;
}

/* The argument `arg` of the use call, as the place passed. */
static const struct cfg_place *use_place(const struct cfg_call *call, int arg)
{
	if (!call || arg < 1 || (size_t)arg > call->nargs)
		return NULL;
	const struct cfg_value *v = &call->args[arg - 1];
	return (v->kind == VALUE_ADDRESS || v->kind == VALUE_PLACE) && v->place.root ? &v->place : NULL;
}

/* assigns-field */

static bool af_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const cJSON *when = cJSON_GetObjectItemCaseSensitive(c->params, "when");
	const struct cfg_call *call = event_call(g, e);
	if (call)
		return call_in(call, cJSON_GetObjectItemCaseSensitive(when, "calls")) ||
		       call_in(call, cJSON_GetObjectItemCaseSensitive(c->params, "unless_calls"));
	return stores_field(e, param_string(c->params, "field")) ||
	       (is_store(e) && string_in(e->target.field, cJSON_GetObjectItemCaseSensitive(when, "fields")));
}

static void af_path(const struct check *c, const struct path *p)
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
		if (!stores_field(it->event, field))
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
	.relevant = af_relevant,
	.check_path = af_path,
	.summary = happened_summary,
};

const struct kind kind_assigns_field = {
	.name = "assigns-field",
	.placeholders = (const char *const[]){ "missing", "reason", NULL },
	.ops = &assigns_field_ops,
};

/* paired-fields */

static bool pf_matches(const cJSON *side, const struct cfg_event *e)
{
	const char *field = param_string(side, "field");
	const char *index = param_string(side, "index");
	if (!stores_field(e, field))
		return false;
	return !index || e->fills_table || (e->target.index && !strcmp(e->target.index, index));
}

static bool pf_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	return pf_matches(cJSON_GetObjectItemCaseSensitive(c->params, "a"), e) ||
	       pf_matches(cJSON_GetObjectItemCaseSensitive(c->params, "b"), e);
}

static void pf_path(const struct check *c, const struct path *p)
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
		has_a |= pf_matches(a, p->items[i].event);
		has_b |= pf_matches(b, p->items[i].event);
	}
	if (has_a == has_b || path_hidden_by_opaque(c, p))
		return;
	const char *vars[] = { "present", param_string(has_a ? a : b, "name"), "missing",
			       param_string(has_a ? b : a, "name"), NULL };
	report(c, return_loc(ret), ret->g->function, p, NULL, NULL, vars);
}

static const struct kind_ops paired_fields_ops = {
	.relevant = pf_relevant,
	.check_path = pf_path,
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

static bool mentions(const struct cfg_value *v, const char *name)
{
	return name && ((v->text && strstr(v->text, name)) || (v->name && !strcmp(v->name, name)));
}

static void forbid_visit(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e,
			 void *data)
{
	struct forbid_scan *s = data;
	(void)unit;
	const char *flag = param_string(c->params, "unless_flag");
	const struct cfg_call *call = event_call(g, e);
	if (call) {
		for (size_t a = 0; a < call->nargs; a++)
			s->flag_seen |= mentions(&call->args[a], flag);
		return;
	}
	if (is_store(e) && mentions(&e->value, flag))
		s->flag_seen = true;
	if (is_store(e) && string_in(e->target.field, cJSON_GetObjectItemCaseSensitive(c->params, "fields")) &&
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

/* Structures prepared for a call: shared replay of what was done to each
 * variable on the path before the use. */

struct prepared {
	const struct hist_item *zeroed;     /* last zeroing or init call */
	const struct hist_item *init;       /* last init call */
	bool global;
};

static bool is_init_call(const struct check *c, const struct cfg_call *call, const char *key)
{
	return call_in(call, cJSON_GetObjectItemCaseSensitive(c->params, key));
}

static bool struct_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct cfg_call *call = event_call(g, e);
	if (call)
		return use_call(c, call) || is_init_call(c, call, "init_calls") ||
		       call_named(call, param_string(c->params, "init_call"));
	return e->kind == EVENT_ZERO || (e->kind == EVENT_STORE && e->target.field);
}

/* Accepted texts for a field's value: "sizeof(*)" stands for sizeof the variable. */
static bool value_accepted(const cJSON *accepted, const char *text, const char *var)
{
	if (!cJSON_GetArraySize(accepted))
		return true;
	const cJSON *item;
	cJSON_ArrayForEach(item, accepted) {
		const char *want = item->valuestring;
		if (!strcmp(want, "sizeof(*)")) {
			char *s1 = xasprintf("sizeof(%s)", var), *s2 = xasprintf("sizeof%s", var);
			bool ok = text && (!strcmp(text, s1) || !strcmp(text, s2));
			free(s1);
			free(s2);
			if (ok)
				return true;
		} else if (text && !strcmp(text, want)) {
			return true;
		}
	}
	return false;
}

/* For the use at item `u` of path p (arg place `place`), finds the last zeroing
 * and init of the variable and the value stored to `field` after the zeroing. */
static void prepared_state(const struct check *c, const struct path *p, size_t u, const struct cfg_place *place,
			   struct prepared *out)
{
	const struct hist_item *use = &p->items[u];
	memset(out, 0, sizeof(*out));
	out->global = place->root_is_global;
	for (size_t i = 0; i < u; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind == HIST_ZERO &&
		    same_var(it, it->event->target.root, it->event->target.root_is_global, use, place->root,
			     place->root_is_global))
			out->zeroed = it;
		if (it->kind == HIST_CALL) {
			const struct cfg_call *call = event_call(it->g, it->event);
			const struct cfg_place *arg = use_place(call, 1);
			if (arg && (is_init_call(c, call, "init_calls") || call_named(call, param_string(c->params, "init_call"))) &&
			    same_var(it, arg->root, arg->root_is_global, use, place->root, place->root_is_global)) {
				out->zeroed = it;
				out->init = it;
			}
		}
	}
}

static const struct hist_item *field_store_after(const struct path *p, size_t from, size_t to,
						 const struct hist_item *use, const struct cfg_place *place,
						 const char *field)
{
	const struct hist_item *found = NULL;
	for (size_t i = from; i < to; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind == HIST_STORE && stores_field(it->event, field) &&
		    same_var(it, it->event->target.root, it->event->target.root_is_global, use, place->root,
			     place->root_is_global))
			found = it;
	}
	return found;
}

static size_t index_of(const struct path *p, const struct hist_item *it)
{
	return it ? (size_t)(it - p->items) : 0;
}

/* init-before-use */

static void ibu_path(const struct check *c, const struct path *p)
{
	int arg = use_arg(c);
	for (size_t u = 0; u < p->len; u++) {
		const struct hist_item *use = &p->items[u];
		const struct cfg_call *call = use_at(c, use);
		if (!call)
			continue;
		const struct cfg_place *place = use_place(call, arg);
		if (!place || call->args[arg - 1].kind != VALUE_ADDRESS)
			continue; /* a pointer from elsewhere: not ours to judge */
		struct prepared st;
		prepared_state(c, p, u, place, &st);
		struct strbuf missing = STRBUF_INIT;
		const cJSON *inits = cJSON_GetObjectItemCaseSensitive(c->params, "init_calls");
		if (cJSON_GetArraySize(inits) && !st.init) {
			char *names = names_joined(inits, " or ");
			strbuf_addf(&missing, "being initialized by %s", names);
			free(names);
		}
		bool zeroed = st.zeroed || st.global; /* static storage starts zeroed */
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c->params, "zeroed")) && !zeroed)
			strbuf_addf(&missing, "%sbeing zeroed", missing.len ? ", " : "");
		const cJSON *field;
		cJSON_ArrayForEach(field, cJSON_GetObjectItemCaseSensitive(c->params, "fields")) {
			const struct hist_item *store =
				field_store_after(p, st.zeroed ? index_of(p, st.zeroed) : 0, u, use, place, field->string);
			if (store && value_accepted(field, store->event->value.text, place->root))
				continue;
			if (store) {
				strbuf_addf(&missing, "%s%s set to %s", missing.len ? ", " : "", field->string,
					    store->event->value.text ? store->event->value.text : "?");
			} else {
				const cJSON *want = cJSON_GetArrayItem(field, 0);
				if (want)
					strbuf_addf(&missing, "%sits %s set to %s", missing.len ? ", " : "", field->string,
						    want->valuestring);
				else
					strbuf_addf(&missing, "%sits %s set", missing.len ? ", " : "", field->string);
			}
		}
		if (missing.len && !span_hidden_by_opaque(c, p, 0, u, place->root)) {
			char *text = xasprintf("without %s", strbuf_str(&missing));
			const char *vars[] = { "var", place->root, "call", call->callee, "missing", text, NULL };
			report(c, use->event->loc, use->g->function, p, NULL, NULL, vars);
			free(text);
		}
		strbuf_release(&missing);
	}
}

static const struct kind_ops init_before_use_ops = {
	.relevant = struct_relevant,
	.check_path = ibu_path,
};

const struct kind kind_init_before_use = {
	.name = "init-before-use",
	.placeholders = (const char *const[]){ "var", "call", "missing", NULL },
	.ops = &init_before_use_ops,
};

/* store-before-init */

static void sbi_path(const struct check *c, const struct path *p)
{
	for (size_t u = 0; u < p->len; u++) {
		const struct hist_item *init = &p->items[u];
		const struct cfg_call *call = init->kind == HIST_CALL ? event_call(init->g, init->event) : NULL;
		if (!call || !is_init_call(c, call, "init_calls"))
			continue;
		const struct cfg_place *place = use_place(call, 1);
		if (!place)
			continue;
		/* Stores since the previous init of the same variable. */
		size_t from = 0;
		for (size_t i = 0; i < u; i++) {
			const struct hist_item *it = &p->items[i];
			const struct cfg_call *prev = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
			const struct cfg_place *pp = prev && is_init_call(c, prev, "init_calls") ? use_place(prev, 1) : NULL;
			if (pp && same_var(it, pp->root, pp->root_is_global, init, place->root, place->root_is_global))
				from = i + 1;
		}
		for (size_t i = from; i < u; i++) {
			const struct hist_item *it = &p->items[i];
			if (it->kind != HIST_STORE ||
			    !same_var(it, it->event->target.root, it->event->target.root_is_global, init, place->root,
				      place->root_is_global))
				continue;
			char *line = xasprintf("%u", init->event->loc.line);
			const char *vars[] = { "target", it->event->target.path, "var", place->root, "init",
					       call->callee, "init_line", line, NULL };
			report(c, it->event->loc, it->g->function, p, &init->event->loc, "zeroes it here", vars);
			free(line);
		}
	}
}

static const struct kind_ops store_before_init_ops = {
	.relevant = struct_relevant,
	.check_path = sbi_path,
};

const struct kind kind_store_before_init = {
	.name = "store-before-init",
	.placeholders = (const char *const[]){ "target", "var", "init", "init_line", NULL },
	.ops = &store_before_init_ops,
};

/* fields-together */

static void ft_path(const struct check *c, const struct path *p)
{
	int arg = use_arg(c);
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(c->params, "fields");
	const char *a = cJSON_GetArrayItem(fields, 0)->valuestring;
	const char *b = cJSON_GetArrayItem(fields, 1)->valuestring;
	for (size_t u = 0; u < p->len; u++) {
		const struct hist_item *use = &p->items[u];
		const struct cfg_call *call = use_at(c, use);
		if (!call)
			continue;
		const struct cfg_place *place = use_place(call, arg);
		if (!place)
			continue;
		struct prepared st;
		prepared_state(c, p, u, place, &st);
		size_t from = st.zeroed ? index_of(p, st.zeroed) : 0;
		const struct hist_item *sa = field_store_after(p, from, u, use, place, a);
		const struct hist_item *sb = field_store_after(p, from, u, use, place, b);
		/* A store of 0 or NULL is not setting it. */
		bool has_a = sa && sa->event->value.kind != VALUE_NULL &&
			     !(sa->event->value.kind == VALUE_CONSTANT && sa->event->value.number == 0);
		bool has_b = sb && sb->event->value.kind != VALUE_NULL &&
			     !(sb->event->value.kind == VALUE_CONSTANT && sb->event->value.number == 0);
		if (has_a == has_b || span_hidden_by_opaque(c, p, from, u, place->root))
			continue;
		const char *vars[] = { "var", place->root, "call", call->callee, "present", has_a ? a : b,
				       "missing", has_a ? b : a, NULL };
		const struct hist_item *set = has_a ? sa : sb;
		report(c, use->event->loc, use->g->function, p, &set->event->loc, "set here", vars);
	}
}

static const struct kind_ops fields_together_ops = {
	.relevant = struct_relevant,
	.check_path = ft_path,
};

const struct kind kind_fields_together = {
	.name = "fields-together",
	.placeholders = (const char *const[]){ "var", "present", "missing", "call", NULL },
	.ops = &fields_together_ops,
};

/* struct-fields: a local prepared on the path, or a global's initializer. */

static void sf_path(const struct check *c, const struct path *p)
{
	int arg = use_arg(c);
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(c->params, "fields");
	for (size_t u = 0; u < p->len; u++) {
		const struct hist_item *use = &p->items[u];
		const struct cfg_call *call = use_at(c, use);
		if (!call)
			continue;
		const struct cfg_place *place = use_place(call, arg);
		if (!place)
			continue;
		const struct global_facts *global = place->root_is_global
			? program_global(c->prog, c->entry->unit, place->root) : NULL;
		if (place->root_is_global && !global)
			continue; /* defined in a file we do not see */
		struct strbuf problem = STRBUF_INIT;
		const cJSON *field;
		cJSON_ArrayForEach(field, fields) {
			const char *value = NULL;
			bool present = false;
			if (global) {
				value = global_field(global, field->string);
				present = value != NULL;
			} else {
				struct prepared st;
				prepared_state(c, p, u, place, &st);
				const struct hist_item *store = field_store_after(
					p, st.zeroed ? index_of(p, st.zeroed) : 0, u, use, place, field->string);
				present = store != NULL;
				value = store ? store->event->value.text : NULL;
			}
			if (present && value_accepted(field, value, place->root))
				continue;
			const cJSON *want = cJSON_GetArrayItem(field, 0);
			if (present)
				strbuf_addf(&problem, "%s%s = %s instead of %s", problem.len ? " and " : "",
					    field->string, value, want ? want->valuestring : "?");
			else
				strbuf_addf(&problem, "%sno %s = %s", problem.len ? " and " : "", field->string,
					    want ? want->valuestring : "?");
		}
		if (problem.len && (global || !span_hidden_by_opaque(c, p, 0, u, place->root))) {
			const char *vars[] = { "var", place->root, "call", call->callee, "problem",
					       strbuf_str(&problem), NULL };
			struct cfg_loc where = global ? global->loc : use->event->loc;
			report(c, use->event->loc, use->g->function, p, global ? &where : NULL,
			       global ? "defined here" : NULL, vars);
		}
		strbuf_release(&problem);
	}
}

static const struct kind_ops struct_fields_ops = {
	.relevant = struct_relevant,
	.check_path = sf_path,
};

const struct kind kind_struct_fields = {
	.name = "struct-fields",
	.placeholders = (const char *const[]){ "var", "problem", "call", NULL },
	.ops = &struct_fields_ops,
};

/* attributes-passed */

static void ap_path(const struct check *c, const struct path *p)
{
	int arg = use_arg(c);
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(c->params, "fields");
	for (size_t u = 0; u < p->len; u++) {
		const struct hist_item *use = &p->items[u];
		const struct cfg_call *call = use_at(c, use);
		if (!call)
			continue;
		const struct cfg_place *passed = use_place(call, arg);
		for (size_t i = 0; i < u; i++) {
			const struct hist_item *it = &p->items[i];
			const struct cfg_call *init = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
			const struct cfg_place *attrs = init && is_init_call(c, init, "init_calls") ? use_place(init, 1) : NULL;
			if (!attrs)
				continue;
			if (passed && same_var(it, attrs->root, attrs->root_is_global, use, passed->root, passed->root_is_global))
				continue;
			const struct hist_item *set = NULL;
			const cJSON *field;
			cJSON_ArrayForEach(field, fields) {
				const struct hist_item *s = field_store_after(p, i, u, it, attrs, field->valuestring);
				if (s && s->event->value.kind != VALUE_NULL)
					set = s;
			}
			if (!set)
				continue;
			char *line = xasprintf("%u", set->event->loc.line);
			const char *vars[] = { "var", attrs->root, "field", set->event->target.field, "field_line",
					       line, "call", call->callee, NULL };
			report(c, use->event->loc, use->g->function, p, &set->event->loc, "set here", vars);
			free(line);
		}
	}
}

static const struct kind_ops attributes_passed_ops = {
	.relevant = struct_relevant,
	.check_path = ap_path,
};

const struct kind kind_attributes_passed = {
	.name = "attributes-passed",
	.placeholders = (const char *const[]){ "var", "field", "field_line", "call", NULL },
	.ops = &attributes_passed_ops,
};

/* wdf-nonpnp */

static void nonpnp_path(const struct check *c, const struct path *p)
{
	int arg = use_arg(c);
	const char *init_call = param_string(c->params, "init_call");
	int add_arg = param_int(c->params, "add_arg", 2);
	const char *add_field = param_string(c->params, "add_field");
	const char *flags_field = param_string(c->params, "flags_field");
	const char *flag = param_string(c->params, "nonpnp_flag");
	const char *unload_field = param_string(c->params, "unload_field");
	for (size_t u = 0; u < p->len; u++) {
		const struct hist_item *use = &p->items[u];
		const struct cfg_call *call = use_at(c, use);
		if (!call)
			continue;
		const struct cfg_place *place = use_place(call, arg);
		if (!place)
			continue;
		bool add_null = false, nonpnp = false, unload = false, known_init = false, exempt = false;
		for (size_t i = 0; i < u; i++) {
			const struct hist_item *it = &p->items[i];
			const struct cfg_call *ic = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
			const struct cfg_place *ip = ic && call_named(ic, init_call) ? use_place(ic, 1) : NULL;
			if (ip && same_var(it, ip->root, ip->root_is_global, use, place->root, place->root_is_global)) {
				known_init = true;
				add_null = (size_t)add_arg <= ic->nargs && ic->args[add_arg - 1].kind == VALUE_NULL;
				nonpnp = unload = false;
				continue;
			}
			if (it->kind != HIST_STORE ||
			    !same_var(it, it->event->target.root, it->event->target.root_is_global, use, place->root,
				      place->root_is_global))
				continue;
			const struct cfg_event *e = it->event;
			if (stores_field(e, add_field))
				add_null = e->value.kind == VALUE_NULL;
			if (stores_field(e, flags_field) && mentions(&e->value, flag))
				nonpnp = true;
			const cJSON *unless;
			cJSON_ArrayForEach(unless, cJSON_GetObjectItemCaseSensitive(c->params, "unless_flags"))
				if (stores_field(e, flags_field) && mentions(&e->value, unless->valuestring))
					exempt = true;
			if (stores_field(e, unload_field))
				unload = e->value.kind != VALUE_NULL;
		}
		if (!known_init)
			continue;
		const char *problem = NULL;
		if (add_null && !nonpnp && !exempt)
			problem = "has no EvtDriverDeviceAdd but does not set WdfDriverInitNonPnpDriver";
		else if (nonpnp && !unload)
			problem = "sets WdfDriverInitNonPnpDriver but no EvtDriverUnload";
		if (!problem || span_hidden_by_opaque(c, p, 0, u, place->root))
			continue;
		const char *vars[] = { "var", place->root, "call", call->callee, "problem", problem, NULL };
		report(c, use->event->loc, use->g->function, p, NULL, NULL, vars);
	}
}

static const struct kind_ops wdf_nonpnp_ops = {
	.relevant = struct_relevant,
	.check_path = nonpnp_path,
};

const struct kind kind_wdf_nonpnp = {
	.name = "wdf-nonpnp",
	.placeholders = (const char *const[]){ "var", "problem", "call", NULL },
	.ops = &wdf_nonpnp_ops,
};

/* checked-before-use */

static bool cbu_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct cfg_call *call = event_call(g, e);
	if (call) {
		if (call_named(call, param_string(c->params, "call")))
			return true;
		for (size_t a = 0; a < call->nargs; a++)
			if (call->args[a].kind == VALUE_PLACE && (call->args[a].place.field || call->args[a].place.deref))
				return true;
		return false;
	}
	return is_store(e) && (e->target.field || e->target.deref ||
			       (e->value.kind == VALUE_PLACE && (e->value.place.field || e->value.place.deref)));
}

static bool uses_through(const struct cfg_place *place, const char *var)
{
	return place->root && !strcmp(place->root, var) && (place->field || place->deref);
}

static void cbu_path(const struct check *c, const struct path *p)
{
	const char *name = param_string(c->params, "call");
	int out_arg = param_int(c->params, "out_arg", 0);
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		const struct cfg_call *call = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
		if (!call || !call_named(call, name))
			continue;
		const struct cfg_place *out = use_place(call, out_arg);
		if (!out)
			continue;
		for (size_t j = i + 1; j < p->len; j++) {
			const struct hist_item *later = &p->items[j];
			if (later->kind == HIST_REFINE && later->site == it->site)
				break; /* checked (either way: the failure branch is another path's business) */
			if (later->frame != it->frame || !later->event)
				continue;
			const struct cfg_event *e = later->event;
			bool used = false;
			const struct cfg_call *lc = event_call(later->g, e);
			if (lc) {
				if (call_named(lc, name))
					break;
				for (size_t a = 0; a < lc->nargs; a++)
					used |= lc->args[a].kind == VALUE_PLACE && uses_through(&lc->args[a].place, out->root);
			} else if (is_store(e)) {
				used = uses_through(&e->target, out->root) ||
				       (e->value.kind == VALUE_PLACE && uses_through(&e->value.place, out->root));
			}
			if (!used)
				continue;
			char *line = xasprintf("%u", it->event->loc.line);
			const char *vars[] = { "var", out->root, "call", name, "call_line", line, NULL };
			report(c, e->loc, later->g->function, p, &it->event->loc, "allocated here", vars);
			free(line);
			break;
		}
	}
}

static const struct kind_ops checked_before_use_ops = {
	.relevant = cbu_relevant,
	.check_path = cbu_path,
};

const struct kind kind_checked_before_use = {
	.name = "checked-before-use",
	.placeholders = (const char *const[]){ "var", "call", "call_line", NULL },
	.ops = &checked_before_use_ops,
};

/* extension-size */

static void size_visit(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e,
		       void *data)
{
	const struct cfg_call *call = event_call(g, e);
	if (!call || !call_named(call, param_string(c->params, "call")))
		return;
	int size_arg = param_int(c->params, "size_arg", 0), out_arg = param_int(c->params, "out_arg", 0);
	if (size_arg < 1 || out_arg < 1 || (size_t)size_arg > call->nargs || (size_t)out_arg > call->nargs)
		return;
	const struct cfg_value *size = &call->args[size_arg - 1];
	const struct cfg_value *out = &call->args[out_arg - 1];
	if (size->kind != VALUE_CONSTANT || out->kind != VALUE_ADDRESS || out->pointee_size <= 0 ||
	    size->number >= out->pointee_size)
		return;
	char *bytes = xasprintf("%lld", size->number);
	char *type_size = xasprintf("%lld", out->pointee_size);
	const char *vars[] = { "call", call->callee, "size", bytes, "var", out->place.root, "type",
			       out->pointee_type ? out->pointee_type : "?", "type_size", type_size, NULL };
	report(c, e->loc, g->function, NULL, NULL, NULL, vars);
	free(type_size);
	free(bytes);
	(void)data;
	(void)unit;
}

static void size_entry(const struct check *c)
{
	kind_visit_events(c, size_visit, NULL);
}

static const struct kind_ops extension_size_ops = {
	.check_entry = size_entry,
};

const struct kind kind_extension_size = {
	.name = "extension-size",
	.placeholders = (const char *const[]){ "size", "var", "type", "type_size", "call", NULL },
	.ops = &extension_size_ops,
};

/* escapes-without-copy: only DriverEntry's own body knows which parameter is which. */

static void escapes_entry(const struct check *c)
{
	const struct cfg *g = c->fn->cfg;
	int param = param_int(c->params, "param", 2) - 1;
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(c->params, "fields");
	for (size_t b = 0; b < g->nblocks; b++) {
		for (size_t i = 0; i < g->blocks[b].nevents; i++) {
			const struct cfg_event *e = &g->blocks[b].events[i];
			if (!is_store(e) || e->value.kind != VALUE_PLACE)
				continue;
			const struct cfg_place *v = &e->value.place;
			if (!v->root_is_param || v->param_index != param)
				continue;
			bool pointer = !v->field && !v->deref;           /* RegistryPath */
			bool by_value = !v->field && v->deref;           /* *RegistryPath */
			bool buffer = v->field && string_in(v->field, fields);
			if (!pointer && !by_value && !buffer)
				continue;
			const struct cfg_place *t = &e->target;
			bool outlives = t->root_is_global || t->deref || (t->path && strstr(t->path, "->"));
			if (!outlives)
				continue;
			const char *vars[] = { "what", v->path, "target", t->path, NULL };
			report(c, e->loc, g->function, NULL, NULL, NULL, vars);
		}
	}
}

static const struct kind_ops escapes_without_copy_ops = {
	.check_entry = escapes_entry,
};

const struct kind kind_escapes_without_copy = {
	.name = "escapes-without-copy",
	.placeholders = (const char *const[]){ "what", "target", NULL },
	.ops = &escapes_without_copy_ops,
};
