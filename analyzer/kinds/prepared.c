/* SPDX-License-Identifier: Apache-2.0 */
/* Rule kinds about structures prepared for a call: init-before-use,
 * fields-together, struct-fields and attributes-passed (and
 * store-before-init, in storeinit.c, and wdf-nonpnp, in nonpnp.c). Each
 * replays what was done to the variable passed before the call that uses
 * it, in order; branch outcomes play no part, so paths merge on the
 * sequence of those events (kinds_ordered_events_summary), or for init-before-use
 * and wdf-nonpnp on what a later use can still report of them. */
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "facts/entry.h"
#include "kinds/prepared.h"
#include "kinds/shared.h"
#include "base/problems.h"
#include "facts/program.h"
#include "rules/rules.h"
#include "base/alloc.h"
#include "base/hash.h"
#include "base/map.h"
#include "base/strbuf.h"
#include "base/strvec.h"

/* Whether `e` stores into `field`: a member's name (Version), or a member
 * path (Header.Type) that the stored place ends with. */
static bool stores_named_field(const struct cfg_event *e, const char *field)
{
	if (!strchr(field, '.'))
		return kinds_event_stores_field(e, field);
	const char *path = e->target.path;
	size_t n = path ? strlen(path) : 0, m = strlen(field);
	return kinds_event_is_store(e) && n > m && !strcmp(path + n - m, field) &&
	       (path[n - m - 1] == '.' || path[n - m - 1] == '>');
}


static unsigned nonpnp_problems_compile(const cJSON *report)
{
	static const struct {
		const char *name;
		unsigned bit;
	} names[] = {
		{ "pnp-without-add", NP_REPORT_PNP_NO_ADD },
		{ "nonpnp-without-unload", NP_REPORT_NONPNP_NO_UNLOAD },
		{ "nonpnp-with-add", NP_REPORT_NONPNP_WITH_ADD },
	};
	if (!cJSON_IsArray(report))
		return NP_REPORT_PNP_NO_ADD | NP_REPORT_NONPNP_NO_UNLOAD;
	unsigned bits = 0;
	const cJSON *r;
	cJSON_ArrayForEach(r, report)
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (cJSON_IsString(r) && !strcmp(r->valuestring, names[k].name))
				bits |= names[k].bit;
	return bits;
}

void *prepared_params_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct prepared_params *pp = alloc_zeroed(1, sizeof(*pp));
	const cJSON *use = cJSON_GetObjectItemCaseSensitive(params, "use");
	kinds_names_compile(&pp->use_calls, cJSON_GetObjectItemCaseSensitive(use, "calls"));
	pp->use_arg = kinds_param_int(use, "arg", 0);
	kinds_names_compile(&pp->init_calls, cJSON_GetObjectItemCaseSensitive(params, "init_calls"));
	pp->init_call = kinds_param_string(params, "init_call");
	pp->zeroed = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "zeroed"));
	pp->add_arg = kinds_param_int(params, "add_arg", 2);
	pp->add_field = kinds_param_string(params, "add_field");
	pp->flags_field = kinds_param_string(params, "flags_field");
	pp->nonpnp_flag = kinds_param_string(params, "nonpnp_flag");
	pp->unload_field = kinds_param_string(params, "unload_field");
	kinds_names_compile(&pp->unless_flags, cJSON_GetObjectItemCaseSensitive(params, "unless_flags"));
	pp->problems = nonpnp_problems_compile(cJSON_GetObjectItemCaseSensitive(params, "report"));
	const cJSON *field;
	cJSON_ArrayForEach(field, cJSON_GetObjectItemCaseSensitive(params, "fields"))
		strvec_push(&pp->fields, field->string ? field->string : field->valuestring);
	const char *named[] = { pp->add_field, pp->flags_field, pp->unload_field };
	for (size_t i = 0; i < 3; i++)
		if (named[i])
			strvec_push(&pp->fields, named[i]);
	return pp;
}

void prepared_params_release(void *compiled)
{
	struct prepared_params *pp = compiled;
	strvec_clear(&pp->use_calls);
	strvec_clear(&pp->init_calls);
	strvec_clear(&pp->unless_flags);
	strvec_clear(&pp->fields);
	free(pp);
}

bool prepared_use_call(const struct check *c, const struct cfg_call *call)
{
	const struct prepared_params *pp = c->compiled;
	return kinds_call_listed(call, &pp->use_calls);
}

int prepared_use_arg(const struct check *c)
{
	const struct prepared_params *pp = c->compiled;
	return pp->use_arg;
}

/* The call of history item `it` when it is the rule's use call, else NULL. */
const struct cfg_call *prepared_use_at(const struct check *c, const struct hist_item *it)
{
	const struct cfg_call *call = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
	return call && prepared_use_call(c, call) ? call : NULL;
}

/* Structures prepared for a call: shared replay of what was done to each
 * variable on the path before the use. */

struct prepared {
	const struct hist_item *zeroed;     /* last zeroing or init call */
	const struct hist_item *init;       /* last init call */
	bool global;
};

bool prepared_is_init_call(const struct check *c, const struct cfg_call *call, bool or_init_call)
{
	const struct prepared_params *pp = c->compiled;
	return kinds_call_listed(call, &pp->init_calls) || (or_init_call && kinds_call_named(call, pp->init_call));
}

bool prepared_struct_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct cfg_call *call = event_call(g, e);
	if (call)
		return prepared_use_call(c, call) || prepared_is_init_call(c, call, true);
	return e->kind == EVENT_ZERO || (e->kind == EVENT_STORE && e->target.field);
}

/* Whether the function `g` passes a variable named `root` to a use call:
 * a local that no use in its own function is given is no structure the rule
 * judges (a zeroing of a helper's own buffer). */
static bool used_in(const struct check *c, const struct cfg *g, const char *root)
{
	for (size_t k = 0; root && k < g->ncalls; k++) {
		const struct cfg_place *places[8];
		size_t n = prepared_use_call(c, &g->calls[k]) ? kinds_arg_places(&g->calls[k], prepared_use_arg(c), places, 8) : 0;
		for (size_t i = 0; i < n; i++)
			if (places[i]->root && !strcmp(places[i]->root, root))
				return true;
	}
	return false;
}

bool prepared_fields_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct prepared_params *pp = c->compiled;
	if (e->kind == EVENT_STORE) {
		for (size_t i = 0; e->target.field && i < pp->fields.len; i++)
			if (stores_named_field(e, pp->fields.items[i]))
				return true;
		return false;
	}
	return prepared_struct_relevant(c, g, e);
}

/* One accepted text for a field's value: "sizeof(*)" stands for sizeof the
 * variable, or of its declared type when known (`type`, or NULL): a virtual
 * miniport's VIRTUAL_HW_INITIALIZATION_DATA is passed cast to the pointer
 * type of HW_INITIALIZATION_DATA, with the size of what it is. */
static bool value_matches(const char *want, const char *text, const char *var, const char *type)
{
	if (!text)
		return false;
	if (strcmp(want, "sizeof(*)"))
		return !strcmp(text, want);
	char *s1 = alloc_printf("sizeof(%s)", var), *s2 = alloc_printf("sizeof%s", var);
	char *s3 = type && *type ? alloc_printf("sizeof(%s)", type) : NULL;
	bool ok = !strcmp(text, s1) || !strcmp(text, s2) || (s3 && !strcmp(text, s3));
	free(s1);
	free(s2);
	free(s3);
	return ok;
}

static bool value_accepted(const cJSON *accepted, const char *text, const char *var, const char *type)
{
	if (!cJSON_GetArraySize(accepted))
		return true;
	const cJSON *item;
	cJSON_ArrayForEach(item, accepted)
		if (value_matches(item->valuestring, text, var, type))
			return true;
	return false;
}

/* The same for a stored value: a `c ? a : b` (a revision picked by the
 * running version) is accepted when each value it may take is. */
static bool stored_value_accepted(const cJSON *accepted, const struct cfg_value *v, const char *var,
				  const char *type)
{
	if (!v->nalts)
		return value_accepted(accepted, v->text, var, type);
	for (size_t k = 0; k < v->nalts; k++)
		if (!stored_value_accepted(accepted, &v->alts[k], var, type))
			return false;
	return true;
}

/* "agree": the positions in `accepted` a stored value may take, a bit each;
 * a value at or past `bound` (sizeof the structure, past the list of
 * revisions) agrees with every position. */
static unsigned long value_positions(const cJSON *accepted, const struct cfg_value *v, const char *var,
				     const char *type, int bound)
{
	unsigned long bits = 0;
	for (size_t k = 0; k < v->nalts; k++)
		bits |= value_positions(accepted, &v->alts[k], var, type, bound);
	if (v->nalts)
		return bits;
	int at = 0;
	const cJSON *item;
	cJSON_ArrayForEach(item, accepted) {
		if (value_matches(item->valuestring, v->text, var, type))
			return at < bound && at < 32 ? 1UL << at : ~0UL;
		at++;
	}
	return 0;
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
		    given_same_variable(it, it->event->target.root, it->event->target.root_is_global, use, place->root,
			     place->root_is_global))
			out->zeroed = it;
		if (it->kind == HIST_CALL) {
			const struct cfg_call *call = event_call(it->g, it->event);
			const struct cfg_place *arg = kinds_arg_place(call, 1);
			if (arg && prepared_is_init_call(c, call, true) &&
			    given_same_variable(it, arg->root, arg->root_is_global, use, place->root, place->root_is_global)) {
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
		if (it->kind == HIST_STORE && stores_named_field(it->event, field) &&
		    given_same_variable(it, it->event->target.root, it->event->target.root_is_global, use, place->root,
			     place->root_is_global))
			found = it;
	}
	return found;
}

static size_t index_of(const struct path *p, const struct hist_item *it)
{
	return it ? (size_t)(it - p->items) : 0;
}

/* Pairs of fields whose accepted values go together by position (a header's
 * revision and the size of that revision): a store of each that no pairing
 * can make agree is reported. A `c ? a : b` agrees when one of its values does. */
static void agreement_check(const struct check *c, const struct path *p, size_t from, size_t u,
			    const struct cfg_place *place, const char *type, struct strbuf *missing)
{
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(c->params, "fields");
	const cJSON *pair;
	cJSON_ArrayForEach(pair, cJSON_GetObjectItemCaseSensitive(c->params, "agree")) {
		const char *a = cJSON_GetArrayItem(pair, 0)->valuestring, *b = cJSON_GetArrayItem(pair, 1)->valuestring;
		const cJSON *la = cJSON_GetObjectItemCaseSensitive(fields, a), *lb = cJSON_GetObjectItemCaseSensitive(fields, b);
		const struct hist_item *sa = field_store_after(p, from, u, &p->items[u], place, a);
		const struct hist_item *sb = field_store_after(p, from, u, &p->items[u], place, b);
		if (!la || !lb || !sa || !sb)
			continue;
		int na = cJSON_GetArraySize(la), nb = cJSON_GetArraySize(lb), n = na < nb ? na : nb;
		unsigned long ma = value_positions(la, &sa->event->value, place->root, type, n);
		unsigned long mb = value_positions(lb, &sb->event->value, place->root, type, n);
		if (ma && mb && !(ma & mb))
			strbuf_addf(missing, "%s%s matching %s (%s is not the value for %s)", missing->len ? ", " : "", b,
				    a, sb->event->value.text ? sb->event->value.text : "?",
				    sa->event->value.text ? sa->event->value.text : "?");
	}
}

/* init-before-use */

/* Whether the function `g` gives the address of `root` to a routine of the
 * driver's (one not declared by the kit). */
static bool handed_to_helper(const struct cfg *g, const char *root)
{
	for (size_t k = 0; root && k < g->ncalls; k++) {
		const struct cfg_call *call = &g->calls[k];
		if (call->callee_in_system_header)
			continue;
		for (size_t a = 0; a < call->nargs; a++)
			if (call->args[a].kind == VALUE_ADDRESS && call->args[a].place.root &&
			    !strcmp(call->args[a].place.root, root))
				return true;
	}
	return false;
}

static bool names_json_has(const cJSON *names, const char *name)
{
	const cJSON *n;
	cJSON_ArrayForEach(n, names)
		if (cJSON_IsString(n) && !strcmp(n->valuestring, name))
			return true;
	return false;
}

static void init_before_use_path(const struct check *c, const struct path *p)
{
	int arg = prepared_use_arg(c);
	for (size_t u = 0; u < p->len; u++) {
		const struct hist_item *use = &p->items[u];
		const struct cfg_call *call = prepared_use_at(c, use);
		if (!call)
			continue;
		const struct cfg_place *place = kinds_arg_place(call, arg);
		if (!place || call->args[arg - 1].kind != VALUE_ADDRESS)
			continue; /* a pointer from elsewhere: not ours to judge */
		const char *type = call->args[arg - 1].place_type;
		struct prepared st;
		prepared_state(c, p, u, place, &st);
		struct strbuf missing = STRBUF_INIT;
		const struct prepared_params *pp = c->compiled;
		if (pp->init_calls.len && !st.init) {
			strbuf_adds(&missing, "being initialized by ");
			for (size_t k = 0; k < pp->init_calls.len; k++)
				strbuf_addf(&missing, "%s%s", k ? " or " : "", pp->init_calls.items[k]);
		}
		bool zeroed = st.zeroed || st.global; /* static storage starts zeroed */
		if (pp->zeroed && !zeroed)
			strbuf_addf(&missing, "%sbeing zeroed", missing.len ? ", " : "");
		/* A call may require only some of the fields (fields_by_call). */
		const cJSON *only = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(c->params, "fields_by_call"), call->callee);
		const cJSON *field;
		cJSON_ArrayForEach(field, cJSON_GetObjectItemCaseSensitive(c->params, "fields")) {
			if (only && !names_json_has(only, field->string))
				continue;
			const struct hist_item *store =
				field_store_after(p, st.zeroed ? index_of(p, st.zeroed) : 0, u, use, place, field->string);
			if (store && stored_value_accepted(field, &store->event->value, place->root, type))
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
		agreement_check(c, p, st.zeroed ? index_of(p, st.zeroed) : 0, u, place, type, &missing);
		if (missing.len && p->widened && !c->strict && handed_to_helper(use->g, place->root)) {
			/* The path forgot which way tests of flags went, and the routine
			 * prepares the structure in a helper under such a test, maybe. */
			problems_add(c->notes, PROBLEM_NOTE, c->entry->file, c->entry->line, c->entry->column,
				     "%s: %s not checked for '%s' at line %u: the path forgot which way earlier tests "
				     "of flags went, and %s gives it to a routine of the driver's that may prepare it",
				     c->entry->function, c->rule->id, place->root, use->event->loc.line,
				     use->g->function);
		} else if (missing.len && !kinds_span_hidden_by_opaque(c, p, 0, u, place->root)) {
			char *text = alloc_printf("without %s", strbuf_str(&missing));
			const char *vars[] = { "var", place->root, "call", call->callee, "missing", text, NULL };
			eval_add_finding(c, use->event->loc, use->g->function, p, NULL, NULL, vars);
			free(text);
		}
		strbuf_release(&missing);
	}
}

/* For init-before-use, of the zeroings and stores into a local only those
 * of a local its function gives to a use call: the structure judged is
 * always the use's argument. */
static bool used_fields_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	if ((e->kind == EVENT_ZERO || e->kind == EVENT_STORE) && e->target.root && !e->target.root_is_param &&
	    !e->target.root_is_global && !e->target.root_is_this && !used_in(c, g, e->target.root))
		return false;
	return prepared_fields_relevant(c, g, e);
}

/* What the invisible call at `it` adds to a sum of the names it is given
 * that some use is given too, each name once over a path (`seen`):
 * kinds_span_hidden_by_opaque asks no more. */
unsigned long long prepared_hidden_names(const struct given_roots *roots, const struct hist_item *it,
				       struct u64set *seen)
{
	const struct cfg_call *call = it->kind == HIST_OPAQUE ? event_call(it->g, it->event) : NULL;
	unsigned long long sum = 0;
	for (size_t a = 0; call && a < call->nargs; a++) {
		const struct cfg_value *v = &call->args[a];
		if ((v->kind != VALUE_ADDRESS && v->kind != VALUE_PLACE) || !v->place.root ||
		    !given_roots_has(roots, v->place.root))
			continue;
		unsigned long long h = hash_bytes(v->place.root, strlen(v->place.root), 0) | 1;
		sum += u64set_add(seen, h) ? h : 0;
	}
	return sum;
}

/* A variable some use is given, as a later use would find it. */
struct var_prep {
	unsigned long long id;
	bool zeroed, init;
	const struct cfg_event **stores; /* per named field: the last store since the last zeroing */
};

static int by_id(const void *a, const void *b)
{
	unsigned long long x = ((const struct var_prep *)a)->id, y = ((const struct var_prep *)b)->id;
	return x < y ? -1 : x > y;
}

/* What a later use can still report, per variable some use is given:
 * whether it was zeroed and initialized, the last store into each named
 * field since its last zeroing; and which of their names an invisible call
 * was given. The order of all else tells paths apart for nothing. */
static void init_use_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	const struct prepared_params *pp = c->compiled;
	const struct given_roots *roots = given_roots(c, &kind_init_before_use, prepared_use_call, prepared_use_arg(c));
	size_t nf = pp->fields.len, nvars = 0, cap = 0;
	struct var_prep *vars = NULL;
	struct u64set hidden = U64SET_INIT;
	unsigned long long names = 0; /* in no order: a sum, each name once */
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		const struct cfg_call *call = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
		const struct cfg_place *at = NULL;
		if (it->kind == HIST_ZERO || it->kind == HIST_STORE)
			at = &it->event->target;
		else if (it->kind == HIST_CALL && prepared_is_init_call(c, call, true))
			at = kinds_arg_place(call, 1);
		names += prepared_hidden_names(roots, it, &hidden);
		const char *name;
		if (!at || !at->root)
			continue;
		unsigned long long id = given_variable_id(it, at->root, at->root_is_global, &name);
		if (!given_roots_has(roots, name))
			continue;
		struct var_prep *v = NULL;
		for (size_t k = 0; k < nvars && !v; k++)
			v = vars[k].id == id ? &vars[k] : NULL;
		if (!v) {
			GROW(vars, cap, nvars + 1);
			v = &vars[nvars++];
			*v = (struct var_prep){ id, false, false, alloc_zeroed(nf + 1, sizeof(*v->stores)) };
		}
		if (it->kind != HIST_STORE) {
			v->zeroed = true;
			v->init |= it->kind == HIST_CALL;
			memset(v->stores, 0, nf * sizeof(*v->stores));
		}
		for (size_t f = 0; it->kind == HIST_STORE && f < nf; f++)
			if (stores_named_field(it->event, pp->fields.items[f]))
				v->stores[f] = it->event;
	}
	if (nvars) /* qsort may not be given NULL */
		qsort(vars, nvars, sizeof(*vars), by_id);
	for (size_t k = 0; k < nvars; k++) {
		key_int(key, vars[k].id << 2 | (unsigned)vars[k].zeroed << 1 | vars[k].init);
		for (size_t f = 0; f < nf; f++)
			key_ptr(key, vars[k].stores[f]);
		free(vars[k].stores);
	}
	key_int(key, names);
	u64set_clear(&hidden);
	free(vars);
}

static const struct kind_ops init_before_use_ops = {
	.relevant = used_fields_relevant,
	.check_path = init_before_use_path,
	.summary = init_use_summary,
	.summary_reads = HIST_BIT(HIST_CALL) | HIST_BIT(HIST_STORE) | HIST_BIT(HIST_ZERO) | HIST_BIT(HIST_OPAQUE),
	.outcomes_unread = true,
};

const struct kind kind_init_before_use = {
	.name = "init-before-use",
	.placeholders = (const char *const[]){ "var", "call", "missing", NULL },
	.compile = prepared_params_compile,
	.release = prepared_params_release,
	.ops = &init_before_use_ops,
};

/* fields-together */

static void together_path(const struct check *c, const struct path *p)
{
	int arg = prepared_use_arg(c);
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(c->params, "fields");
	const char *a = cJSON_GetArrayItem(fields, 0)->valuestring;
	const char *b = cJSON_GetArrayItem(fields, 1)->valuestring;
	for (size_t u = 0; u < p->len; u++) {
		const struct hist_item *use = &p->items[u];
		const struct cfg_call *call = prepared_use_at(c, use);
		if (!call)
			continue;
		const struct cfg_place *place = kinds_arg_place(call, arg);
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
		if (has_a == has_b || kinds_span_hidden_by_opaque(c, p, from, u, place->root))
			continue;
		const char *vars[] = { "var", place->root, "call", call->callee, "present", has_a ? a : b,
				       "missing", has_a ? b : a, NULL };
		const struct hist_item *set = has_a ? sa : sb;
		eval_add_finding(c, use->event->loc, use->g->function, p, &set->event->loc, "set here", vars);
	}
}

static const struct kind_ops fields_together_ops = {
	.relevant = prepared_fields_relevant,
	.check_path = together_path,
	.summary = kinds_ordered_events_summary,
	.summary_reads = ORDERED_EVENTS_READS,
};

const struct kind kind_fields_together = {
	.name = "fields-together",
	.placeholders = (const char *const[]){ "var", "present", "missing", "call", NULL },
	.compile = prepared_params_compile,
	.release = prepared_params_release,
	.ops = &fields_together_ops,
};

/* struct-fields: a local prepared on the path, or a global's initializer. */

/* The fields of the structure at `place` that the call at `u` is passed. */
static void struct_fields_check(const struct check *c, const struct path *p, size_t u,
				const struct cfg_place *place, const cJSON *fields)
{
	const struct hist_item *use = &p->items[u];
	const struct cfg_call *call = event_call(use->g, use->event);
	const struct global_facts *global = place->root_is_global
		? program_global(c->prog, c->entry->unit, place->root) : NULL;
	if (place->root_is_global && !global)
		return; /* defined in a file we do not see */
	struct strbuf problem = STRBUF_INIT;
	const cJSON *field;
	cJSON_ArrayForEach(field, fields) {
		const char *value = NULL;
		bool present = false;
		if (global) {
			value = decls_field_initializer(global, field->string);
			present = value != NULL;
		} else {
			struct prepared st;
			prepared_state(c, p, u, place, &st);
			const struct hist_item *store = field_store_after(
				p, st.zeroed ? index_of(p, st.zeroed) : 0, u, use, place, field->string);
			present = store != NULL;
			value = store ? store->event->value.text : NULL;
		}
		if (present && value_accepted(field, value, place->root, NULL))
			continue;
		const cJSON *want = cJSON_GetArrayItem(field, 0);
		if (present)
			strbuf_addf(&problem, "%s%s = %s instead of %s", problem.len ? " and " : "",
				    field->string, value, want ? want->valuestring : "?");
		else
			strbuf_addf(&problem, "%sno %s = %s", problem.len ? " and " : "", field->string,
				    want ? want->valuestring : "?");
	}
	if (problem.len && (global || !kinds_span_hidden_by_opaque(c, p, 0, u, place->root))) {
		const char *vars[] = { "var", place->root, "call", call->callee, "problem",
				       strbuf_str(&problem), NULL };
		struct cfg_loc where = global ? global->loc : use->event->loc;
		eval_add_finding(c, use->event->loc, use->g->function, p, global ? &where : NULL,
		       global ? "defined here" : NULL, vars);
	}
	strbuf_release(&problem);
}

static void struct_fields_path(const struct check *c, const struct path *p)
{
	int arg = prepared_use_arg(c);
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(c->params, "fields");
	for (size_t u = 0; u < p->len; u++) {
		const struct hist_item *use = &p->items[u];
		const struct cfg_call *call = prepared_use_at(c, use);
		if (!call)
			continue;
		/* Each structure the argument may be (`legacy ? &RegA : &RegB`) must be right. */
		const struct cfg_place *places[8];
		size_t nplaces = kinds_arg_places(call, arg, places, 8);
		for (size_t k = 0; k < nplaces; k++)
			struct_fields_check(c, p, u, places[k], fields);
	}
}

static const struct kind_ops struct_fields_ops = {
	.relevant = prepared_fields_relevant,
	.check_path = struct_fields_path,
	.summary = kinds_ordered_events_summary,
	.summary_reads = ORDERED_EVENTS_READS,
};

const struct kind kind_struct_fields = {
	.name = "struct-fields",
	.placeholders = (const char *const[]){ "var", "problem", "call", NULL },
	.compile = prepared_params_compile,
	.release = prepared_params_release,
	.ops = &struct_fields_ops,
};

/* attributes-passed */

static void attributes_path(const struct check *c, const struct path *p)
{
	int arg = prepared_use_arg(c);
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(c->params, "fields");
	for (size_t u = 0; u < p->len; u++) {
		const struct hist_item *use = &p->items[u];
		const struct cfg_call *call = prepared_use_at(c, use);
		if (!call)
			continue;
		const struct cfg_place *passed = kinds_arg_place(call, arg);
		for (size_t i = 0; i < u; i++) {
			const struct hist_item *it = &p->items[i];
			const struct cfg_call *init = it->kind == HIST_CALL ? event_call(it->g, it->event) : NULL;
			const struct cfg_place *attrs = init && prepared_is_init_call(c, init, false) ? kinds_arg_place(init, 1) : NULL;
			if (!attrs)
				continue;
			if (passed && given_same_variable(it, attrs->root, attrs->root_is_global, use, passed->root, passed->root_is_global))
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
			char *line = alloc_printf("%u", set->event->loc.line);
			const char *vars[] = { "var", attrs->root, "field", set->event->target.field, "field_line",
					       line, "call", call->callee, NULL };
			eval_add_finding(c, use->event->loc, use->g->function, p, &set->event->loc, "set here", vars);
			free(line);
		}
	}
}

static const struct kind_ops attributes_passed_ops = {
	.relevant = prepared_fields_relevant,
	.check_path = attributes_path,
	.summary = kinds_ordered_events_summary,
	.summary_reads = ORDERED_EVENTS_READS,
};

const struct kind kind_attributes_passed = {
	.name = "attributes-passed",
	.placeholders = (const char *const[]){ "var", "field", "field_line", "call", NULL },
	.compile = prepared_params_compile,
	.release = prepared_params_release,
	.ops = &attributes_passed_ops,
};
