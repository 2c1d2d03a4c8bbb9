/* SPDX-License-Identifier: Apache-2.0 */
/* The device objects a path created and which of them it deleted since, as
 * the kinds that ask whether a device exists at a return judge it (DE013's
 * nothing-left, WDM001's assigns-field): a creation known to have failed on
 * the path made none; a deletion given the variable a creation filled
 * deletes that device, given any other place (DriverObject->DeviceObject, a
 * copy) every device created before. */
#ifndef ENTRYCHECK_KINDS_DEVICES_H
#define ENTRYCHECK_KINDS_DEVICES_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/strvec.h"
#include "kinds/shared.h"

/* A rule's "devices": {create, delete, handle_arg}. */
struct device_calls {
	struct strvec create, delete;
	int handle_arg;            /* where a creation puts the device, 1-based, negative from the end */
};

void devices_calls_compile(struct device_calls *d, const cJSON *devices);
void devices_calls_release(struct device_calls *d);

struct device {
	const struct hist_item *created, *deleted; /* deleted: NULL while it exists */
	uint64_t key;              /* the variable the device went to (0: none known) */
	enum outcome creation;     /* what the path revealed of the creation */
};

/* Takes item `it` of a path into `devices` (room for the path's length):
 * a creation not known to have failed (`known`: what the path revealed of
 * that run of it, revealed_runs) adds a device; a deletion marks the
 * devices it deletes. With `sure` (a rule that reports a device deleted),
 * a deletion given the deleting routine's own parameter deletes only the
 * device of that variable: what a caller gave is no device the path can
 * name. Other items change nothing. Returns whether `it` is a call of `d`. */
bool devices_step(const struct device_calls *d, enum outcome known, const struct hist_item *it,
		  struct device *devices, size_t *ndevices, bool sure);

/* The devices of the whole path `p` into `devices` (room for p->len);
 * returns their number. */
size_t devices_on_path(const struct device_calls *d, const struct path *p, struct device *devices);

#endif
