/* SPDX-License-Identifier: Apache-2.0 */
/* A finding is its rule's ID, its location and message, its steps, what a
 * fix needs and the assumptions it rests on. */
#include "findings/store.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/strbuf.h"

static void put_steps(struct strbuf *out, const struct finding_step *steps, size_t n)
{
	bytes_put_num(out, n);
	for (size_t i = 0; i < n; i++) {
		bytes_put_str(out, steps[i].file);
		bytes_put_num(out, steps[i].line);
		bytes_put_num(out, steps[i].column);
		bytes_put_str(out, steps[i].message);
		bytes_put_num(out, steps[i].kind);
	}
}

static struct finding_step *get_steps(struct bytes_in *in, size_t *n)
{
	size_t count = bytes_count(in);
	struct finding_step *steps = alloc_zeroed(count + 1, sizeof(*steps));
	for (*n = 0; *n < count && !in->failed; (*n)++) {
		struct finding_step *s = &steps[*n];
		s->file = bytes_str(in);
		s->line = (unsigned)bytes_num(in);
		s->column = (unsigned)bytes_num(in);
		s->message = bytes_str(in);
		unsigned long long kind = bytes_num(in);
		s->kind = (enum step_kind)kind;
		if (kind > STEP_RETURN || !s->file || !s->message)
			in->failed = true;
	}
	return steps;
}

void findings_write(struct strbuf *out, const struct findings *f)
{
	bytes_put_num(out, f->len);
	for (size_t i = 0; i < f->len; i++) {
		const struct finding *x = &f->items[i];
		bytes_put_str(out, x->rule->id);
		bytes_put_str(out, x->file);
		bytes_put_num(out, x->line);
		bytes_put_num(out, x->column);
		bytes_put_str(out, x->function);
		bytes_put_str(out, x->entry_file);
		bytes_put_num(out, x->entry_line);
		bytes_put_str(out, x->message);
		put_steps(out, x->related, x->nrelated);
		put_steps(out, x->path, x->npath);
		bytes_put_str(out, x->returned);
		bytes_put_num(out, x->returned_constant);
		bytes_put_str(out, x->status_var);
		bytes_put_strvec(out, &x->assumed);
	}
}

void findings_read(struct bytes_in *in, const struct rule_set *rules, struct findings *f)
{
	size_t n = bytes_count(in);
	for (size_t i = 0; i < n && !in->failed; i++) {
		char *id = bytes_str(in);
		const struct rule *rule = id ? rule_set_find(rules, id) : NULL;
		free(id);
		struct finding x = { .rule = rule };
		x.file = bytes_str(in);
		x.line = (unsigned)bytes_num(in);
		x.column = (unsigned)bytes_num(in);
		x.function = bytes_str(in);
		x.entry_file = bytes_str(in);
		x.entry_line = (unsigned)bytes_num(in);
		x.message = bytes_str(in);
		x.related = get_steps(in, &x.nrelated);
		x.path = get_steps(in, &x.npath);
		x.returned = bytes_str(in);
		x.returned_constant = bytes_bool(in);
		x.status_var = bytes_str(in);
		bytes_strvec(in, &x.assumed);
		if (!rule || !x.file || !x.message)
			in->failed = true;
		/* Kept even when failed: findings_release frees what was read. */
		GROW(f->items, f->cap, f->len + 1);
		f->items[f->len++] = x;
	}
}
