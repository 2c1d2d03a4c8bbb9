/* SPDX-License-Identifier: Apache-2.0 */
#include "kinds/heldobjects.h"

#include <stdlib.h>
#include <string.h>

#include "cfg/cfg.h"
#include "facts/classify.h"
#include "eval/history.h"
#include "facts/program.h"
#include "facts/entry.h"
#include "kinds/pairs.h"
#include "kinds/shared.h"
#include "base/alloc.h"
#include "base/strvec.h"

#define OBJECT_DEPTH 6
#define OBJECT_VISITS 64
#define OBJECT_PARAMS 8

/* The global an acquisition filled or a release is given, as its key; NULL
 * for anything else, and for a place standing for many (`table[i]`). */
static const char *global_key(const struct cfg_place *place)
{
	if (!place || !place->root || !place->root_is_global || place->deref)
		return NULL;
	const char *key = place->key ? place->key : place->path;
	return key && !strchr(key, '*') ? key : NULL;
}

static const char *release_key(const struct cfg_call *call)
{
	if (!call->nargs)
		return NULL;
	const struct cfg_value *v = &call->args[0];
	return v->kind == VALUE_PLACE || v->kind == VALUE_ADDRESS ? global_key(&v->place) : NULL;
}

/* The local a place names as a whole (`scratch`, not `p->Buffer`), or NULL. */
static const char *local_key(const struct cfg_place *place)
{
	if (!place || !place->root || place->root_is_global || place->root_is_param || place->root_is_this ||
	    place->deref || place->field || place->index || place->escapes)
		return NULL;
	return place->root;
}

/* Whether `it`, a release of pair k, is given a local that an acquisition of
 * the same pair earlier on the path filled in the same frame: it releases
 * that block, not what the globals hold (ExFreePool(scratch) after
 * scratch = ExAllocatePool2(...)). */
static bool releases_own_local(const struct cleanup_pair *pair, const struct path *p, size_t at)
{
	const struct hist_item *it = &p->items[at];
	const struct cfg_call *call = event_call(it->g, it->event);
	const struct cfg_value *v = call->nargs ? &call->args[0] : NULL;
	const char *local = v && v->kind == VALUE_PLACE ? local_key(&v->place) : NULL;
	for (size_t i = at; local && i-- > 0;) {
		const struct hist_item *a = &p->items[i];
		if (a->kind != HIST_CALL || a->frame != it->frame || a->g != it->g)
			continue;
		const struct cfg_call *acq = event_call(a->g, a->event);
		const char *held = pairs_call_acquires(pair, acq) ? local_key(pairs_handle_place(pair, acq)) : NULL;
		if (held && !strcmp(held, local))
			return true;
	}
	return false;
}

/* Notes in `others` ("pair:global") the globals an acquisition of pair k
 * took besides its object (IoCreateSymbolicLink's target name): no object
 * of the pair, so a release given one releases nothing of it. */
static void note_other_arguments(const struct cleanup_pair *pair, size_t k, const struct cfg_call *call,
				 struct strvec *others)
{
	size_t handle = pairs_handle_arg(pair, call);
	/* Only a pair that says which argument is its object tells. */
	for (size_t a = 0; a < call->nargs && handle; a++) {
		const struct cfg_value *v = &call->args[a];
		const char *key = a + 1 != handle && (v->kind == VALUE_PLACE || v->kind == VALUE_ADDRESS)
					  ? global_key(&v->place)
					  : NULL;
		char *entry = key ? alloc_printf("%zu:%s", k, key) : NULL;
		if (entry && !strvec_contains(others, entry))
			strvec_push(others, entry);
		free(entry);
	}
}

static bool is_other_argument(const struct strvec *others, size_t k, const char *key)
{
	if (!others || !key)
		return false;
	char *entry = alloc_printf("%zu:%s", k, key);
	bool found = strvec_contains(others, entry);
	free(entry);
	return found;
}

size_t kinds_held_objects(const struct pair_list *pairs, const struct path *p, const struct revealed *r,
			  struct held_object *out, struct strvec *others)
{
	size_t n = 0;
	for (size_t i = 0; i < p->len; i++) {
		const struct hist_item *it = &p->items[i];
		if (it->kind != HIST_CALL)
			continue;
		const struct cfg_call *call = event_call(it->g, it->event);
		for (size_t k = 0; k < pairs->len; k++) {
			const struct cleanup_pair *pair = &pairs->items[k];
			if (pairs_call_releases(pair, call)) {
				const char *key = release_key(call);
				if (!key && releases_own_local(pair, p, i))
					continue;
				size_t kept = 0;
				for (size_t h = 0; h < n; h++)
					if (out[h].pair != k || (key && strcmp(out[h].key, key)))
						out[kept++] = out[h];
				n = kept;
			} else if (pairs_call_acquires(pair, call) &&
				   !(pair->may_fail && revealed_outcome(r, it->site) == OUTCOME_FAILURE)) {
				const char *key = global_key(pairs_handle_place(pair, call));
				if (!key && it->out_global &&
				    (it->out_arg ? it->out_arg == pairs_handle_arg(pair, call)
						 : it->out_result && !pairs_handle_arg(pair, call)))
					key = global_key(it->out_global); /* a helper's out parameter */
				bool seen = false;
				for (size_t h = 0; h < n && key; h++)
					seen |= out[h].pair == k && !strcmp(out[h].key, key);
				if (key && !seen)
					out[n++] = (struct held_object){ k, it, key };
				if (key && others)
					note_other_arguments(pair, k, call, others);
			}
		}
	}
	/* Only pairs held in two globals or more tell one object from another,
	 * or one held where another global the pair was given is no object. */
	size_t kept = 0;
	for (size_t h = 0; h < n; h++) {
		size_t same = 0;
		for (size_t j = 0; j < n; j++)
			same += out[j].pair == out[h].pair;
		bool other = false;
		for (size_t o = 0; others && o < others->len && !other; o++) {
			const char *colon = strchr(others->items[o], ':');
			other = strtoul(others->items[o], NULL, 10) == out[h].pair && colon;
			for (size_t j = 0; j < n && other; j++)
				other = !(out[j].pair == out[h].pair && !strcmp(out[j].key, colon + 1));
		}
		if (same > 1 || other)
			out[kept++] = out[h];
	}
	return kept;
}

struct visit {
	const struct function_facts *seen[OBJECT_VISITS];
	const char *bound[OBJECT_VISITS][OBJECT_PARAMS]; /* what its parameters stood for then */
	size_t n;
};

static bool same_keys(const char *const *a, const char *const *b)
{
	for (size_t i = 0; i < OBJECT_PARAMS; i++)
		if ((a[i] == NULL) != (b[i] == NULL) || (a[i] && strcmp(a[i], b[i])))
			return false;
	return true;
}

/* The global a value stands for in a helper whose parameters stand for
 * `bound` (the caller's globals, by parameter; NULL: none). */
static const char *value_key(const struct cfg_value *v, const char *const *bound)
{
	if (v->kind != VALUE_PLACE && v->kind != VALUE_ADDRESS)
		return NULL;
	const struct cfg_place *p = &v->place;
	if (v->kind == VALUE_PLACE && p->root_is_param && !p->field && !p->index && !p->deref && p->param_index >= 0 &&
	    p->param_index < OBJECT_PARAMS)
		return bound[p->param_index];
	return global_key(p);
}

static bool released_in(const struct check *c, const struct cleanup_pair *pair, size_t unit, size_t index,
			const struct held_object *held, size_t n, size_t at, const struct strvec *others,
			unsigned depth, struct visit *v, const char *const *bound)
{
	const struct function_facts *fn = program_function(c->prog, unit, index);
	for (size_t i = 0; i < v->n; i++)
		if (v->seen[i] == fn && same_keys(v->bound[i], bound))
			return false;
	if (v->n == OBJECT_VISITS || !fn->cfg)
		return true; /* too much to read: it may */
	memcpy(v->bound[v->n], bound, sizeof(v->bound[v->n]));
	v->seen[v->n++] = fn;
	for (size_t i = 0; i < fn->cfg->ncalls; i++) {
		const struct cfg_call *call = &fn->cfg->calls[i];
		if (pairs_call_releases(pair, call)) {
			/* By its global, or by the global a helper's parameter stands
			 * for (UnregisterSafely(g.CalloutIdV4) releases that one). */
			const char *key = call->nargs ? value_key(&call->args[0], bound) : NULL;
			bool other = is_other_argument(others, held[at].pair, key);
			for (size_t h = 0; h < n && key; h++)
				other |= h != at && held[h].pair == held[at].pair && !strcmp(held[h].key, key);
			if (!other)
				return true;
			continue;
		}
		if (!call->callee)
			return true;
		size_t u, x;
		if (call->callee_in_system_header || depth >= OBJECT_DEPTH ||
		    !program_resolve_scoped(c->prog, call->callee, call->scope, unit, &u, &x))
			continue;
		const char *args[OBJECT_PARAMS] = { NULL };
		for (size_t a = 0; a < call->nargs && a < OBJECT_PARAMS; a++)
			args[a] = value_key(&call->args[a], bound);
		if (released_in(c, pair, u, x, held, n, at, others, depth + 1, v, args))
			return true;
	}
	return false;
}

bool kinds_object_released(const struct check *c, const struct cleanup_pair *pair, size_t unit, size_t index,
			   const struct held_object *held, size_t n, size_t at, const struct strvec *others)
{
	struct visit v = { .n = 0 };
	const char *none[OBJECT_PARAMS] = { NULL };
	return released_in(c, pair, unit, index, held, n, at, others, 0, &v, none);
}

size_t kinds_objects_forgotten(const struct check *c, const struct pair_list *pairs, const struct path *p,
			       const struct revealed *r, uint64_t released_pairs, const struct strvec *unloads,
			       const size_t *from, struct held_object *out)
{
	struct held_object *held = alloc_zeroed(p->len + 1, sizeof(*held));
	struct strvec others = STRVEC_INIT;
	size_t n = kinds_held_objects(pairs, p, r, held, &others), forgotten = 0;
	for (size_t h = 0; h < n; h++) {
		const struct cleanup_pair *pair = &pairs->items[held[h].pair];
		bool released = !(released_pairs >> held[h].pair & 1); /* reported for the pair as a whole */
		for (size_t k = 0; k < unloads->len && !released; k++) {
			size_t u, i;
			released = program_resolve(c->prog, unloads->items[k], from[k], &u, &i) &&
				   kinds_object_released(c, pair, u, i, held, n, h, &others);
		}
		if (!released)
			out[forgotten++] = held[h];
	}
	strvec_clear(&others);
	free(held);
	return forgotten;
}

void kinds_held_objects_summary(const struct pair_list *pairs, const struct path *p, const struct revealed *r,
				struct strbuf *key)
{
	struct held_object *held = alloc_zeroed(p->len + 1, sizeof(*held));
	struct strvec others = STRVEC_INIT;
	for (size_t h = 0, n = kinds_held_objects(pairs, p, r, held, &others); h < n; h++)
		key_ptr(key, held[h].acquire->event);
	strvec_clear(&others);
	free(held);
}
