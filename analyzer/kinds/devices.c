/* SPDX-License-Identifier: Apache-2.0 */
/* The device objects a path created and deleted (devices.h). */
#include <stdlib.h>
#include <string.h>

#include "kinds/devices.h"
#include "kinds/shared.h"
#include "base/hash.h"
#include "base/strvec.h"

void devices_calls_compile(struct device_calls *d, const cJSON *devices)
{
	kinds_names_compile(&d->create, cJSON_GetObjectItemCaseSensitive(devices, "create"));
	kinds_names_compile(&d->delete, cJSON_GetObjectItemCaseSensitive(devices, "delete"));
	d->handle_arg = kinds_param_int(devices, "handle_arg", 0);
}

void devices_calls_release(struct device_calls *d)
{
	strvec_clear(&d->create);
	strvec_clear(&d->delete);
}

/* The variable a device pointer went to, or a deletion was given, as a key
 * (0: none); locals of different frames differ. */
static uint64_t device_key(const struct cfg_place *place, unsigned frame)
{
	const char *path = place && place->root ? (place->key ? place->key : place->path) : NULL;
	if (!path)
		return 0;
	uint64_t h = hash_bytes(path, strlen(path), 0) | 1;
	return place->root_is_global ? h : h ^ ((uint64_t)(frame + 1) * 0x9E3779B97F4A7C15ULL);
}

static uint64_t creation_key(const struct device_calls *d, const struct cfg_call *call, unsigned frame)
{
	int h = d->handle_arg;
	size_t at = h > 0 ? (size_t)h : h < 0 && (size_t)-h <= call->nargs ? call->nargs + 1 + (size_t)h : 0;
	if (!at || at > call->nargs)
		return 0;
	const struct cfg_value *v = &call->args[at - 1];
	return v->kind == VALUE_ADDRESS || v->kind == VALUE_PLACE ? device_key(&v->place, frame) : 0;
}

static uint64_t deletion_key(const struct cfg_call *call, unsigned frame)
{
	const struct cfg_value *v = call->nargs ? &call->args[0] : NULL;
	return v && (v->kind == VALUE_PLACE || v->kind == VALUE_ADDRESS) ? device_key(&v->place, frame) : 0;
}

/* Whether a deletion's argument is a parameter of the routine that makes it
 * (`IoDeleteDevice(value)` in a holder's Close): what a caller gave, which
 * the path does not tie to any device it created. */
static bool given_by_caller(const struct cfg_call *call)
{
	const struct cfg_value *v = call->nargs ? &call->args[0] : NULL;
	return v && v->kind == VALUE_PLACE && v->place.root_is_param && !v->place.deref;
}

bool devices_step(const struct device_calls *d, enum outcome known, const struct hist_item *it,
		  struct device *devices, size_t *ndevices, bool sure)
{
	if (it->kind != HIST_CALL)
		return false;
	const struct cfg_call *call = event_call(it->g, it->event);
	if (kinds_call_listed(call, &d->create)) {
		if (known != OUTCOME_FAILURE)
			devices[(*ndevices)++] = (struct device){ .created = it, .key = creation_key(d, call, it->frame),
								  .creation = known };
		return true;
	}
	if (!kinds_call_listed(call, &d->delete))
		return false;
	uint64_t key = deletion_key(call, it->frame);
	bool matched = false;
	for (size_t k = 0; k < *ndevices && key; k++)
		if (!devices[k].deleted && devices[k].key == key)
			matched = true, devices[k].deleted = it;
	for (size_t k = 0; k < *ndevices && !matched && !(sure && given_by_caller(call)); k++)
		if (!devices[k].deleted)
			devices[k].deleted = it;
	return true;
}

size_t devices_on_path(const struct device_calls *d, const struct path *p, struct device *devices)
{
	enum outcome *runs = revealed_runs(p);
	size_t n = 0;
	for (size_t i = 0; i < p->len; i++)
		devices_step(d, runs[i], &p->items[i], devices, &n, false);
	free(runs);
	return n;
}
