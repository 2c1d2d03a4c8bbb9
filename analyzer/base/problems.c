/* SPDX-License-Identifier: Apache-2.0 */
/* The list of problems met while running. */
#include "base/problems.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/bytes.h"
#include "base/strbuf.h"

void problems_add(struct problems *p, enum problem_level level, const char *file, unsigned line,
		  unsigned column, const char *fmt, ...)
{
	va_list ap;
	GROW(p->items, p->cap, p->len + 1);
	struct problem *it = &p->items[p->len++];
	it->level = level;
	it->file = file ? alloc_strdup(file) : NULL;
	it->line = line;
	it->column = column;
	it->hint = NULL;
	va_start(ap, fmt);
	it->message = alloc_vprintf(fmt, ap);
	va_end(ap);
}

void problems_hint_last(struct problems *p, const char *hint)
{
	if (!p->len)
		return;
	free(p->items[p->len - 1].hint);
	p->items[p->len - 1].hint = hint ? alloc_strdup(hint) : NULL;
}

size_t problems_count(const struct problems *p, enum problem_level level)
{
	size_t n = 0;
	for (size_t i = 0; i < p->len; i++)
		n += p->items[i].level == level;
	return n;
}

const char *problem_level_name(enum problem_level level)
{
	switch (level) {
	case PROBLEM_NOTE: return "note";
	case PROBLEM_WARNING: return "warning";
	case PROBLEM_ERROR: return "error";
	}
	return "error";
}

static int compare_problems(const struct problem *a, const struct problem *b)
{
	if (!a->file != !b->file)
		return a->file ? 1 : -1;
	int c = a->file ? strcmp(a->file, b->file) : 0;
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	return 0;
}

static bool same_problem(const struct problem *a, const struct problem *b)
{
	return a->level == b->level && compare_problems(a, b) == 0 && !strcmp(a->message, b->message);
}

void problems_sort(struct problems *p)
{
	/* Insertion sort: stable, and the lists are short. */
	for (size_t i = 1; i < p->len; i++) {
		struct problem key = p->items[i];
		size_t j = i;
		while (j > 0 && compare_problems(&p->items[j - 1], &key) > 0) {
			p->items[j] = p->items[j - 1];
			j--;
		}
		p->items[j] = key;
	}
	/* The same problem met on several paths is reported once. */
	size_t kept = 0;
	for (size_t i = 0; i < p->len; i++) {
		/* Sorted: duplicates sit among the kept problems at the same location. */
		bool dup = false;
		for (size_t k = kept; k-- > 0 && !dup && compare_problems(&p->items[k], &p->items[i]) == 0;)
			dup = same_problem(&p->items[k], &p->items[i]);
		if (dup) {
			free(p->items[i].file);
			free(p->items[i].message);
			free(p->items[i].hint);
		} else {
			p->items[kept++] = p->items[i];
		}
	}
	p->len = kept;
}

void problems_clear(struct problems *p)
{
	for (size_t i = 0; i < p->len; i++) {
		free(p->items[i].file);
		free(p->items[i].message);
		free(p->items[i].hint);
	}
	free(p->items);
	p->items = NULL;
	p->len = p->cap = 0;
}

void problems_move(struct problems *into, struct problems *from)
{
	GROW(into->items, into->cap, into->len + from->len);
	for (size_t i = 0; i < from->len; i++)
		into->items[into->len++] = from->items[i];
	free(from->items);
	from->items = NULL;
	from->len = from->cap = 0;
}

void problems_write(struct strbuf *out, const struct problems *p)
{
	bytes_put_num(out, p->len);
	for (size_t i = 0; i < p->len; i++) {
		const struct problem *q = &p->items[i];
		bytes_put_num(out, q->level);
		bytes_put_str(out, q->file);
		bytes_put_num(out, q->line);
		bytes_put_num(out, q->column);
		bytes_put_str(out, q->message);
		bytes_put_str(out, q->hint);
	}
}

void problems_read(struct bytes_in *in, struct problems *p)
{
	size_t n = bytes_count(in);
	for (size_t i = 0; i < n && !in->failed; i++) {
		enum problem_level level = (enum problem_level)bytes_num(in);
		char *file = bytes_str(in);
		unsigned line = (unsigned)bytes_num(in), column = (unsigned)bytes_num(in);
		char *message = bytes_str(in);
		char *hint = bytes_str(in);
		if (level > PROBLEM_ERROR || !message)
			in->failed = true;
		if (!in->failed) {
			problems_add(p, level, file, line, column, "%s", message);
			problems_hint_last(p, hint);
		}
		free(file);
		free(message);
		free(hint);
	}
}
