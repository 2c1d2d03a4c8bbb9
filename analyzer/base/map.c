/* SPDX-License-Identifier: Apache-2.0 */
/* The open-addressing tables: strindex, ptrmap, u64set. */
#include "base/map.h"
#include "base/alloc.h"
#include "base/hash.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t strindex_slot(const struct strindex *x, const char *s)
{
	size_t mask = x->nslots - 1, i = hash_bytes(s, strlen(s), 0) & mask;
	while (x->slots[i] && strcmp(x->names[x->slots[i] - 1], s))
		i = (i + 1) & mask;
	return i;
}

int strindex_find(const struct strindex *x, const char *s)
{
	if (!x->nslots || !s)
		return -1;
	return x->slots[strindex_slot(x, s)] - 1;
}

int strindex_add(struct strindex *x, const char *s)
{
	if ((x->len + 1) * 2 > x->nslots) {
		/* Rehash at half full: probes stay short. */
		size_t n = x->nslots ? x->nslots * 2 : 16;
		free(x->slots);
		x->slots = alloc_zeroed(n, sizeof(*x->slots));
		x->nslots = n;
		for (size_t k = 0; k < x->len; k++)
			x->slots[strindex_slot(x, x->names[k])] = (int)k + 1;
	}
	size_t i = strindex_slot(x, s);
	if (!x->slots[i]) {
		GROW(x->names, x->cap, x->len + 1);
		x->names[x->len] = alloc_strdup(s);
		x->slots[i] = (int)++x->len;
	}
	return x->slots[i] - 1;
}

void strindex_clear(struct strindex *x)
{
	for (size_t k = 0; k < x->len; k++)
		free(x->names[k]);
	free(x->names);
	free(x->slots);
	*x = (struct strindex)STRINDEX_INIT;
}

static size_t ptrmap_index(const struct ptrmap *m, const void *key)
{
	size_t mask = m->cap - 1, i = (size_t)(((uintptr_t)key >> 4) * 0x9E3779B97F4A7C15ULL) & mask;
	while (m->keys[i] && m->keys[i] != key)
		i = (i + 1) & mask;
	return i;
}

void **ptrmap_slot(struct ptrmap *m, const void *key)
{
	if ((m->len + 1) * 2 > m->cap) {
		struct ptrmap bigger = { NULL, NULL, m->len, m->cap ? m->cap * 2 : 64 };
		bigger.keys = alloc_zeroed(bigger.cap, sizeof(*bigger.keys));
		bigger.values = alloc_zeroed(bigger.cap, sizeof(*bigger.values));
		for (size_t k = 0; k < m->cap; k++) {
			if (m->keys[k]) {
				size_t i = ptrmap_index(&bigger, m->keys[k]);
				bigger.keys[i] = m->keys[k];
				bigger.values[i] = m->values[k];
			}
		}
		free(m->keys);
		free(m->values);
		*m = bigger;
	}
	size_t i = ptrmap_index(m, key);
	if (!m->keys[i]) {
		m->keys[i] = key;
		m->len++;
	}
	return &m->values[i];
}

void ptrmap_clear(struct ptrmap *m)
{
	for (size_t k = 0; k < m->cap; k++)
		free(m->values[k]);
	free(m->keys);
	free(m->values);
	*m = (struct ptrmap)PTRMAP_INIT;
}

bool u64set_add(struct u64set *s, unsigned long long h)
{
	if (s->len * 2 >= s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		unsigned long long *slots = alloc_zeroed(cap, sizeof(*slots));
		for (size_t i = 0; i < s->cap; i++) {
			if (!s->slots[i])
				continue;
			size_t j = s->slots[i] & (cap - 1);
			while (slots[j])
				j = (j + 1) & (cap - 1);
			slots[j] = s->slots[i];
		}
		free(s->slots);
		s->slots = slots;
		s->cap = cap;
	}
	size_t j = h & (s->cap - 1);
	while (s->slots[j]) {
		if (s->slots[j] == h)
			return false;
		j = (j + 1) & (s->cap - 1);
	}
	s->slots[j] = h;
	s->len++;
	return true;
}

bool u64set_contains(const struct u64set *s, unsigned long long h)
{
	if (!s->cap)
		return false;
	size_t j = h & (s->cap - 1);
	while (s->slots[j]) {
		if (s->slots[j] == h)
			return true;
		j = (j + 1) & (s->cap - 1);
	}
	return false;
}

void u64set_clear(struct u64set *s)
{
	free(s->slots);
	memset(s, 0, sizeof(*s));
}
