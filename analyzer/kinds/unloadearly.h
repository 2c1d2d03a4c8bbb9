/* SPDX-License-Identifier: Apache-2.0 */
/* State an unload routine releases while a routine that reads it is still
 * registered: `ExFreePoolWithTag(g_Totals, ...)` and only then
 * `NdisFDeregisterFilterDriver`, whose FilterDetach calls still write into
 * g_Totals; a lookaside list deleted before the notify routines that
 * allocate from it are removed. Read with kinds/unloadorder.c's search: a
 * release of a global, followed by an unregistration whose routines (the
 * one it names, or those the driver gave the registration it undoes) read
 * that global, and preceded by none. The teardown kind's "freed_before"
 * judges it. */
#ifndef ENTRYCHECK_KINDS_UNLOADEARLY_H
#define ENTRYCHECK_KINDS_UNLOADEARLY_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/strvec.h"
#include "kinds/releasers.h"
#include "kinds/unloadorder.h"

/* A call that removes routines: the one it names (`routine_arg`, when
 * `remove_arg`, if any, is a nonzero constant), or every routine the driver
 * gave one of `registered_by`, as its `arg` or stored in one of `fields`. */
struct unregistration {
	struct strvec calls;
	int routine_arg, remove_arg;
	struct strvec registered_by, fields;
	int arg;                   /* the routine, or the address of a global whose initializer
				    * names the routines (through the globals it names in turn:
				    * a FLT_REGISTRATION's operation table)... */
	struct strvec skip_fields; /* ...but those in these fields (its own unload callback) */
};

struct early_params {
	struct releaser_list releases;
	struct unregistration *items;
	size_t n;
	/* A routine that calls one of these (ExAcquireRundownProtection) first
	 * asks whether the state is still there. */
	struct strvec guards;
};

struct unload_early {
	struct unload_order order;  /* the release (then) and the unregistration after it (first) */
	char *place;                /* the global released, as the reads compare it */
	char *routine;              /* the registered routine that reads it */
};

void kinds_early_compile(struct early_params *ep, const cJSON *freed_before);
void kinds_early_release(struct early_params *ep);
/* Whether unload routine `index` of `unit` releases a global before an
 * unregistration whose routines read it; the first such pair to `out`
 * (whose `place` and `routine` the caller frees). */
bool kinds_unload_early(const struct check *c, const struct early_params *ep, size_t unit, size_t index,
			struct unload_early *out);

#endif
