/* SPDX-License-Identifier: Apache-2.0 */
/* Vectors of owned strings. */
#include "base/strvec.h"
#include "base/alloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void strvec_push(struct strvec *v, const char *s)
{
	GROW(v->items, v->cap, v->len + 2);
	v->items[v->len++] = alloc_strdup(s);
	v->items[v->len] = NULL;
}

void strvec_pushf(struct strvec *v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = alloc_vprintf(fmt, ap);
	va_end(ap);
	strvec_push(v, s);
	free(s);
}

void strvec_push_all(struct strvec *v, const struct strvec *from)
{
	for (size_t i = 0; i < from->len; i++)
		strvec_push(v, from->items[i]);
}

bool strvec_contains(const struct strvec *v, const char *s)
{
	for (size_t i = 0; i < v->len; i++)
		if (!strcmp(v->items[i], s))
			return true;
	return false;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void strvec_sort(struct strvec *v)
{
	if (v->len > 1)
		qsort(v->items, v->len, sizeof(*v->items), compare_strings);
}

void strvec_clear(struct strvec *v)
{
	for (size_t i = 0; i < v->len; i++)
		free(v->items[i]);
	free(v->items);
	v->items = NULL;
	v->len = v->cap = 0;
}
