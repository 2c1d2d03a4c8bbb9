/* SPDX-License-Identifier: Apache-2.0 */
/* Checked allocation: malloc and friends that never return NULL, formatted
 * strings, and growing an array in place. Running out of memory aborts with
 * a message; it is the only failure here and the only thing base/ prints.
 * Every returned pointer is the caller's to free. */
#ifndef ENTRYCHECK_ALLOC_H
#define ENTRYCHECK_ALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *alloc_bytes(size_t size);
void *alloc_zeroed(size_t count, size_t size);
void *alloc_resize(void *ptr, size_t size);
char *alloc_strdup(const char *s);
char *alloc_strndup(const char *s, size_t n);
/* Returns a newly allocated formatted string; the caller frees it. */
char *alloc_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *alloc_vprintf(const char *fmt, va_list ap);

/* Grows `*items` (of `*cap` elements of `size` bytes) to hold at least `need`. */
void alloc_grow(void **items, size_t *cap, size_t need, size_t size);
#define GROW(items, cap, need) alloc_grow((void **)&(items), &(cap), (need), sizeof(*(items)))

#endif
