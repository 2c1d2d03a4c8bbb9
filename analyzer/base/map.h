/* SPDX-License-Identifier: Apache-2.0 */
/* Hash tables with open addressing, for the lookups an exploration does at
 * every block: an index of distinct strings (strindex), a map from pointers
 * to owned values (ptrmap) and a set of 64-bit hashes (u64set). Each has an
 * _INIT value that is empty and a _clear that frees what it owns. */
#ifndef ENTRYCHECK_MAP_H
#define ENTRYCHECK_MAP_H

#include <stdbool.h>
#include <stddef.h>

/* An index of distinct strings: each string added gets the next number, and
 * looking one up is a hash probe, not a scan (sets of thousands of names are
 * tested at every block of an exploration). Owns copies of its strings. */
struct strindex {
	char **names;               /* by number */
	size_t len, cap;
	int *slots;                 /* open addressing: number + 1, 0 when empty */
	size_t nslots;
};
#define STRINDEX_INIT { NULL, 0, 0, NULL, 0 }
/* The number of `s`, adding it when new. */
int strindex_add(struct strindex *x, const char *s);
/* The number of `s`, or -1. */
int strindex_find(const struct strindex *x, const char *s);
void strindex_clear(struct strindex *x);

/* A map from pointers to owned values (malloc'd), for memos. */
struct ptrmap {
	const void **keys;
	void **values;
	size_t len, cap;            /* cap: a power of two, or 0 */
};
#define PTRMAP_INIT { NULL, NULL, 0, 0 }
/* The value slot of `key`, NULL in a new one; store a malloc'd value there.
 * The slot moves when the map grows: it is valid until the next call on the
 * same map (a memo filled by a walk that asks the memo again re-asks). */
void **ptrmap_slot(struct ptrmap *m, const void *key);
/* Frees every value and the map. */
void ptrmap_clear(struct ptrmap *m);

/* A set of nonzero 64-bit hashes (open addressing). */
struct u64set {
	unsigned long long *slots;
	size_t cap, len;
};
#define U64SET_INIT { NULL, 0, 0 }
/* Adds `h` (not 0); returns false when it was already there. */
bool u64set_add(struct u64set *s, unsigned long long h);
bool u64set_contains(const struct u64set *s, unsigned long long h);
void u64set_clear(struct u64set *s);

#endif
