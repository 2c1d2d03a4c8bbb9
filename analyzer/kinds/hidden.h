/* SPDX-License-Identifier: Apache-2.0 */
/* What a call whose body is not visible can release, for the
 * cleanup-on-failure kind (cleanup.c): a finding steps back when such a
 * call after the acquisition could have released it. */
#ifndef ENTRYCHECK_KINDS_HIDDEN_H
#define ENTRYCHECK_KINDS_HIDDEN_H

#include <stdbool.h>
#include <stddef.h>

#include "eval/history.h"
#include "kinds/pairs.h"

/* Whether an invisible call after the acquisition at `acquire` (item index)
 * could have released it: then the rule steps back, with a note. Else
 * `*passed` is the first invisible call the path made after it, if any: a
 * finding then rests on that call's not releasing it. `opaque` lists the
 * indexes of the path's invisible calls in order (`nopaque` of them): a path
 * holding thousands of acquisitions is not walked once for each. */
bool hidden_may_release(const struct check *c, const struct path *p, size_t acquire, const struct cleanup_pair *pair,
			const size_t *opaque, size_t nopaque, const struct hist_item **passed, bool *passed_has_body);

/* Whether a routine the path went through, or one it calls, calls a release
 * of `pair`: on a path that forgot which way tests of flags went, a release
 * guarded by such a flag (in Stop, `if (Disabled) return;` before the
 * routine that unregisters) may have been skipped only in appearance. */
bool hidden_release_in_routines(const struct check *c, const struct path *p, const struct cleanup_pair *pair);

#endif
