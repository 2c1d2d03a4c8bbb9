/* SPDX-License-Identifier: Apache-2.0 */
/* Checked allocation: malloc and friends that never return NULL, formatted
 * strings, and growing an array in place. Running out of memory aborts with
 * a message; it is the only failure here and the only thing base/ prints.
 * Every returned pointer is the caller's to free. */
#ifndef ENTRYCHECK_ALLOC_H
#define ENTRYCHECK_ALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a newly allocated formatted string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/* Grows `*items` (of `*cap` elements of `size` bytes) to hold at least `need`. */
void grow_array(void **items, size_t *cap, size_t need, size_t size);
#define GROW(items, cap, need) grow_array((void **)&(items), &(cap), (need), sizeof(*(items)))

#endif
