/* SPDX-License-Identifier: Apache-2.0 */
/* Suggestions for mistyped commands and options (suggest.h), by optimal
 * string alignment distance: typos are mostly one wrong, missing, extra or
 * swapped letter. */
#include "cli/suggest.h"

#include <string.h>

#define SUGGEST_MAX_LEN 64

static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la >= SUGGEST_MAX_LEN || lb >= SUGGEST_MAX_LEN)
		return (size_t)-1;
	size_t d[SUGGEST_MAX_LEN + 1][SUGGEST_MAX_LEN + 1];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

const char *suggest_closest(const char *word, const void *candidates, size_t count, size_t stride)
{
	const char *best = NULL;
	size_t best_distance = 3;
	for (size_t i = 0; i < count; i++) {
		const char *name = *(const char *const *)((const char *)candidates + i * stride);
		if (!name)
			continue;
		size_t dist = distance(word, name);
		if (dist < best_distance && dist * 2 < strlen(word)) {
			best = name;
			best_distance = dist;
		}
	}
	return best;
}
