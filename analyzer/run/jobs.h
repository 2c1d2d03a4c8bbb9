/* SPDX-License-Identifier: Apache-2.0 */
/* A small pool of worker threads for the parse stage: items are handed out
 * in order, each to the next free worker; the caller waits for all of them. */
#ifndef ENTRYCHECK_JOBS_H
#define ENTRYCHECK_JOBS_H

#include <stddef.h>

/* Works on item `item` on worker `worker` (0 to workers - 1): no two calls
 * with the same worker run at once. */
typedef void (*job_fn)(size_t item, unsigned worker, void *ctx);

/* The number of online processors, at least 1: the default for --jobs. */
unsigned jobs_default(void);
/* Calls `fn` for items 0 to n - 1 on up to `workers` threads (the calling
 * thread is worker 0) and returns once every call has. */
void jobs_run(size_t n, unsigned workers, job_fn fn, void *ctx);

#endif
