/* SPDX-License-Identifier: Apache-2.0 */
/* A driver framework's objects and the cleanup callbacks their deletion runs (see framework.h). */
#include "kinds/framework.h"

#include <stdlib.h>
#include <string.h>

#include "facts/classify.h"
#include "facts/entry.h"
#include "kinds/shared.h"
#include "kinds/unloadorder.h"
#include "rules/rules.h"
#include "base/alloc.h"

void framework_compile(struct framework_cleanup *fw, const cJSON *params)
{
	const cJSON *json = cJSON_GetObjectItemCaseSensitive(params, "framework_cleanup");
	kinds_names_compile(&fw->calls, cJSON_GetObjectItemCaseSensitive(json, "calls"));
	fw->arg = kinds_param_int(json, "attributes_arg", 0);
	kinds_names_compile(&fw->fields, cJSON_GetObjectItemCaseSensitive(json, "fields"));
	const cJSON *child;
	cJSON_ArrayForEach(child, cJSON_GetObjectItemCaseSensitive(json, "children")) {
		fw->children = alloc_resize(fw->children, (fw->nchildren + 1) * sizeof(*fw->children));
		struct object_creation *o = &fw->children[fw->nchildren++];
		memset(o, 0, sizeof(*o));
		kinds_names_compile(&o->calls, cJSON_GetObjectItemCaseSensitive(child, "calls"));
		o->arg = kinds_param_int(child, "attributes_arg", 0);
	}
	const cJSON *del = cJSON_GetObjectItemCaseSensitive(json, "delete");
	kinds_names_compile(&fw->deletes, cJSON_GetObjectItemCaseSensitive(del, "calls"));
	fw->delete_arg = kinds_param_int(del, "object_arg", 0);
}

void framework_clear(struct framework_cleanup *fw)
{
	strvec_clear(&fw->calls);
	strvec_clear(&fw->fields);
	strvec_clear(&fw->deletes);
	for (size_t i = 0; i < fw->nchildren; i++)
		strvec_clear(&fw->children[i].calls);
	free(fw->children);
}

int framework_child_arg(const struct framework_cleanup *fw, const struct cfg_call *call)
{
	for (size_t i = 0; i < fw->nchildren; i++)
		if (kinds_call_listed(call, &fw->children[i].calls))
			return fw->children[i].arg;
	return 0;
}

void framework_callbacks(const struct framework_cleanup *fw, const struct path *p, size_t at,
			 const struct cfg_call *call, int arg, struct strvec *out)
{
	const struct cfg_place *attrs = kinds_arg_place(call, arg);
	for (size_t f = 0; attrs && f < fw->fields.len; f++) {
		const struct cfg_value *v = kinds_last_store_into(p, at, attrs->root, fw->fields.items[f]);
		if (v && v->name && !strvec_contains(out, v->name))
			strvec_push(out, v->name);
	}
}

bool framework_routine_calls(const struct check *c, const char *routine, const struct strvec *releases)
{
	struct strvec seen = STRVEC_INIT;
	bool calls = kinds_routine_calls(c, routine, c->entry->unit, releases, 0, &seen, NULL, NULL);
	strvec_clear(&seen);
	return calls;
}

bool framework_callbacks_call(const struct check *c, const struct strvec *callbacks, const struct strvec *releases)
{
	for (size_t k = 0; k < callbacks->len; k++)
		if (framework_routine_calls(c, callbacks->items[k], releases))
			return true;
	return false;
}

static const char *place_name(const struct cfg_place *p)
{
	return p->key ? p->key : p->path;
}

/* Whether the call at item `it` made the object `object` (named in the
 * frame of item `in`): it was given the object's address. */
static bool creates(const struct hist_item *it, const struct cfg_call *call, const struct cfg_place *object,
		    const struct hist_item *in)
{
	if (it->frame != in->frame && !object->root_is_global)
		return false;
	for (size_t a = 0; a < call->nargs; a++) {
		const struct cfg_value *v = &call->args[a];
		if (v->kind == VALUE_ADDRESS && v->place.root && place_name(&v->place) &&
		    !strcmp(place_name(&v->place), place_name(object)))
			return true;
	}
	return false;
}

void framework_deleted_callbacks(const struct framework_cleanup *fw, const struct path *p,
				 const struct revealed *r, size_t del, struct strvec *out)
{
	const struct hist_item *at = &p->items[del];
	const struct cfg_place *object = kinds_arg_place(event_call(at->g, at->event), fw->delete_arg);
	if (!object || !object->root || !place_name(object))
		return;
	for (size_t i = del; i-- > 0;) {
		const struct hist_item *it = &p->items[i];
		if (it->kind != HIST_CALL)
			continue;
		const struct cfg_call *call = event_call(it->g, it->event);
		int arg = framework_child_arg(fw, call);
		if (arg && creates(it, call, object, at)) {
			if (revealed_outcome(r, it->site) != OUTCOME_FAILURE)
				framework_callbacks(fw, p, i, call, arg, out);
			return;
		}
	}
}
