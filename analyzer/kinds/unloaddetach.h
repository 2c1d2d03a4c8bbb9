/* SPDX-License-Identifier: Apache-2.0 */
/* A device deleted by the unload routine before it is detached from the
 * device below it: `IoDeleteDevice(g_Filter); IoDetachDevice(g_Lower);`
 * where an attach call gave g_Lower for g_Filter. What ties the two devices
 * is the attach call the driver made (anywhere in it): the lower device went
 * to a global (`&g_Lower`, `g_Lower = IoAttachDeviceToDeviceStack(...)`) next
 * to a global filter device, or to a member of the filter's extension
 * (`&ext->Lower`), read back in the unload routine through that device
 * (`ext = dev->DeviceExtension`), through a back link (`ext->Self`), or
 * through a global the driver copied the member to (`g.Lower = ext->Lower`
 * for a global filter device g.Filter). Read
 * from each function's graph, forward from the delete, never around a loop:
 * an element of a list deleted before the next one is detached is no
 * finding. The teardown kind's "detached_first" judges it. */
#ifndef ENTRYCHECK_KINDS_UNLOADDETACH_H
#define ENTRYCHECK_KINDS_UNLOADDETACH_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strvec.h"
#include "eval/history.h"

struct detach_params {
	struct strvec deletes;     /* IoDeleteDevice: argument 1 */
	struct strvec detaches;    /* IoDetachDevice: argument 1 */
	struct lower_source {      /* calls that attach argument 1 and give the device below */
		struct strvec calls;
		int arg;               /* 1-based argument given its address, or 0: the result */
	} *lowers;
	size_t nlowers;
};

struct unload_detach {
	struct cfg_loc delete_loc, detach_loc;
	const char *device;        /* the deleted device as written */
	const char *lower;         /* the device detached, as written */
	const char *function;      /* the function both are in */
};

void kinds_detach_compile(struct detach_params *dp, const cJSON *detached_first);
void kinds_detach_release(struct detach_params *dp);
/* Whether unload routine `index` of `unit`, or a helper it calls (up to 4
 * levels), deletes a device before detaching it; the first to `out`. */
bool kinds_unload_detach(const struct check *c, const struct detach_params *dp, size_t unit, size_t index,
			 struct unload_detach *out);

#endif
