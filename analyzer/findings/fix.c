/* SPDX-License-Identifier: Apache-2.0 */
/* Mechanical fixes, computed after the analysis from the facts a finding
 * carries (eval/evidence.c) and the source as written: a fix is offered only
 * where the text shows exactly what to replace. Emitters print fixes; they do
 * not work them out. */
#include "findings/fix.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/lines.h"
#include "findings/finding.h"
#include "rules/rules.h"

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/* The columns [*start, *end) of the expression a `return` at `column` of
 * `line` returns, when the source there reads "return EXPR;" with EXPR
 * equal to `expr` (written without white space). */
static bool returned_span(const char *line, size_t len, unsigned column, const char *expr,
			  size_t *start, size_t *end)
{
	size_t p = column ? column - 1 : len;
	if (p + 6 > len || strncmp(line + p, "return", 6) || (p + 6 < len && ident_char(line[p + 6])))
		return false;
	p += 6;
	while (p < len && blank(line[p]))
		p++;
	*start = p;
	for (const char *e = expr; *e; e++) {
		while (p < len && blank(line[p]))
			p++;
		if (p >= len || line[p] != *e)
			return false;
		p++;
	}
	*end = p;
	while (p < len && blank(line[p]))
		p++;
	return *end > *start && p < len && line[p] == ';';
}

/* Whether a line of `file` after `from` and before `to` may assign `var`
 * ("var =", "var |=", ...): then it may no longer hold the call's status. */
static bool assigned_between(struct line_cache *s, const char *file, unsigned from, unsigned to,
			     const char *var)
{
	size_t n = strlen(var);
	for (unsigned line = from + 1; line < to; line++) {
		size_t len = 0;
		const char *text = line_cache_line(s, file, line, &len);
		if (!text)
			return true;
		for (size_t i = 0; i + n <= len; i++) {
			if (strncmp(text + i, var, n) || (i && ident_char(text[i - 1])) ||
			    (i + n < len && ident_char(text[i + n])))
				continue;
			size_t j = i + n;
			while (j < len && blank(text[j]))
				j++;
			char c0 = j < len ? text[j] : 0, c1 = j + 1 < len ? text[j + 1] : 0,
			     c2 = j + 2 < len ? text[j + 2] : 0;
			bool prefix = (i >= 2 && (!strncmp(text + i - 2, "++", 2) || !strncmp(text + i - 2, "--", 2))) ||
				      (i >= 1 && text[i - 1] == '&' && (i < 2 || text[i - 2] != '&')); /* &var */
			if (prefix || (c0 == '=' && c1 != '=') || (c0 && strchr("+-*/%&|^", c0) && c1 == '=') ||
			    ((c0 == '+' || c0 == '-') && c1 == c0) ||
			    ((c0 == '<' || c0 == '>') && c1 == c0 && c2 == '='))
				return true;
		}
	}
	return false;
}

/* A fix for a success constant returned instead of the failed (or the
 * required) call's status: the constant becomes the status variable. Only
 * when the return reads plainly on one line, so the region is exact, and no
 * line between the call and the return may assign the variable. */
static struct finding_fix *fix_for(struct line_cache *s, const struct finding *f)
{
	const char *kind = f->rule->kind ? f->rule->kind : "";
	if ((strcmp(kind, "no-success-after-failure") && strcmp(kind, "returns-status-of")) ||
	    !f->returned || !f->returned_constant || !f->status_var || !strcmp(f->returned, f->status_var))
		return NULL;
	const struct finding_step *call = f->nrelated ? &f->related[0] : NULL;
	if (!call || !call->file || strcmp(call->file, f->file) || call->line >= f->line ||
	    assigned_between(s, f->file, call->line, f->line, f->status_var))
		return NULL;
	size_t len = 0, start, end;
	const char *line = line_cache_line(s, f->file, f->line, &len);
	if (!line || !returned_span(line, len, f->column, f->returned, &start, &end))
		return NULL;
	struct finding_fix *fix = alloc_zeroed(1, sizeof(*fix));
	fix->description = alloc_printf("return %s instead of %s", f->status_var, f->returned);
	fix->file = alloc_strdup(f->file);
	fix->line = f->line;
	fix->start_column = (unsigned)start + 1;
	fix->end_column = (unsigned)end + 1;
	fix->text = alloc_strdup(f->status_var);
	return fix;
}

void fixes_compute(struct findings *findings)
{
	struct line_cache cache = { 0 };
	for (size_t i = 0; i < findings->len; i++)
		findings->items[i].fix = fix_for(&cache, &findings->items[i]);
	line_cache_release(&cache);
}

void finding_fix_release(struct finding_fix *fix)
{
	if (!fix)
		return;
	free(fix->description);
	free(fix->file);
	free(fix->text);
	free(fix);
}
