/* SPDX-License-Identifier: Apache-2.0 */
/* What a path knows of the driver's device list (CFG_DEVICE_LIST): a device
 * created is linked at its head, so once a creation succeeded the list is not
 * empty and a walk of it (`while (DriverObject->DeviceObject)`, `d =
 * DriverObject->DeviceObject; while (d) ...`) reaches the devices. Before,
 * the walk's first test was unknown and a path skipped every IoDeleteDevice
 * of a teardown that deletes them all. */
#include "eval/explorer.h"

#include <string.h>

#include "cfg/cfg.h"

static bool named(const struct cfg_call *c, const char *const *names)
{
	for (size_t i = 0; c->callee && names[i]; i++)
		if (!strcmp(c->callee, names[i]))
			return true;
	return false;
}

static const char *const CREATES[] = { "IoCreateDevice", "IoCreateDeviceSecure", "WdmlibIoCreateDeviceSecure", NULL };
static const char *const DELETES[] = { "IoDeleteDevice", NULL };

static bool names_list(const struct cfg_call *c)
{
	return c->nargs >= 1 && c->args[0].kind == VALUE_PLACE && c->args[0].place.path &&
	       !strcmp(c->args[0].place.path, CFG_DEVICE_LIST);
}

/* One fact, the head's: not empty once a creation is known to have
 * succeeded, and until the head itself is deleted
 * (`IoDeleteDevice(DriverObject->DeviceObject)`); the deletion of another
 * device (a helper's rollback of the one it just made) is taken to leave
 * others. A count would be more exact, and keeps apart states no test of the
 * list tells apart. */
void state_devices_after_call(struct state *s, const struct cfg_call *c, int site)
{
	bool creates = named(c, CREATES), deletes = !creates && named(c, DELETES);
	if (!creates && !(deletes && names_list(c)))
		return;
	struct fact *f = state_find_fact(s, GLOBAL_FRAME, CFG_DEVICE_LIST);
	if (creates && f && f->outcome == OUTCOME_SUCCESS) {
		f->site = -1; /* not empty before, so not empty after */
		return;
	}
	if (deletes || site < 0) {
		if (f)
			state_drop_fact_at(s, (size_t)(f - s->facts));
		return;
	}
	/* Not empty exactly when this creation succeeds: its status test decides. */
	f = state_set_fact(s, GLOBAL_FRAME, CFG_DEVICE_LIST);
	f->outcome = OUTCOME_UNKNOWN;
	f->site = site;
	f->holds_status = false;
	f->known_const = false;
}
