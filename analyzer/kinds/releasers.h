/* SPDX-License-Identifier: Apache-2.0 */
/* Calls that release the memory an argument points to, as rules list them
 * ("releases" of used-after-release, "used_after.releases" of
 * teardown-in-unload): compiled once per rule, matched against calls. */
#ifndef ENTRYCHECK_KINDS_RELEASERS_H
#define ENTRYCHECK_KINDS_RELEASERS_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/strvec.h"

struct releaser {
	struct strvec calls;
	int arg;                   /* 1-based: the pointer released */
	bool extension;            /* a device object: its extension goes with it */
	struct strvec kept_by;     /* "kept_by": calls that take a reference on the object, which
				    * then outlives the release (ObReferenceObject of a device) */
};

struct releaser_list {
	struct releaser *items;
	size_t n;
};

/* Appends the releasers of the JSON array `releases` ({calls, arg, extension, kept_by}). */
void releasers_compile(struct releaser_list *out, const cJSON *releases);
void releasers_release(struct releaser_list *list);

#endif
