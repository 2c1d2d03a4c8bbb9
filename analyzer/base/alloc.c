/* SPDX-License-Identifier: Apache-2.0 */
/* Checked allocation: out of memory is the one failure, and it aborts. */
#include "base/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t size)
{
	fprintf(stderr, "entrycheck: fatal: out of memory allocating %zu bytes\n", size);
	abort();
}

void *alloc_bytes(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *alloc_zeroed(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory(count * size);
	return p;
}

void *alloc_resize(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

char *alloc_strdup(const char *s)
{
	return alloc_strndup(s, strlen(s));
}

char *alloc_strndup(const char *s, size_t n)
{
	char *p = alloc_bytes(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *alloc_vprintf(const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		n = 0;
	char *p = alloc_bytes((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *alloc_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = alloc_vprintf(fmt, ap);
	va_end(ap);
	return p;
}

void alloc_grow(void **items, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return;
	size_t n = *cap ? *cap : 8;
	while (n < need)
		n *= 2;
	*items = alloc_resize(*items, n * size);
	*cap = n;
}
