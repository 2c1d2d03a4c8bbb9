/* SPDX-License-Identifier: Apache-2.0 */
#include "run/jobs.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/alloc.h"

/* As the analysis thread's (cli/main.c): libclang parses on the thread that
 * calls it (LIBCLANG_NOTHREADS) and recurses deep on deep code. Only the
 * pages used are committed. */
#define WORKER_STACK_BYTES ((size_t)1 << 30)

struct pool {
	job_fn fn;
	void *ctx;
	size_t n, next;
	pthread_mutex_t lock;
};

struct worker {
	struct pool *pool;
	unsigned id;
	pthread_t thread;
	bool started;
};

unsigned jobs_default(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n >= 1 ? (unsigned)n : 1;
}

/* Takes items until none is left. */
static void *work(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->pool;
	for (;;) {
		pthread_mutex_lock(&p->lock);
		size_t item = p->next < p->n ? p->next++ : p->n;
		pthread_mutex_unlock(&p->lock);
		if (item == p->n)
			return NULL;
		p->fn(item, w->id, p->ctx);
	}
}

static bool start(struct worker *w)
{
	pthread_attr_t attr;
	if (pthread_attr_init(&attr) != 0)
		return false;
	bool ok = pthread_attr_setstacksize(&attr, WORKER_STACK_BYTES) == 0 &&
		  pthread_create(&w->thread, &attr, work, w) == 0;
	pthread_attr_destroy(&attr);
	return ok;
}

void jobs_run(size_t n, unsigned workers, job_fn fn, void *ctx)
{
	if (workers > n)
		workers = (unsigned)n;
	if (workers <= 1) {
		for (size_t i = 0; i < n; i++)
			fn(i, 0, ctx);
		return;
	}
	struct pool pool = { fn, ctx, n, 0, PTHREAD_MUTEX_INITIALIZER };
	struct worker *ws = alloc_zeroed(workers, sizeof(*ws));
	/* A thread that cannot be started leaves its share to the others. */
	for (unsigned i = 1; i < workers; i++) {
		ws[i] = (struct worker){ &pool, i, 0, false };
		ws[i].started = start(&ws[i]);
	}
	ws[0] = (struct worker){ &pool, 0, 0, true };
	work(&ws[0]);
	for (unsigned i = 1; i < workers; i++)
		if (ws[i].started)
			pthread_join(ws[i].thread, NULL);
	pthread_mutex_destroy(&pool.lock);
	free(ws);
}
