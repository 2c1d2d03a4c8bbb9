/* SPDX-License-Identifier: Apache-2.0 */
/* A timer the unload routine cancels while its DPC may still be queued:
 * KeCancelTimer removes the timer from the queue, but a DPC the timer has
 * already queued, or that is running on another processor, still runs; an
 * unload routine must call KeFlushQueuedDpcs after it, or the DPC routine
 * runs after the driver is gone. Read with kinds/unloadorder.c's search: a
 * cancel of a timer the driver's directory sets with a DPC, that no flush
 * can follow in the routine or in what its callers do next. The teardown
 * kind's "flushed_after" judges it. */
#ifndef ENTRYCHECK_KINDS_UNLOADDPC_H
#define ENTRYCHECK_KINDS_UNLOADDPC_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/strvec.h"
#include "kinds/unloadorder.h"

/* A call that sets timer `arg` with DPC `dpc` (1-based). */
struct timer_set {
	struct strvec calls;
	int arg, dpc;
};

struct dpc_params {
	struct strvec cancels;     /* given the timer as argument 1 */
	struct strvec flushes;
	struct timer_set *sets;
	size_t nsets;
};

struct unload_dpc {
	struct unload_order order;  /* the cancel (then) */
	struct cfg_loc set_loc;     /* where the timer is set with its DPC */
	const char *set_name;
	char *dpc;                  /* the DPC argument as written */
};

void kinds_dpc_compile(struct dpc_params *dp, const cJSON *flushed_after);
void kinds_dpc_release(struct dpc_params *dp);
/* Whether unload routine `index` of `unit` cancels a timer set with a DPC
 * and no flush can follow; the first such cancel to `out` (whose `dpc` the
 * caller frees). */
bool kinds_unload_dpc(const struct check *c, const struct dpc_params *dp, size_t unit, size_t index,
		      struct unload_dpc *out);

#endif
