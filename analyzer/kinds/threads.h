/* SPDX-License-Identifier: Apache-2.0 */
/* System threads the driver starts: a wait for one returns when its start
 * routine has run to its end, so what that routine releases is released
 * where the driver waits (a worker thread that frees the queue, the
 * lookaside list and the resource on its way out, while the unload routine
 * sets the stop flag and waits). */
#ifndef ENTRYCHECK_KINDS_THREADS_H
#define ENTRYCHECK_KINDS_THREADS_H

#include <stdbool.h>
#include <stddef.h>

#include "eval/history.h"

struct cfg_call;
struct cleanup_pair;

/* The start routine of a PsCreateSystemThread call, resolved from unit
 * `from`; false when it is not a function of the driver's with a body. */
bool kinds_thread_routine(const struct check *c, size_t from, const struct cfg_call *call, size_t *unit,
			  size_t *index);
/* Whether the call waits for a dispatcher object (KeWaitForSingleObject,
 * ZwWaitForSingleObject, and their Multiple forms). */
bool kinds_call_waits(const struct cfg_call *call);
/* The start routines of the system threads DriverEntry and the functions it
 * reaches start, at most THREADS_MAX (memoized in c->memo). */
#define THREADS_MAX 8
struct thread_routines {
	size_t n;
	size_t unit[THREADS_MAX], index[THREADS_MAX];
};
const struct thread_routines *kinds_started_threads(const struct check *c);
/* The last wait of a path that follows the start of a system thread: its
 * item `at`, and the start routine of the first thread the path starts. */
struct thread_wait {
	bool found;
	size_t at;
	size_t unit, index;
};
void kinds_thread_wait(const struct check *c, const struct path *p, struct thread_wait *out);
/* Whether an acquisition at item `from` of a path is released by such a
 * wait after it: the start routine releases `pair` on every path (directly
 * or in a helper that does). */
bool kinds_thread_releases(const struct check *c, const struct thread_wait *w, size_t from,
			   const struct cleanup_pair *pair);

#endif
