/* SPDX-License-Identifier: Apache-2.0 */
/* The held acquisitions by the object they were stored in: a release passed
 * that object releases those, not every acquisition of its pair. One slot
 * per distinct object, its acquisitions chained newest first. */
#ifndef ENTRYCHECK_KINDS_HELDMAP_H
#define ENTRYCHECK_KINDS_HELDMAP_H

#include <stddef.h>
#include <stdint.h>

struct held_map {
	uint64_t *keys;             /* open addressing; 0 is empty */
	size_t *head;               /* per slot: held index + 1 of the newest */
	size_t *next;               /* per held: the previous one of the same object, + 1 */
	size_t cap, len, next_cap;
};

/* Chains held acquisition `h` to the object `key` (not 0). */
void kinds_objects_add(struct held_map *o, uint64_t key, size_t h);
/* The newest held acquisition stored in `key` + 1, or 0; then o->next[h]. */
size_t kinds_objects_first(const struct held_map *o, uint64_t key);

#endif
