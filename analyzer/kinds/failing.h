/* SPDX-License-Identifier: Apache-2.0 */
/* Which of the driver's own functions can return a failure status: the
 * helpers whose NTSTATUS is as much a must-check status as a kernel call's
 * (status-lost). Read from the helper's body alone; a function whose body is
 * not visible is never one (that would be a guess). */
#ifndef ENTRYCHECK_KINDS_FAILING_H
#define ENTRYCHECK_KINDS_FAILING_H

#include <stdbool.h>

#include "eval/history.h"

/* Whether a call can fail as far as the caller's rule knows: a must-check
 * call of its list, say. */
typedef bool call_fails_fn(const struct check *c, const struct cfg_call *call);

/* Whether `call`, made in function `g`, reaches a function of the driver's
 * own (a body the run holds) that is declared to return NTSTATUS and that,
 * on some path of its body, returns a failure constant or a status from a
 * call that can fail: one `fails` accepts, a routine of the kernel
 * (declared in a system header or dllimport), or such a helper of its own.
 * A success test on the way (`if (NT_SUCCESS(s)) return s;`) clears what
 * it tests. Memoized in c->memo. */
bool failing_helper_can_fail(const struct check *c, const struct cfg *g, const struct cfg_call *call,
		     call_fails_fn *fails);

#endif
