/* SPDX-License-Identifier: Apache-2.0 */
/* The order kind: the listed calls must come before the driver's entry points
 * (or, with "then": "global-store", a global its callbacks read) are stored;
 * with "since", between a call that takes something (a remove lock) and the
 * calls that must not run while it is held. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "kinds/orderparams.h"
#include "kinds/places.h"
#include "kinds/shared.h"
#include "kinds/unloaduse.h"
#include "facts/entry.h"
#include "base/problems.h"
#include "facts/program.h"
#include "facts/reads.h"
#include "rules/rules.h"
#include "base/alloc.h"
#include "base/map.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/strvec.h"

/* order */

static const char *const dispatch_fields[] = { "MajorFunction", "DriverUnload", "AddDevice", "DriverStartIo" };

static bool is_dispatch_store(const struct cfg_event *e)
{
	for (size_t i = 0; i < sizeof(dispatch_fields) / sizeof(*dispatch_fields); i++)
		if (e->target.field && !strcmp(e->target.field, dispatch_fields[i]))
			return true;
	return false;
}

static void *order_compile(const cJSON *params, const struct rule_extras *extras)
{
	(void)extras;
	struct order_params *op = alloc_zeroed(1, sizeof(*op));
	kinds_names_compile(&op->first, cJSON_GetObjectItemCaseSensitive(params, "first"));
	const char *then = kinds_param_string(params, "then");
	op->global_store = then && !strcmp(then, "global-store");
	if (then && !strcmp(then, "call"))
		kinds_names_compile(&op->then_calls, cJSON_GetObjectItemCaseSensitive(params, "then_calls"));
	kinds_names_compile(&op->since, cJSON_GetObjectItemCaseSensitive(params, "since"));
	kinds_names_compile(&op->made_by, cJSON_GetObjectItemCaseSensitive(params, "made_by"));
	kinds_names_compile(&op->own_device, cJSON_GetObjectItemCaseSensitive(params, "own_device"));
	const char *mode = kinds_param_string(params, "mode");
	op->after = mode && !strcmp(mode, "after");
	op->only_if_succeeded = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "only_if_succeeded"));
	kinds_names_compile(&op->not_callbacks, cJSON_GetObjectItemCaseSensitive(params, "not_callbacks"));
	const cJSON *cb;
	cJSON_ArrayForEach(cb, cJSON_GetObjectItemCaseSensitive(params, "callbacks")) {
		op->cbs = alloc_resize(op->cbs, (op->ncbs + 1) * sizeof(*op->cbs));
		struct callback_arg *a = &op->cbs[op->ncbs++];
		memset(a, 0, sizeof(*a));
		kinds_names_compile(&a->calls, cJSON_GetObjectItemCaseSensitive(cb, "calls"));
		a->arg = kinds_param_int(cb, "arg", 0);
		const cJSON *n;
		cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(cb, "also_args"))
			if (cJSON_IsNumber(n) && a->nalso < sizeof(a->also) / sizeof(*a->also))
				a->also[a->nalso++] = n->valueint;
		kinds_names_compile(&a->fields, cJSON_GetObjectItemCaseSensitive(cb, "fields"));
		a->remove_arg = kinds_param_int(cb, "remove_arg", 0);
		a->context_arg = kinds_param_int(cb, "context_arg", 0);
		a->context_param = kinds_param_int(cb, "context_param", 0);
		const cJSON *by = cJSON_GetObjectItemCaseSensitive(cb, "set_by");
		kinds_names_compile(&a->set_by, cJSON_GetObjectItemCaseSensitive(by, "calls"));
		a->set_object = kinds_param_int(by, "object", 0);
		a->set_routine = kinds_param_int(by, "routine", 0);
		a->set_context = kinds_param_int(by, "context", 0);
		const cJSON *through = cJSON_GetObjectItemCaseSensitive(by, "through");
		kinds_names_compile(&a->through, cJSON_GetObjectItemCaseSensitive(through, "calls"));
		a->through_config = kinds_param_int(through, "config", 0);
		a->through_object = kinds_param_int(through, "object", 0);
	}
	cJSON_ArrayForEach(cb, cJSON_GetObjectItemCaseSensitive(params, "initializers")) {
		op->inits = alloc_resize(op->inits, (op->ninits + 1) * sizeof(*op->inits));
		struct initializer *in = &op->inits[op->ninits++];
		memset(in, 0, sizeof(*in));
		kinds_names_compile(&in->calls, cJSON_GetObjectItemCaseSensitive(cb, "calls"));
		in->arg = kinds_param_int(cb, "arg", 1);
	}
	cJSON_ArrayForEach(cb, cJSON_GetObjectItemCaseSensitive(params, "readers")) {
		op->readers = alloc_resize(op->readers, (op->nreaders + 1) * sizeof(*op->readers));
		struct reader_arg *ra = &op->readers[op->nreaders++];
		memset(ra, 0, sizeof(*ra));
		kinds_names_compile(&ra->calls, cJSON_GetObjectItemCaseSensitive(cb, "calls"));
		const cJSON *n;
		cJSON_ArrayForEach(n, cJSON_GetObjectItemCaseSensitive(cb, "args"))
			if (cJSON_IsNumber(n) && ra->nargs < sizeof(ra->args) / sizeof(*ra->args))
				ra->args[ra->nargs++] = n->valueint;
	}
	op->unless_tested = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "unless_tested"));
	const char *at = kinds_param_string(params, "report_at");
	op->at_call = at && !strcmp(at, "call");
	op->success_only = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "success_only"));
	op->skip_zero = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(params, "skip_zero_stores"));
	return op;
}

static void order_release(void *compiled)
{
	struct order_params *op = compiled;
	strvec_clear(&op->first);
	strvec_clear(&op->not_callbacks);
	strvec_clear(&op->then_calls);
	strvec_clear(&op->since);
	strvec_clear(&op->made_by);
	strvec_clear(&op->own_device);
	for (size_t i = 0; i < op->ncbs; i++) {
		strvec_clear(&op->cbs[i].calls);
		strvec_clear(&op->cbs[i].fields);
		strvec_clear(&op->cbs[i].set_by);
		strvec_clear(&op->cbs[i].through);
	}
	free(op->cbs);
	for (size_t i = 0; i < op->ninits; i++)
		strvec_clear(&op->inits[i].calls);
	free(op->inits);
	for (size_t i = 0; i < op->nreaders; i++)
		strvec_clear(&op->readers[i].calls);
	free(op->readers);
	free(op);
}

static const struct callback_arg *callback_of(const struct order_params *op, const struct cfg_call *call)
{
	for (size_t k = 0; call && k < op->ncbs; k++)
		if (kinds_call_listed(call, &op->cbs[k].calls))
			return &op->cbs[k];
	return NULL;
}

/* The routines that the calls of `a->set_by` give the object `key` names
 * (KeInitializeDpc(&g.Dpc, TickDpc, ...) for a timer set with &g.Dpc). */
struct set_search {
	const struct callback_arg *a;
	const char *key;
	struct strvec *names;
	const struct cfg_call *set;     /* the first such call */
	const struct cfg *in;           /* only calls of this function (NULL: any) */
};

static const char *object_key(const struct cfg_value *v)
{
	if (v->kind != VALUE_ADDRESS && v->kind != VALUE_PLACE)
		return NULL;
	return v->place.key ? v->place.key : v->place.path;
}

static void note_set_routine(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e,
			     void *data)
{
	(void)c;
	(void)unit;
	struct set_search *s = data;
	const struct cfg_call *call = event_call(g, e);
	if (!call || (s->in && s->in != g) || !kinds_call_listed(call, &s->a->set_by) || s->a->set_object < 1 || s->a->set_routine < 1 ||
	    (size_t)s->a->set_object > call->nargs || (size_t)s->a->set_routine > call->nargs)
		return;
	const char *key = object_key(&call->args[s->a->set_object - 1]);
	if (!key || strcmp(key, s->key))
		return;
	kinds_function_names(s->names, &call->args[s->a->set_routine - 1]);
	if (!s->set)
		s->set = call;
}

/* The calls of `a->through` that made the handle `key` names: the routines
 * set_by gave the configuration each was made from, in its function. */
struct through_search {
	const struct callback_arg *a;
	const char *key;
	struct strvec *names;
	const struct cfg_call *made;
};

static void note_through(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e,
			 void *data)
{
	(void)unit;
	struct through_search *t = data;
	const struct cfg_call *call = event_call(g, e);
	if (!call || !kinds_call_listed(call, &t->a->through) || t->a->through_config < 1 ||
	    t->a->through_object < 1 || (size_t)t->a->through_config > call->nargs ||
	    (size_t)t->a->through_object > call->nargs)
		return;
	const char *made = object_key(&call->args[t->a->through_object - 1]);
	const char *config = object_key(&call->args[t->a->through_config - 1]);
	if (!made || !config || strcmp(made, t->key))
		return;
	struct set_search s = { t->a, config, t->names, NULL, g };
	kinds_visit_events(c, note_set_routine, &s);
}

/* The routines registration `call` gives (`a` is its entry): its argument,
 * or the one set for the object its argument names; and the context pointer
 * the routine is given (NULL: none). */
static const struct cfg_value *given_routines(const struct check *c, const struct callback_arg *a,
					      const struct cfg_call *call, struct strvec *names)
{
	if (!a->set_by.len) {
		if (!a->fields.len && a->arg >= 1 && (size_t)a->arg <= call->nargs)
			kinds_function_names(names, &call->args[a->arg - 1]);
		for (size_t k = 0; k < a->nalso; k++)
			if (a->also[k] >= 1 && (size_t)a->also[k] <= call->nargs)
				kinds_function_names(names, &call->args[a->also[k] - 1]);
		return a->context_arg >= 1 && (size_t)a->context_arg <= call->nargs ? &call->args[a->context_arg - 1]
										 : NULL;
	}
	if (a->arg < 1 || (size_t)a->arg > call->nargs)
		return NULL;
	struct set_search s = { a, object_key(&call->args[a->arg - 1]), names, NULL, NULL };
	if (s.key && a->through.len) {
		struct through_search t = { a, s.key, names, NULL };
		kinds_visit_events(c, note_through, &t);
		return NULL;
	}
	if (s.key)
		kinds_visit_events(c, note_set_routine, &s);
	return s.set && a->set_context >= 1 && (size_t)a->set_context <= s.set->nargs ? &s.set->args[a->set_context - 1]
											: NULL;
}

/* With "callbacks": every routine DriverEntry, or a helper it calls, gives
 * to a registration (its argument, or a store to one of its fields): which
 * stores a path keeps. */
static void note_registered(const struct check *c, size_t unit, const struct cfg *g, const struct cfg_event *e,
			    void *data)
{
	const struct order_params *op = c->compiled;
	struct strvec found = STRVEC_INIT;
	const struct cfg_call *call = event_call(g, e);
	const struct callback_arg *a = callback_of(op, call);
	const struct cfg_value *given_context = a ? given_routines(c, a, call, &found) : NULL;
	/* Each with the unit that names it: a routine static to a helper's file
	 * resolves from there; and the parameter its context pointer comes in
	 * (0: none). A routine stored in a registration's field is given the
	 * context its registration call passes (NdisFRegisterFilterDriver's
	 * FilterDriverContext to FilterAttach). */
	int context = given_context ? a->context_param : 0;
	for (size_t k = 0; k < op->ncbs && kinds_event_is_store(e) && e->target.field; k++)
		if (strvec_contains(&op->cbs[k].fields, e->target.field)) {
			kinds_function_names(&found, &e->value);
			if (op->cbs[k].context_arg >= 1)
				context = op->cbs[k].context_param;
		}
	for (size_t k = 0; k < found.len; k++) {
		char *both = alloc_printf("%zu %d %s", unit, context, found.items[k]);
		if (!strvec_contains(data, both))
			strvec_push(data, both);
		free(both);
	}
	strvec_clear(&found);
}

/* What registered routine `entry` ("unit param name") reads; with
 * `context`, what it reads through its context parameter instead, each a
 * member's path alone (NULL when it has none). */
static const struct callback_reads *registered_reads(const struct check *c, const char *entry, bool context)
{
	char *end;
	size_t unit = (size_t)strtoul(entry, &end, 10);
	int param = (int)strtol(end + 1, &end, 10);
	if (!context)
		return kinds_routine_reads(c, end + 1, unit);
	return param > 0 ? kinds_context_reads(c, end + 1, unit, param - 1, "") : NULL;
}

static const struct callback_reads *registered_routines(const struct check *c)
{
	static const char key;
	void **slot = ptrmap_slot(c->memo, &key);
	if (*slot)
		return *slot;
	struct strvec names = STRVEC_INIT;
	/* What DriverEntry and its helpers register, not the rest of the directory. */
	kinds_visit_events(c, note_registered, &names);
	struct callback_reads *r = kinds_reads_pack(&names, NULL);
	strvec_clear(&names);
	*ptrmap_slot(c->memo, &key) = r;
	return r;
}

/* Whether some registered routine reads member `member` (a path below an
 * object: "m_Lock", "List.Flink") through its context pointer. */
static bool context_reads_member(const struct check *c, const char *member)
{
	const struct callback_reads *names = registered_routines(c);
	for (size_t k = 0; k < names->n; k++) {
		const struct callback_reads *r = registered_reads(c, names->places[k], true);
		/* "Lock" is read as "Ring.Lock" by a routine given the outer object. */
		if (r && (kinds_reads_place(r, member) || kinds_reads_member(r, member)))
			return true;
	}
	return false;
}

/* Whether any callback the rule knows of reads the place a store writes. */
static bool read_by_callbacks(const struct check *c, const struct cfg_place *target)
{
	const struct order_params *op = c->compiled;
	const char *place = target->key ? target->key : target->path;
	struct strvec norm = STRVEC_INIT;
	kinds_place_add(&norm, place);
	bool found = false;
	if (norm.len && !op->ncbs) {
		const struct callback_reads *all = kinds_order_all_reads(c);
		found = kinds_reads_place(all, norm.items[0]) && !(op->unless_tested && kinds_reads_tests(all, norm.items[0]));
	} else if (norm.len) {
		const struct callback_reads *names = registered_routines(c);
		for (size_t k = 0; k < names->n && !found; k++) {
			const struct callback_reads *r = registered_reads(c, names->places[k], false);
			found = r && kinds_reads_place(r, norm.items[0]);
		}
		/* Or through a context pointer given the global's address: its members. */
		const char *member = strchr(norm.items[0], '.');
		found = found || (member && context_reads_member(c, member + 1));
	}
	strvec_clear(&norm);
	return found;
}

/* Whether a callback reads a member of that name of some global object
 * (`this->m_Lock` of a method: g_Table.m_Lock); the path tells which
 * object (item_place). */
static bool member_read_by_callbacks(const struct check *c, const struct cfg_place *member)
{
	const struct order_params *op = c->compiled;
	size_t n = member->root ? strlen(member->root) : 0;
	if (!n || strncmp(member->path, member->root, n) || strncmp(member->path + n, "->", 2) || op->ncbs == 0)
		return false;
	struct strvec norm = STRVEC_INIT;
	kinds_place_add(&norm, member->path + n + 2);
	bool found = false;
	const struct callback_reads *names = registered_routines(c);
	for (size_t k = 0; k < names->n && norm.len && !found; k++) {
		const struct callback_reads *r = registered_reads(c, names->places[k], false);
		found = r && kinds_reads_member(r, norm.items[0]);
	}
	found = found || (norm.len && context_reads_member(c, norm.items[0]));
	strvec_clear(&norm);
	return found;
}

/* What the context pointer registration `reg` gives its routine stands
 * for, as a prefix of places ("g_Ctx." for &g_Ctx, "g_pCtx->" for a
 * global pointer, the object for `this` in a method called on a global
 * one); NULL when it is none of those. */
static char *context_prefix(const struct callback_arg *a, const struct cfg_value *v, const struct hist_item *reg)
{
	if (a->context_param < 1 || !v)
		return NULL;
	const struct cfg_place *p = &v->place;
	if (v->kind == VALUE_ADDRESS && p->root_is_global && p->path)
		return alloc_printf("%s.", p->key ? p->key : p->path);
	if (v->kind == VALUE_PLACE && p->root_is_global && p->path && !strcmp(p->path, p->root))
		return alloc_printf("%s->", p->path);
	if (reg->this_global && v->text && !strcmp(v->text, "this"))
		return alloc_printf("%s.", reg->this_global->path);
	return NULL;
}

/* With "callbacks": whether the routines registration `reg` gives read the
 * place `target`; the routines are its argument or, with fields, the
 * functions the path stored in them before it. */
static bool registration_reads(const struct check *c, const struct path *p, size_t at, const struct cfg_place *target)
{
	const struct order_params *op = c->compiled;
	const struct hist_item *reg = &p->items[at];
	const struct cfg_call *call = event_call(reg->g, reg->event);
	const struct callback_arg *a = callback_of(op, call);
	if (!a)
		return false;
	struct strvec names = STRVEC_INIT;
	const struct cfg_value *context = given_routines(c, a, call, &names);
	for (size_t i = 0; i < at && a->fields.len; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind == HIST_STORE && it->event->target.field &&
		    strvec_contains(&a->fields, it->event->target.field))
			kinds_function_names(&names, &it->event->value);
	}
	struct strvec norm = STRVEC_INIT;
	kinds_place_add(&norm, target->key ? target->key : target->path);
	bool found = false;
	size_t unit = 0;
	if (!kinds_graph_unit(c, reg->g, &unit))
		unit = c->entry->unit;
	char *prefix = context_prefix(a, context, reg);
	for (size_t k = 0; k < names.len && norm.len && !found; k++) {
		const struct callback_reads *r = kinds_routine_reads(c, names.items[k], unit);
		found = r && kinds_reads_place(r, norm.items[0]) && !(op->unless_tested && kinds_reads_tests(r, norm.items[0]));
		r = prefix ? kinds_context_reads(c, names.items[k], unit, a->context_param - 1, prefix) : NULL;
		found = found || (r && kinds_reads_place(r, norm.items[0]) &&
				  !(op->unless_tested && kinds_reads_tests(r, norm.items[0])));
	}
	free(prefix);
	strvec_clear(&norm);
	strvec_clear(&names);
	return found;
}

/* Whether a listed call removes what it would register (a nonzero constant
 * in its `remove_arg`: PsSetCreateProcessNotifyRoutine(Routine, TRUE)). */
static bool is_removal(const struct order_params *op, const struct cfg_call *call)
{
	const struct callback_arg *a = callback_of(op, call);
	if (!a || a->remove_arg < 1 || (size_t)a->remove_arg > call->nargs)
		return false;
	const struct cfg_value *v = &call->args[a->remove_arg - 1];
	return v->kind == VALUE_CONSTANT && v->number != 0;
}

/* The global place an event writes: a store's target, or the global whose
 * address an initializer call is given; NULL for anything else. */
static const struct cfg_place *written_place(const struct order_params *op, const struct cfg *g,
					     const struct cfg_event *e)
{
	if (kinds_event_is_store(e))
		return &e->target;
	const struct cfg_call *call = event_call(g, e);
	for (size_t k = 0; call && k < op->ninits; k++) {
		if (!kinds_call_listed(call, &op->inits[k].calls) || op->inits[k].arg < 1 ||
		    (size_t)op->inits[k].arg > call->nargs)
			continue;
		const struct cfg_value *v = &call->args[op->inits[k].arg - 1];
		if (v->kind == VALUE_ADDRESS && (v->place.root_is_global || v->place.root_is_this || v->place.root_is_param))
			return &v->place;
	}
	return NULL;
}

static bool order_then_uncached(const struct check *c, const struct cfg *g, const struct cfg_event *e);

/* The global place path item `it` writes: what written_place says, or for
 * a member of `this`, or of what a helper's parameter points to, the global
 * object's member the call stands for (NULL when it is not a global's). */
static const struct cfg_place *item_place(const struct order_params *op, const struct hist_item *it)
{
	const struct cfg_place *place = written_place(op, it->g, it->event);
	if (!place || (!place->root_is_this && !place->root_is_param))
		return place;
	if (it->kind == HIST_STORE)
		return it->member_global;
	const struct cfg_call *call = event_call(it->g, it->event);
	return it->out_global && it->out_arg && &call->args[it->out_arg - 1].place == place ? it->out_global : NULL;
}

/* Worked out once per event: paths replay the same events at every node. */
static bool order_then(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const char *known = *ptrmap_slot(c->memo, e);
	if (known)
		return *known == 2;
	bool then = order_then_uncached(c, g, e);
	/* The slot taken only now: working it out may have grown the memo. */
	char *v = alloc_zeroed(1, 1);
	*v = then ? 2 : 1;
	*ptrmap_slot(c->memo, e) = v;
	return then;
}

static bool order_then_uncached(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct order_params *op = c->compiled;
	if (op->then_calls.len)
		return e->kind == EVENT_CALL && kinds_call_listed(event_call(g, e), &op->then_calls);
	const struct cfg_place *place = written_place(op, g, e);
	if (!place)
		return false;
	if (op->skip_zero && kinds_event_is_store(e) &&
	    (e->value.kind == VALUE_NULL || (e->value.kind == VALUE_CONSTANT && e->value.number == 0)))
		return false;
	/* A step's bit set in a flag word once the step is done (`g.Flags |=
	 * FLAG_NOTIFY`): a routine that reads the word finds the step not done
	 * yet, which is what the bit says. So for a bit cleared or flipped in a
	 * word that already holds a value (`ClearFlag(g.Control->Flags,
	 * DO_DEVICE_INITIALIZING)`): an update, not the word's initialization. */
	if (op->skip_zero && kinds_event_is_store(e) && e->compound &&
	    (!strcmp(e->op, "|=") || !strcmp(e->op, "&=") || !strcmp(e->op, "^=")) && e->value.kind == VALUE_CONSTANT)
		return false;
	if (op->global_store && (place->root_is_this || place->root_is_param))
		return member_read_by_callbacks(c, place);
	if (op->global_store)
		return place->root_is_global && read_by_callbacks(c, place);
	return is_dispatch_store(e);
}

/* A store to a field a registration reads its routine from. */
static bool callback_field_store(const struct order_params *op, const struct cfg_event *e)
{
	for (size_t k = 0; k < op->ncbs && kinds_event_is_store(e) && e->target.field; k++)
		if (strvec_contains(&op->cbs[k].fields, e->target.field))
			return true;
	return false;
}

static bool order_relevant(const struct check *c, const struct cfg *g, const struct cfg_event *e)
{
	const struct order_params *op = c->compiled;
	return (e->kind == EVENT_CALL && (kinds_call_listed(event_call(g, e), &op->first) ||
					  kinds_call_listed(event_call(g, e), &op->since) ||
					  kinds_call_listed(event_call(g, e), &op->made_by))) ||
	       order_then(c, g, e) || callback_field_store(op, e);
}

/* Whether path item `it` is one of the listed calls (not a removal). */
static bool is_first(const struct order_params *op, const struct hist_item *it)
{
	if (it->kind != HIST_CALL)
		return false;
	const struct cfg_call *call = event_call(it->g, it->event);
	return kinds_call_listed(call, &op->first) && !is_removal(op, call);
}

/* Mode after: a store `it` to `place` made after the call `call`; with
 * report_at "call", the finding is at the call, the store related. */
static void report_after(const struct check *c, const struct path *p, const struct hist_item *it,
			 const struct cfg_place *place, const struct hist_item *call)
{
	const struct order_params *op = c->compiled;
	/* At the call: a registration or a store in a helper is told by
	 * DriverEntry's call of the helper, where the order is DriverEntry's
	 * to fix; the store itself is related. */
	const struct cfg_call *reg = event_call(call->g, call->event);
	const struct cfg_call *top = op->at_call ? eval_entry_call(p, call) : NULL;
	const struct cfg_call *store_top = op->at_call ? eval_entry_call(p, it) : NULL;
	if (top && top == store_top)
		top = store_top = NULL; /* both in one helper DriverEntry calls: the helper's order */
	char *line = kinds_line_number_text(top ? top->loc.line : call->event->loc.line);
	char *store_line = kinds_line_number_text(store_top ? store_top->loc.line : it->event->loc.line);
	const char *vars[] = { "target", place->path, "call", top && top->callee ? top->callee : reg->callee,
			       "call_line", line, "store_line", store_line, NULL };
	if (op->at_call)
		eval_add_finding(c, top ? top->loc : call->event->loc, top ? c->fn->cfg->function : call->g->function,
				 p, &it->event->loc, "initialized here", vars);
	else
		eval_add_finding(c, it->event->loc, it->g->function, p, &call->event->loc, "called here", vars);
	free(store_line);
	free(line);
}

/* The `since` call a path still holds when it reaches item `upto`: the
 * last one made, unless a `first` call came after it (NULL: none). */
static const struct hist_item *held_since(const struct order_params *op, const struct path *p, size_t upto)
{
	const struct hist_item *since = NULL;
	for (size_t i = 0; i < upto; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind != HIST_CALL)
			continue;
		if (kinds_call_listed(event_call(it->g, it->event), &op->since))
			since = it;
		else if (is_first(op, it))
			since = NULL;
	}
	return since;
}

/* Whether the object `then` call `upto` acts on (its first argument) was
 * made on the path, in the same function, by a `made_by` call: a device
 * the routine created while handling the request, not the one it was
 * given. */
static bool made_on_path(const struct order_params *op, const struct path *p, size_t upto)
{
	const struct hist_item *then = &p->items[upto];
	const struct cfg_call *call = event_call(then->g, then->event);
	if (!call->nargs || call->args[0].kind != VALUE_PLACE || !call->args[0].place.path)
		return false;
	const char *object = call->args[0].place.path;
	for (size_t i = 0; i < upto; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind != HIST_CALL || it->g != then->g || it->frame != then->frame)
			continue;
		const struct cfg_call *maker = event_call(it->g, it->event);
		if (!kinds_call_listed(maker, &op->made_by))
			continue;
		if (maker->result.path && !strcmp(maker->result.path, object))
			return true;
		for (size_t a = 0; a < maker->nargs; a++)
			if (maker->args[a].kind == VALUE_ADDRESS && maker->args[a].place.path &&
			    !strcmp(maker->args[a].place.path, object))
				return true;
	}
	return false;
}

/* With "own_device": whether a listed then call acts on another device than
 * the routine's own: its first argument is neither a parameter of the
 * function it is in (the device the dispatch routine was given, passed on
 * to a helper) nor a device extension's back link to its device
 * (`ext->Self`). A bus driver deleting its children's devices deletes
 * devices this remove lock does not guard. */
static bool other_device(const struct check *c, const struct order_params *op, const struct hist_item *then)
{
	const struct cfg_call *call = event_call(then->g, then->event);
	if (!kinds_call_listed(call, &op->own_device))
		return false;
	if (!call->nargs || call->args[0].kind != VALUE_PLACE || !call->args[0].place.path)
		return true;
	const struct cfg_place *p = &call->args[0].place;
	if (p->root_is_param && !strcmp(p->path, p->root))
		return false;
	struct strvec links = STRVEC_INIT;
	kinds_back_links(c->prog, c->entry->unit, NULL, &links);
	bool own = p->field && !p->index && strvec_contains(&links, p->field);
	strvec_clear(&links);
	return !own;
}

/* With "since": the first `then` call made while a `since` call that did
 * not fail is held, reported at once (whatever the path does after it). */
static void since_path(const struct check *c, const struct path *p)
{
	const struct order_params *op = c->compiled;
	struct revealed r;
	revealed_init(&r, p);
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		revealed_learn(&r, it);
		if (it->kind != HIST_CALL || !order_then(c, it->g, it->event))
			continue;
		const struct hist_item *since = held_since(op, p, i);
		if (!since || revealed_outcome(&r, since->site) == OUTCOME_FAILURE || made_on_path(op, p, i) ||
		    other_device(c, op, it))
			continue;
		char *line = kinds_line_number_text(since->event->loc.line);
		const char *vars[] = { "target", event_call(it->g, it->event)->callee, "call",
				       event_call(since->g, since->event)->callee, "call_line", line, NULL };
		eval_add_finding(c, it->event->loc, it->g->function, p, &since->event->loc, "acquired here", vars);
		free(line);
		break;
	}
	revealed_release(&r);
}

static void order_path(const struct check *c, const struct path *p)
{
	const struct order_params *op = c->compiled;
	if (op->since.len) {
		since_path(c, p);
		return;
	}
	if (op->success_only) {
		const struct hist_item *ret = eval_path_return(p);
		if (!ret || ret->outcome == OUTCOME_FAILURE)
			return;
	}
	bool after = op->after, only_if_succeeded = op->only_if_succeeded;
	struct revealed r;
	revealed_init(&r, p);
	const struct hist_item *first = NULL;
	const struct hist_item **pending = alloc_zeroed(p->len + 1, sizeof(*pending));
	size_t npending = 0;
	/* Mode after: the listed calls made so far, by index on the path. */
	size_t *calls = alloc_zeroed(p->len + 1, sizeof(*calls));
	size_t ncalls = 0;
	struct strvec reported = STRVEC_INIT;
	const struct hist_item **reported_calls = alloc_zeroed(p->len + 1, sizeof(*reported_calls));
	size_t nreported_calls = 0;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		revealed_learn(&r, it);
		if (is_first(op, it)) {
			if (!first)
				first = it;
			calls[ncalls++] = i;
			if (!after) {
				for (size_t k = 0; k < npending; k++) {
					char *line = kinds_line_number_text(it->event->loc.line);
					const char *name = event_call(it->g, it->event)->callee;
					const char *target = pending[k]->kind == HIST_CALL
								     ? event_call(pending[k]->g, pending[k]->event)->callee
								     : pending[k]->event->target.path;
					const char *vars[] = { "target", target, "call", name, "call_line", line, NULL };
					eval_add_finding(c, pending[k]->event->loc, pending[k]->g->function, p, &it->event->loc,
					       "called here", vars);
					free(line);
				}
				npending = 0;
			}
			continue;
		}
		if ((it->kind != HIST_STORE && it->kind != HIST_CALL) || !order_then(c, it->g, it->event))
			continue;
		if (!after) {
			/* Of calls, the first: the others come after it on the same path. */
			if (!first && (it->kind == HIST_STORE || (op->then_calls.len && !npending)))
				pending[npending++] = it;
			continue;
		}
		const struct cfg_place *place = item_place(op, it);
		if (!place)
			continue;
		/* One finding per object: the first of its stores on the path. */
		const char *root = place->root;
		if (op->global_store && !op->at_call && root && strvec_contains(&reported, root))
			continue;
		/* The calls made before the store (and not known to have failed)
		 * whose routines read what it writes: the first, or with
		 * report_at "call" each one not reported yet. */
		for (size_t k = 0; k < ncalls; k++) {
			const struct hist_item *call = &p->items[calls[k]];
			if (only_if_succeeded && revealed_outcome(&r, call->site) == OUTCOME_FAILURE)
				continue;
			if (op->ncbs && !registration_reads(c, p, calls[k], place))
				continue;
			if (op->at_call) {
				bool done = false;
				for (size_t j = 0; j < nreported_calls && !done; j++)
					done = reported_calls[j] == call;
				if (done)
					continue;
				reported_calls[nreported_calls++] = call;
			} else if (op->global_store && root) {
				strvec_push(&reported, root);
			}
			report_after(c, p, it, place, call);
			if (!op->at_call)
				break;
		}
	}
	free(pending);
	free(calls);
	free(reported_calls);
	strvec_clear(&reported);
	revealed_release(&r);
}

static void order_summary(const struct check *c, const struct path *p, struct strbuf *key)
{
	const struct order_params *op = c->compiled;
	struct revealed r;
	revealed_init(&r, p);
	bool first = false;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		revealed_learn(&r, it);
		if (is_first(op, it))
			first = true;
		else if ((it->kind == HIST_STORE || it->kind == HIST_CALL) && (!first || op->success_only) &&
			 order_then(c, it->g, it->event))
			/* Pending, for mode before; with success_only a late store
			 * too: a path merged away has no return to judge, the
			 * path it merged into reports for it. */
			key_ptr(key, it->event);
		else if (it->kind == HIST_STORE && callback_field_store(op, it->event))
			key_ptr(key, it->event); /* a routine a later registration gives */
	}
	/* With "since": whether one is held at the path's end. */
	if (op->since.len)
		key_ptr(key, held_since(op, p, p->len));
	/* Every listed call made, and what is known of its outcome. */
	for (size_t i = 0; i < p->len; i++)
		if (p->items[i].kind == HIST_CALL)
			key_int(key, (unsigned long long)p->items[i].site << 8 | revealed_outcome(&r, p->items[i].site));
	revealed_release(&r);
}

static const struct kind_ops order_ops = {
	.relevant = order_relevant,
	.check_path = order_path,
	.summary = order_summary,
};

const struct kind kind_order = {
	.name = "order",
	.placeholders = (const char *const[]){ "target", "call", "call_line", "store_line", NULL },
	.compile = order_compile,
	.release = order_release,
	.ops = &order_ops,
};
