/* SPDX-License-Identifier: Apache-2.0 */
/* Memory an unload routine reaches after releasing it: `IoDeleteDevice(dev);`
 * then `ext->Scratch` where ext was dev->DeviceExtension, or a pool block
 * read after ExFreePoolWithTag. Read from the routine's graph and those of
 * the helpers it calls, each on its own: a release names a variable (a
 * local, a parameter or a global, never a member, except a back link:
 * IoDeleteDevice(ext->Self) where the driver stores into Self the device
 * whose extension holds it, which releases ext), and a use reaches
 * through it (`->`, `*`, `[]`) on every path from the release, nothing
 * having stored into it since. The teardown kind's "used_after" judges it. */
#ifndef ENTRYCHECK_KINDS_UNLOADUSE_H
#define ENTRYCHECK_KINDS_UNLOADUSE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strvec.h"
#include "kinds/releasers.h"
#include "eval/history.h"

struct unload_use {
	struct cfg_loc use_loc;     /* the use */
	const char *use;            /* as written: ext->Requests */
	const char *var;            /* the variable it reaches through */
	bool again;                 /* the use is a second release */
	struct cfg_loc release_loc; /* the release before it */
	const char *release;        /* its callee */
	const char *function;       /* the function both are in */
};

/* Whether function `index` of `unit`, or a helper it calls (up to `depth`
 * levels below 4), uses what it released; the first such use to `out`. */
/* The members a function of the driver of unit `from` stores the device
 * into whose extension holds them (`ext = dev->DeviceExtension; ext->Self =
 * dev;`), but for a device that function gives to one of `unless_kept_by`
 * (NULL: none), a reference the driver keeps on it. */
void kinds_back_links(const struct program *prog, size_t from, const struct strvec *unless_kept_by,
		      struct strvec *out);

/* Whether `g` takes the extension of the device at `device`
 * (`ext = device->DeviceExtension`): then "<extension T>" is that device's. */
bool kinds_takes_extension(const struct cfg *g, const char *device);

/* Calls `visit` on function `index` of `unit` and on the helpers it calls,
 * each once (`seen`), up to 4 levels below `depth`, until one returns true. */
bool kinds_unload_helpers_any(const struct check *c, size_t unit, size_t index, unsigned depth,
			      bool (*visit)(const struct cfg *g, void *data), void *data, struct strvec *seen);

bool kinds_unload_use(const struct check *c, size_t unit, size_t index, const struct releaser_list *releasers,
		      unsigned depth, struct strvec *seen, struct unload_use *out);

#endif
