/* SPDX-License-Identifier: Apache-2.0 */
/* The macro expansion estimate of expansion.h: each #define's body read as
 * tokens (identifiers by name, operators and separators marked, the rest
 * counted), then each macro's size and longest expression by a walk with its
 * own stack, saturating just past the limits. */
#include "front/expansion.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/map.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "base/strvec.h"
#include "front/opruns.h"

/* A body's items besides identifiers (numbered from 0). */
enum { ITEM_OPERATOR = -1, ITEM_SEPARATOR = -2 };

struct definition {
	int *items;                 /* identifiers of the body by number, operators, separators */
	size_t nitems;
	unsigned long long others;  /* its tokens that are not identifiers */
	bool defined;
	const char *file;           /* owned by the files list */
	unsigned line;
};

struct macro_sizes {
	struct strindex names;
	struct definition *defs;    /* by name number */
	size_t cap;
	struct strvec files;
};

struct macro_sizes *macro_sizes_new(void)
{
	struct macro_sizes *m = alloc_zeroed(1, sizeof(*m));
	m->names = (struct strindex)STRINDEX_INIT;
	m->files = (struct strvec)STRVEC_INIT;
	return m;
}

static struct definition *definition_of(struct macro_sizes *m, int k)
{
	if ((size_t)k >= m->cap) {
		size_t old = m->cap;
		GROW(m->defs, m->cap, (size_t)k + 1);
		memset(m->defs + old, 0, (m->cap - old) * sizeof(*m->defs));
	}
	return &m->defs[k];
}

static bool ident_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

/* One logical line (continuations joined, comments blanked), from `p`; sets
 * *next past it and adds the physical lines it spans to *lines. */
static char *logical_line(const char *p, const char **next, unsigned *lines)
{
	struct strbuf sb = STRBUF_INIT;
	*lines = 1;
	while (*p && *p != '\n') {
		if (p[0] == '\\' && (p[1] == '\n' || (p[1] == '\r' && p[2] == '\n'))) {
			p += p[1] == '\n' ? 2 : 3;
			++*lines;
		} else if (p[0] == '/' && p[1] == '*') {
			p += 2;
			while (*p && !(p[0] == '*' && p[1] == '/')) {
				*lines += *p == '\n';
				p++;
			}
			p += *p ? 2 : 0;
			strbuf_addc(&sb, ' ');
		} else if (p[0] == '/' && p[1] == '/') {
			while (*p && *p != '\n')
				p++;
		} else {
			strbuf_addc(&sb, *p++);
		}
	}
	*next = *p ? p + 1 : p;
	return strbuf_detach(&sb);
}

static void add_item(struct definition *d, size_t *cap, int item)
{
	GROW(d->items, *cap, d->nitems + 1);
	d->items[d->nitems++] = item;
}

/* Reads the body of a definition into `d`. Operator characters in a row,
 * blanks between them allowed, are one operator, as opruns.c counts them. */
static void read_body(struct macro_sizes *m, const char *p, struct definition *d)
{
	size_t cap = 0;
	bool in_operator = false;
	while (*p) {
		if (isspace((unsigned char)*p)) {
			p++;
			continue;
		}
		bool operator = opruns_operator_char(*p);
		if (ident_start(*p)) {
			const char *s = p;
			while (str_ident_char(*p))
				p++;
			char *name = alloc_strndup(s, (size_t)(p - s));
			add_item(d, &cap, strindex_add(&m->names, name));
			free(name);
		} else if (*p == '"' || *p == '\'') {
			char quote = *p++;
			while (*p && *p != quote)
				p += p[0] == '\\' && p[1] ? 2 : 1;
			p += *p ? 1 : 0;
			d->others++;
		} else if (isdigit((unsigned char)*p)) {
			while (str_ident_char(*p) || *p == '.')
				p++;
			d->others++;
		} else {
			if (operator && !in_operator)
				add_item(d, &cap, ITEM_OPERATOR);
			else if (strchr(",;{}", *p))
				add_item(d, &cap, ITEM_SEPARATOR);
			p++;
			d->others++;
		}
		in_operator = operator;
	}
}

void macro_sizes_add_text(struct macro_sizes *m, const char *text, const char *file)
{
	strvec_push(&m->files, file);
	const char *shown = m->files.items[m->files.len - 1];
	unsigned line = 1;
	for (const char *p = text; *p;) {
		unsigned spans;
		const char *next;
		char *l = logical_line(p, &next, &spans);
		const char *q = l;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '#') {
			q++;
			while (*q == ' ' || *q == '\t')
				q++;
			if (!strncmp(q, "define", 6) && (q[6] == ' ' || q[6] == '\t')) {
				q += 6;
				while (*q == ' ' || *q == '\t')
					q++;
				const char *s = q;
				while (str_ident_char(*q))
					q++;
				if (q > s && ident_start(*s)) {
					char *name = alloc_strndup(s, (size_t)(q - s));
					int k = strindex_add(&m->names, name);
					free(name);
					if (*q == '(') { /* parameters: not part of the body */
						const char *close = strchr(q, ')');
						q = close ? close + 1 : q + strlen(q);
					}
					struct definition *d = definition_of(m, k);
					free(d->items);
					*d = (struct definition){ .defined = true, .file = shown, .line = line };
					read_body(m, q, d);
				}
			}
		}
		free(l);
		line += spans;
		p = next;
	}
}

/* The operators of a stretch of tokens between separators: those before its
 * first separator, after its last, and the most between two; with no
 * separator the three are its count. Stretches join end to end. */
struct stretch {
	bool separated;
	unsigned long long head, tail, most;
};

static unsigned long long capped(unsigned long long a, unsigned long long b, unsigned long long cap)
{
	return a + b > cap ? cap + 1 : a + b;
}

static unsigned long long larger(unsigned long long a, unsigned long long b)
{
	return a > b ? a : b;
}

static struct stretch join(struct stretch a, struct stretch b, unsigned long long cap)
{
	if (!a.separated && !b.separated) {
		unsigned long long n = capped(a.head, b.head, cap);
		return (struct stretch){ false, n, n, n };
	}
	unsigned long long middle = capped(a.tail, b.head, cap);
	struct stretch r = { true, a.separated ? a.head : middle, b.separated ? b.tail : middle,
			     larger(middle, larger(a.most, b.most)) };
	return r;
}

static const struct stretch one_operator = { false, 1, 1, 1 };
static const struct stretch one_separator = { true, 0, 0, 0 };

struct frame {
	int name;
	size_t next;                /* the body's next item */
	unsigned long long sum;
	struct stretch ops;
};

const char *macro_sizes_over(struct macro_sizes *m, const struct macro_limits *limits,
			     struct macro_excess *excess)
{
	unsigned long long limit = limits->tokens, ops_limit = limits->operators;
	size_t n = m->names.len;
	unsigned long long *size = alloc_zeroed(n + 1, sizeof(*size));
	struct stretch *ops = alloc_zeroed(n + 1, sizeof(*ops));
	unsigned char *state = alloc_zeroed(n + 1, 1); /* 0 not yet, 1 being expanded, 2 known */
	struct frame *stack = NULL;
	size_t depth = 0, cap = 0;
	const char *over = NULL;
	for (size_t root = 0; root < n && !over; root++) {
		if (state[root] || root >= m->cap || !m->defs[root].defined)
			continue;
		GROW(stack, cap, depth + 1);
		stack[depth++] = (struct frame){ (int)root, 0, m->defs[root].others, { 0 } };
		state[root] = 1;
		while (depth) {
			struct frame *f = &stack[depth - 1];
			const struct definition *d = &m->defs[f->name];
			if (f->next < d->nitems) {
				int k = d->items[f->next++];
				if (k < 0) { /* counted among the others */
					f->ops = join(f->ops, k == ITEM_OPERATOR ? one_operator : one_separator,
						      ops_limit);
					continue;
				}
				bool macro = (size_t)k < m->cap && m->defs[k].defined;
				if (macro && state[k] == 0) {
					GROW(stack, cap, depth + 1);
					stack[depth++] = (struct frame){ k, 0, m->defs[k].others, { 0 } };
					state[k] = 1;
					continue;
				}
				bool known = macro && state[k] == 2;
				f->sum = capped(f->sum, known ? size[k] : 1, limit);
				if (known)
					f->ops = join(f->ops, ops[k], ops_limit);
				continue;
			}
			size[f->name] = f->sum;
			ops[f->name] = f->ops;
			state[f->name] = 2;
			if ((f->sum > limit || f->ops.most > ops_limit) && !over) {
				over = m->names.names[f->name];
				*excess = (struct macro_excess){ .file = d->file, .line = d->line,
								 .tokens = f->sum > limit };
			}
			struct frame done = *f;
			depth--;
			if (depth) {
				struct frame *up = &stack[depth - 1];
				up->sum = capped(up->sum, done.sum, limit);
				up->ops = join(up->ops, done.ops, ops_limit);
			}
		}
	}
	free(stack);
	free(state);
	free(ops);
	free(size);
	return over;
}

void macro_sizes_free(struct macro_sizes *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->defs[i].items);
	free(m->defs);
	strindex_clear(&m->names);
	strvec_clear(&m->files);
	free(m);
}
