/* SPDX-License-Identifier: Apache-2.0 */
#include "run/shard.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/path.h"
#include "project/inputs.h"

int shard_parse(const char *text, unsigned *k, unsigned *n)
{
	const char *slash = strchr(text, '/');
	if (!slash || slash == text || !slash[1])
		return -1;
	char *end;
	if (text[0] < '0' || text[0] > '9' || slash[1] < '0' || slash[1] > '9')
		return -1;
	unsigned long kk = strtoul(text, &end, 10);
	if (end != slash)
		return -1;
	unsigned long nn = strtoul(slash + 1, &end, 10);
	if (*end || kk < 1 || nn < 1 || kk > nn || nn > 10000)
		return -1;
	*k = (unsigned)kk;
	*n = (unsigned)nn;
	return 0;
}

/* The unit an input belongs to: its build file, else its directory. Caller frees. */
static char *unit_of(const struct input *in)
{
	if (in->in_project && in->facts.project)
		return alloc_strdup(in->facts.project);
	return path_dirname(in->path);
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool *shard_assign(const struct input_set *inputs, unsigned k, unsigned n)
{
	bool *keep = alloc_zeroed(inputs->len + 1, sizeof(*keep));
	if (n == 0) {
		for (size_t i = 0; i < inputs->len; i++)
			keep[i] = true;
		return keep;
	}
	char **units = alloc_zeroed(inputs->len + 1, sizeof(*units));
	char **sorted = alloc_zeroed(inputs->len + 1, sizeof(*sorted));
	for (size_t i = 0; i < inputs->len; i++)
		sorted[i] = units[i] = unit_of(&inputs->items[i]);
	if (inputs->len > 1)
		qsort(sorted, inputs->len, sizeof(*sorted), compare_strings);
	/* The rank of each distinct unit, dealt out as rank mod n. */
	size_t distinct = 0;
	for (size_t i = 0; i < inputs->len; i++)
		if (i == 0 || strcmp(sorted[i], sorted[distinct - 1]))
			sorted[distinct++] = sorted[i];
	for (size_t i = 0; i < inputs->len; i++) {
		size_t lo = 0, hi = distinct;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (strcmp(sorted[mid], units[i]) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		keep[i] = lo % n == k - 1;
	}
	for (size_t i = 0; i < inputs->len; i++)
		free(units[i]);
	free(units);
	free(sorted);
	return keep;
}
