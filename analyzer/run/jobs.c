/* Each DriverEntry is evaluated on its own, against facts no evaluation
 * changes, so entries can run side by side; each keeps its findings and
 * notes apart until all are done, and they are merged in entry order. */
#include "run/jobs.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/util.h"

/* The explorer keeps its work list on the heap; this is ample. */
#define WORKER_STACK_BYTES ((size_t)64 << 20)

struct job_queue {
	const struct program *prog;
	struct entry_list *entries;
	const struct rule_set *rules;
	const struct eval_options *opts;
	struct findings *findings;    /* per entry */
	struct problems *notes;       /* per entry */
	size_t next;
	pthread_mutex_t lock;
};

static void evaluate_one(struct job_queue *q, size_t i)
{
	q->entries->items[i].incomplete = !evaluate_entry(q->prog, &q->entries->items[i], q->rules, q->opts,
							  &q->findings[i], &q->notes[i]);
}

static void *worker(void *arg)
{
	struct job_queue *q = arg;
	for (;;) {
		pthread_mutex_lock(&q->lock);
		size_t i = q->next++;
		pthread_mutex_unlock(&q->lock);
		if (i >= q->entries->len)
			return NULL;
		evaluate_one(q, i);
	}
}

static unsigned cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

void evaluate_entries(const struct program *prog, struct entry_list *entries, const struct rule_set *rules,
		      const struct eval_options *opts, unsigned jobs, struct findings *out,
		      struct problems *notes)
{
	size_t n = entries->len;
	struct job_queue q = { prog, entries, rules, opts, xcalloc(n + 1, sizeof(struct findings)),
			       xcalloc(n + 1, sizeof(struct problems)), 0, PTHREAD_MUTEX_INITIALIZER };
	if (!jobs)
		jobs = cores();
	if (jobs > n)
		jobs = (unsigned)n;
	pthread_t *threads = xcalloc(jobs + 1, sizeof(*threads));
	unsigned started = 0;
	pthread_attr_t attr;
	bool attr_ok = jobs > 1 && pthread_attr_init(&attr) == 0;
	if (attr_ok && pthread_attr_setstacksize(&attr, WORKER_STACK_BYTES) == 0)
		while (started < jobs && pthread_create(&threads[started], &attr, worker, &q) == 0)
			started++;
	if (attr_ok)
		pthread_attr_destroy(&attr);
	if (started == 0)
		worker(&q); /* one job, or no thread could be made: this one does it all */
	for (unsigned t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	free(threads);
	for (size_t i = 0; i < n; i++) {
		findings_append(out, &q.findings[i]);
		problems_append(notes, &q.notes[i]);
	}
	free(q.findings);
	free(q.notes);
	pthread_mutex_destroy(&q.lock);
}
