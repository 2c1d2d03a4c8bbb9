/* SPDX-License-Identifier: Apache-2.0 */
/* Must-check calls that cannot fail by what the path before them gave
 * (status-lost's "unless_sized" and "unless_fresh_handle"): a
 * UNICODE_STRING copy into a destination whose MaximumLength the path set
 * from the source's length; a kernel-mode reference to the object of a
 * handle a creator of the same function returned with success. The path
 * must record what these read: the stores to a MaximumLength and the
 * creators' calls (kinds_surely_relevant). */
#ifndef ENTRYCHECK_KINDS_SURELY_H
#define ENTRYCHECK_KINDS_SURELY_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "base/strvec.h"
#include "kinds/shared.h"

struct surely {
	struct surely_sized {
		struct strvec calls;
		int destination, source;
	} *sized;
	size_t nsized;
	struct surely_fresh {
		struct strvec calls;
		int handle, type, mode;
		struct surely_creator {
			struct strvec calls;
			int handle;
			const char *type;
		} *creators;
		size_t ncreators;
	} *fresh;
	size_t nfresh;
};

/* Compiles the two params of `params` (either may be absent). */
void kinds_surely_compile(struct surely *s, const cJSON *params);
void kinds_surely_release(struct surely *s);
/* Whether `e` is what an exemption reads: a store to a MaximumLength, or a
 * creator's call. */
bool kinds_surely_relevant(const struct surely *s, const struct cfg *g, const struct cfg_event *e);
/* Whether `call` is a creator: recorded for the exemptions, never judged. */
bool kinds_surely_creator(const struct surely *s, const struct cfg_call *call);
/* Whether item `i` of `p`, a call, cannot fail by what the path gave before
 * it; `r` has learned the items before `i`. */
bool kinds_surely_succeeds(const struct surely *s, const struct path *p, size_t i, const struct revealed *r);

#endif
