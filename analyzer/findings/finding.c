/* SPDX-License-Identifier: Apache-2.0 */
/* The findings model's lifetime: ordering, superseding and release. */
#include "findings/finding.h"

#include <stdlib.h>
#include <string.h>

#include "findings/fix.h"
#include "rules/rules.h"
#include "base/alloc.h"
#include "base/strvec.h"

static int compare_findings(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	c = strcmp((x->rule)->id, (y->rule)->id);
	return c ? c : strcmp(x->message, y->message);
}

static void finding_release(struct finding *f)
{
	free(f->file);
	free(f->function);
	free(f->entry_file);
	free(f->message);
	for (size_t i = 0; i < f->nrelated; i++) {
		free(f->related[i].file);
		free(f->related[i].message);
	}
	free(f->related);
	for (size_t i = 0; i < f->npath; i++) {
		free(f->path[i].file);
		free(f->path[i].message);
	}
	free(f->path);
	free(f->returned);
	free(f->status_var);
	finding_fix_release(f->fix);
	free(f->suppression);
	strvec_clear(&f->assumed);
	strvec_clear(&f->caveats);
}

/* Whether two findings of one kind name different things first among their
 * related locations (two acquisitions leaked at one return). */
static bool about_another(const struct finding *f, const struct finding *g)
{
	if (f->rule->def != g->rule->def || !f->nrelated || !g->nrelated)
		return false;
	const struct finding_step *a = &f->related[0], *b = &g->related[0];
	return a->line != b->line || a->column != b->column || strcmp(a->file, b->file);
}

/* Whether `f` is replaced by another finding at its location, about the same
 * thing, from a rule that supersedes f's rule. */
static bool superseded(const struct findings *all, const struct finding *f)
{
	for (size_t i = 0; i < all->len; i++) {
		const struct finding *g = &all->items[i];
		if (g == f || g->line != f->line || g->column != f->column || strcmp(g->file, f->file))
			continue;
		if (strvec_contains(&g->rule->supersedes, f->rule->id) && !about_another(f, g))
			return true;
	}
	return false;
}

void findings_finish(struct findings *f)
{
	size_t kept = 0;
	bool *drop = alloc_zeroed(f->len + 1, sizeof(*drop));
	for (size_t i = 0; i < f->len; i++)
		drop[i] = superseded(f, &f->items[i]);
	for (size_t i = 0; i < f->len; i++) {
		if (drop[i])
			finding_release(&f->items[i]);
		else
			f->items[kept++] = f->items[i];
	}
	free(drop);
	f->len = kept;
	if (f->len > 1)
		qsort(f->items, f->len, sizeof(*f->items), compare_findings);
}

void findings_keep(struct findings *f, const bool *keep)
{
	size_t kept = 0;
	for (size_t i = 0; i < f->len; i++) {
		if (keep[i])
			f->items[kept++] = f->items[i];
		else
			finding_release(&f->items[i]);
	}
	f->len = kept;
}

void findings_release(struct findings *f)
{
	for (size_t i = 0; i < f->len; i++)
		finding_release(&f->items[i]);
	free(f->items);
	memset(f, 0, sizeof(*f));
}

void findings_append(struct findings *to, struct findings *from)
{
	for (size_t i = 0; i < from->len; i++) {
		struct finding *f = &from->items[i];
		bool seen = false;
		for (size_t k = 0; k < to->len && !seen; k++) {
			const struct finding *g = &to->items[k];
			seen = g->rule == f->rule && g->line == f->line && g->column == f->column &&
			       !strcmp(g->file, f->file) && !strcmp(g->message, f->message);
		}
		if (seen) {
			finding_release(f);
			continue;
		}
		GROW(to->items, to->cap, to->len + 1);
		to->items[to->len++] = *f;
	}
	free(from->items);
	memset(from, 0, sizeof(*from));
}

bool finding_is_active(const struct finding *f)
{
	return !f->suppression && f->baseline != BASELINE_UNCHANGED;
}
