/* SPDX-License-Identifier: Apache-2.0 */
#include "kinds/heldmap.h"

#include <stdlib.h>

#include "base/alloc.h"

static size_t slot(const struct held_map *o, uint64_t key)
{
	size_t i = key & (o->cap - 1);
	while (o->keys[i] && o->keys[i] != key)
		i = (i + 1) & (o->cap - 1);
	return i;
}

void kinds_objects_add(struct held_map *o, uint64_t key, size_t h)
{
	if (2 * (o->len + 1) > o->cap) {
		struct held_map bigger = *o;
		bigger.cap = o->cap ? o->cap * 2 : 16;
		bigger.keys = alloc_zeroed(bigger.cap, sizeof(*bigger.keys));
		bigger.head = alloc_zeroed(bigger.cap, sizeof(*bigger.head));
		for (size_t j = 0; j < o->cap; j++) {
			if (o->keys[j]) {
				size_t i = slot(&bigger, o->keys[j]);
				bigger.keys[i] = o->keys[j];
				bigger.head[i] = o->head[j];
			}
		}
		free(o->keys);
		free(o->head);
		*o = bigger;
	}
	GROW(o->next, o->next_cap, h + 1);
	size_t i = slot(o, key);
	if (!o->keys[i]) {
		o->keys[i] = key;
		o->len++;
	}
	o->next[h] = o->head[i];
	o->head[i] = h + 1;
}

/* The newest held acquisition stored in `key` + 1, or 0; then o->next[h]. */
size_t kinds_objects_first(const struct held_map *o, uint64_t key)
{
	if (!key || !o->cap)
		return 0;
	size_t i = slot(o, key);
	return o->keys[i] ? o->head[i] : 0;
}
