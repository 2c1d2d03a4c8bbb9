/* SPDX-License-Identifier: Apache-2.0 */
/* Acquire/release pairs: compiling a rule's "pairs" and matching calls. */
#include "kinds/pairs.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kinds/shared.h"
#include "base/alloc.h"
#include "base/hash.h"
#include "base/strvec.h"

static struct arg_test arg_test_compile(const cJSON *spec)
{
	const cJSON *value = cJSON_GetObjectItemCaseSensitive(spec, "value");
	struct arg_test t = { spec != NULL, kinds_param_int(spec, "index", 0),
			      cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(spec, "truthy")), cJSON_IsNumber(value),
			      cJSON_IsNumber(value) ? (long long)value->valuedouble : 0 };
	return t;
}

void pairs_compile(struct pair_list *out, const cJSON *pairs, bool unload_only)
{
	const cJSON *pair;
	cJSON_ArrayForEach(pair, pairs) {
		const char *when = kinds_param_string(pair, "unload");
		bool unload = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(pair, "unload")) ||
			      (when && !strcmp(when, "when_kept"));
		if (unload_only && !unload)
			continue;
		out->items = alloc_resize(out->items, (out->len + 1) * sizeof(*out->items));
		struct cleanup_pair *cpair = &out->items[out->len++];
		memset(cpair, 0, sizeof(*cpair));
		kinds_names_compile(&cpair->acquire, cJSON_GetObjectItemCaseSensitive(pair, "acquire"));
		kinds_names_compile(&cpair->release, cJSON_GetObjectItemCaseSensitive(pair, "release"));
		kinds_names_compile(&cpair->taken_by, cJSON_GetObjectItemCaseSensitive(pair, "taken_by"));
		cpair->acquire_arg = arg_test_compile(cJSON_GetObjectItemCaseSensitive(pair, "acquire_arg"));
		cpair->release_arg = arg_test_compile(cJSON_GetObjectItemCaseSensitive(pair, "release_arg"));
		const char *success = kinds_param_string(pair, "success");
		cpair->may_fail = success && strcmp(success, "always");
		cpair->returns_object = success && !strcmp(success, "pointer");
		cpair->unload = unload;
		cpair->unload_when_kept = when && !strcmp(when, "when_kept");
		cpair->after_unload = kinds_param_string(pair, "after_unload");
		cpair->handle_arg = kinds_param_int(pair, "handle_arg", 0);
		cpair->release_by_value = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(pair, "release_by_value"));
	}
}

void pairs_drop_kept(struct pair_list *list)
{
	size_t kept = 0;
	for (size_t i = 0; i < list->len; i++) {
		struct cleanup_pair *pair = &list->items[i];
		if (pair->unload_when_kept) {
			strvec_clear(&pair->acquire);
			strvec_clear(&pair->release);
			strvec_clear(&pair->taken_by);
		} else {
			list->items[kept++] = *pair;
		}
	}
	list->len = kept;
}

void pairs_truncate(struct pair_list *list, size_t len)
{
	for (size_t i = len; i < list->len; i++) {
		strvec_clear(&list->items[i].acquire);
		strvec_clear(&list->items[i].release);
		strvec_clear(&list->items[i].taken_by);
	}
	if (len < list->len)
		list->len = len;
}

void pairs_release(struct pair_list *list)
{
	pairs_truncate(list, 0);
	free(list->items);
	list->items = NULL;
}

/* Whether the call passes the test; an argument we cannot evaluate matches
 * neither way. */
static bool arg_matches(const struct cfg_call *call, const struct arg_test *t)
{
	if (!t->given)
		return true;
	if (t->index < 1 || (size_t)t->index > call->nargs || call->args[t->index - 1].kind != VALUE_CONSTANT)
		return false;
	if (t->has_value)
		return call->args[t->index - 1].number == t->value;
	return (call->args[t->index - 1].number != 0) == t->truthy;
}

bool pairs_call_releases(const struct cleanup_pair *pair, const struct cfg_call *call)
{
	return kinds_call_listed(call, &pair->release) && arg_matches(call, &pair->release_arg);
}

bool pairs_call_acquires(const struct cleanup_pair *pair, const struct cfg_call *call)
{
	return kinds_call_listed(call, &pair->acquire) && arg_matches(call, &pair->acquire_arg);
}

bool pairs_call_takes(const struct cleanup_pair *pair, const struct cfg_call *call)
{
	return kinds_call_listed(call, &pair->taken_by);
}

size_t pairs_handle_arg(const struct cleanup_pair *pair, const struct cfg_call *call)
{
	int h = pair->handle_arg;
	return h > 0 ? (size_t)h : h < 0 && (size_t)-h <= call->nargs ? call->nargs + 1 + (size_t)h : 0;
}

const struct cfg_place *pairs_handle_place(const struct cleanup_pair *pair, const struct cfg_call *call)
{
	size_t at = pairs_handle_arg(pair, call);
	if (!at)
		return call->result.root ? &call->result : NULL;
	if (at > call->nargs)
		return NULL;
	const struct cfg_value *v = &call->args[at - 1];
	return (v->kind == VALUE_ADDRESS || v->kind == VALUE_PLACE) && v->place.root ? &v->place : NULL;
}

static bool outlives_call(const struct cfg_place *place)
{
	return place->root_is_global || place->root_is_this || (place->root_is_param && (place->deref || place->field));
}

/* Whether `g` copies the local `root` into a place that outlives the call
 * (`g_Table = table;` after the table was filled in): a global or a member of
 * the object; a member of what a parameter points to only in DriverEntry
 * (`DriverObject->FastIoDispatch = fastIo;`), as a helper's parameter may
 * point to its caller's local (a self-test's tree of nodes it frees). */
static bool published(const struct cfg *g, const char *root, bool entry)
{
	for (size_t b = 0; b < g->nblocks; b++)
		for (size_t i = 0; i < g->blocks[b].nevents; i++) {
			const struct cfg_event *e = &g->blocks[b].events[i];
			const struct cfg_value *v = &e->value;
			if ((e->kind == EVENT_ASSIGN || e->kind == EVENT_STORE) && v->kind == VALUE_PLACE &&
			    v->place.root && !v->place.field && !v->place.deref && !strcmp(v->place.root, root) &&
			    e->target.root && outlives_call(&e->target) && (entry || !e->target.root_is_param))
				return true;
		}
	return false;
}

bool pairs_call_keeps(const struct cleanup_pair *pair, const struct cfg *g, const struct cfg_call *call, bool entry)
{
	const struct cfg_place *place = pairs_handle_place(pair, call);
	if (!place)
		return false;
	if (outlives_call(place))
		return true;
	return !place->root_is_param && !place->field && !place->deref && published(g, place->root, entry);
}

unsigned long long pairs_held_key(const struct cleanup_pair *pair, const struct cfg_call *call,
				 const struct cfg_event *event, unsigned frame)
{
	const struct cfg_place *place = pairs_handle_place(pair, call);
	const char *path = place ? (place->key ? place->key : place->path) : NULL;
	if (path && (place->root_is_global || frame == 0))
		return hash_bytes(path, strlen(path), place->root_is_global) | 1;
	return (unsigned long long)(uintptr_t)event;
}

char *pairs_release_text(const struct cleanup_pair *pair)
{
	char *names = kinds_names_joined(&pair->release, " or ");
	const struct arg_test *t = &pair->release_arg;
	if (!t->given)
		return names;
	char *text = t->has_value ? alloc_printf("%s with %lld as argument %d", names, t->value, t->index)
				  : alloc_printf("%s with %s as argument %d", names, t->truthy ? "TRUE" : "FALSE", t->index);
	free(names);
	return text;
}
