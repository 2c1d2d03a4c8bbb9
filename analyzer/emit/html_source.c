/* SPDX-License-Identifier: Apache-2.0 */
/* A finding drawn over its sources: its locations grouped by file with a few
 * lines of context, each step a numbered badge on its token and a bubble
 * under its line. */
#include "emit/html.h"
#include "emit/html_parts.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/lines.h"
#include "base/strbuf.h"
#include "base/utf8.h"
#include "config.h"
#include "findings/finding.h"
#include "rules/rules.h"
#include "run/run.h"

/* Lines shown around each location, and the widest gap two excerpts close
 * over rather than show "...". */
#define CONTEXT_LINES 2
#define JOIN_GAP 4
/* The width a tab takes in the excerpts (the page's tab-size). */
#define TAB_WIDTH 4
/* Bubbles start under their column, but never further right than this. */
#define MAX_INDENT 48

/* Excerpts */

enum mark_role { MARK_STEP, MARK_RELATED, MARK_AT };

/* One location of a finding drawn in its excerpt. */
struct mark {
	const char *file;
	unsigned line, column;
	enum mark_role role;
	enum step_kind kind;
	size_t number;             /* the step's or related location's, from 1 */
	const char *message;
};

static const char *kind_class(enum step_kind kind)
{
	return kind == STEP_CALL ? "call" : kind == STEP_BRANCH ? "branch" : kind == STEP_RETURN ? "return" : "event";
}

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Marks on one line: by column, then steps in order, related, the finding. */
static int compare_marks(const void *a, const void *b)
{
	const struct mark *x = *(const struct mark *const *)a, *y = *(const struct mark *const *)b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->role != y->role)
		return x->role < y->role ? -1 : 1;
	return x->number < y->number ? -1 : x->number > y->number;
}

/* The id of a mark's bubble: f<finding>-s<step>, -r<related> or -at. */
static void put_mark_id(struct strbuf *sb, size_t finding, const struct mark *m)
{
	if (m->role == MARK_AT)
		strbuf_addf(sb, "f%zu-at", finding);
	else
		strbuf_addf(sb, "f%zu-%c%zu", finding, m->role == MARK_STEP ? 's' : 'r', m->number);
}

/* The screen column of byte `column` (1-based) of the line, tabs expanded. */
static unsigned screen_column(const char *text, size_t len, unsigned column)
{
	unsigned col = 0;
	for (size_t i = 0; i + 1 < column && i < len;) {
		size_t n = utf8_sequence_length((const unsigned char *)text + i, len - i);
		col = text[i] == '\t' ? (col / TAB_WIDTH + 1) * TAB_WIDTH : col + 1;
		i += n ? n : 1;
	}
	return col;
}

/* A source line with the token at each mark's column wrapped and, for steps,
 * preceded by the step's numbered badge. */
static void put_source_line(struct strbuf *sb, const char *text, size_t len, struct mark **marks, size_t n)
{
	size_t pos = 0;
	for (size_t i = 0; i < n;) {
		unsigned column = marks[i]->column;
		size_t j = i;
		while (j < n && marks[j]->column == column)
			j++;
		if (!column) {
			i = j;
			continue;
		}
		size_t from = column - 1 < len ? column - 1 : len;
		if (from < pos)
			from = pos;
		size_t to = from;
		while (to < len && ident_char(text[to]))
			to++;
		if (to == from && from < len) {
			size_t k = utf8_sequence_length((const unsigned char *)text + from, len - from);
			to = from + (k ? k : 1);
		}
		html_put_text(sb, text + pos, from - pos);
		const char *role = "step";
		for (size_t k = i; k < j; k++) {
			if (marks[k]->role == MARK_STEP)
				strbuf_addf(sb, "<span class=\"badge %s\">%zu</span>", kind_class(marks[k]->kind),
					    marks[k]->number);
			else if (marks[k]->role == MARK_AT)
				role = "at";
			else if (strcmp(role, "at"))
				role = "related";
		}
		strbuf_addf(sb, "<span class=\"tok %s\">", role);
		html_put_text(sb, text + from, to - from);
		strbuf_adds(sb, "</span>");
		pos = to;
		i = j;
	}
	html_put_text(sb, text + pos, len - pos);
}

static void put_bubble(struct strbuf *sb, size_t finding, const struct mark *m, const struct finding *f,
		       unsigned indent)
{
	strbuf_adds(sb, "<tr class=\"bubble ");
	if (m->role == MARK_STEP)
		strbuf_addf(sb, "step %s", kind_class(m->kind));
	else if (m->role == MARK_RELATED)
		strbuf_adds(sb, "related");
	else
		strbuf_addf(sb, "at %s", rule_level_name(f->rule->level));
	strbuf_adds(sb, "\" id=\"");
	put_mark_id(sb, finding, m);
	strbuf_addf(sb, "\"><td class=\"ln\"></td><td class=\"code\" style=\"padding-left:calc(6px + %uch)\"><div>",
		    indent > MAX_INDENT ? MAX_INDENT : indent);
	if (m->role == MARK_STEP)
		strbuf_addf(sb, "<span class=\"badge %s\">%zu</span> ", kind_class(m->kind), m->number);
	else if (m->role == MARK_RELATED)
		strbuf_adds(sb, "&#8627; ");
	strbuf_adds(sb, "<span class=\"text\">");
	if (m->role == MARK_AT) {
		html_put_str(sb, f->message);
		strbuf_adds(sb, " [");
		html_put_str(sb, f->rule->id);
		strbuf_adds(sb, "]");
	} else {
		html_put_str(sb, m->message && m->message[0] ? m->message : "here");
	}
	strbuf_adds(sb, "</span></div></td></tr>\n");
}

/* The excerpt of one file: its marked lines with context, excerpts close
 * together joined, each line followed by the bubbles of its marks. */
static void put_file_excerpt(struct strbuf *sb, struct line_cache *lines, const char *cwd, size_t finding,
			     const struct finding *f, struct mark **marks, size_t n)
{
	const char *file = marks[0]->file;
	size_t len;
	strbuf_adds(sb, "<div class=\"fname\">");
	html_put_location(sb, cwd, file, 0, 0);
	strbuf_adds(sb, "</div>\n<table class=\"src\"><tbody>\n");
	bool readable = line_cache_line(lines, file, 1, &len) != NULL;
	if (!readable)
		strbuf_adds(sb, "<tr><td class=\"ln\"></td><td class=\"nosource\">the source cannot be read "
				"now</td></tr>\n");
	unsigned shown_to = 0; /* the last line shown */
	for (size_t i = 0; i < n;) {
		if (!marks[i]->line) { /* a file-level location: its bubble alone */
			put_bubble(sb, finding, marks[i++], f, 0);
			continue;
		}
		unsigned from = marks[i]->line > CONTEXT_LINES ? marks[i]->line - CONTEXT_LINES : 1;
		unsigned to = marks[i]->line + CONTEXT_LINES;
		size_t j = i;
		while (j < n && marks[j]->line <= to + JOIN_GAP) {
			if (marks[j]->line + CONTEXT_LINES > to)
				to = marks[j]->line + CONTEXT_LINES;
			j++;
		}
		if (!readable) {
			for (size_t k = i; k < j; k++)
				put_bubble(sb, finding, marks[k], f, 0);
			i = j;
			continue;
		}
		if (from <= shown_to)
			from = shown_to + 1;
		if (shown_to && from > shown_to + 1)
			strbuf_adds(sb, "<tr class=\"gap\"><td class=\"ln\">&#8942;</td><td></td></tr>\n");
		size_t k = i;
		for (unsigned line = from; line <= to; line++) {
			const char *text = line_cache_line(lines, file, line, &len);
			size_t first = k;
			while (k < j && marks[k]->line == line)
				k++;
			if (!text) {
				for (size_t m = first; m < k; m++)
					put_bubble(sb, finding, marks[m], f, 0);
				if (k == j)
					break;
				continue;
			}
			bool at = false;
			for (size_t m = first; m < k; m++)
				at |= marks[m]->role == MARK_AT;
			if (at)
				strbuf_addf(sb, "<tr class=\"line at %s\">", rule_level_name(f->rule->level));
			else
				strbuf_adds(sb, "<tr class=\"line\">");
			strbuf_addf(sb, "<td class=\"ln\">%u</td><td class=\"code\">", line);
			/* The line's marks by column for the tokens; the bubbles in step order. */
			struct mark **by_column = alloc_zeroed(k - first + 1, sizeof(*by_column));
			for (size_t m = first; m < k; m++) {
				size_t p = m - first;
				while (p > 0 && by_column[p - 1]->column > marks[m]->column) {
					by_column[p] = by_column[p - 1];
					p--;
				}
				by_column[p] = marks[m];
			}
			put_source_line(sb, text, len, by_column, k - first);
			free(by_column);
			strbuf_adds(sb, "</td></tr>\n");
			for (size_t m = first; m < k; m++)
				put_bubble(sb, finding, marks[m], f, screen_column(text, len, marks[m]->column));
			shown_to = line;
		}
		i = j;
	}
	strbuf_adds(sb, "</tbody></table>\n");
}

/* Every location of the finding, grouped by file in the order the path
 * first reaches each file. */
static void put_excerpts(struct strbuf *sb, struct line_cache *lines, const char *cwd, size_t finding,
			 const struct finding *f)
{
	size_t n = f->npath + f->nrelated + 1;
	struct mark *marks = alloc_zeroed(n, sizeof(*marks));
	size_t m = 0;
	for (size_t k = 0; k < f->npath; k++)
		marks[m++] = (struct mark){ f->path[k].file, f->path[k].line, f->path[k].column, MARK_STEP,
					    f->path[k].kind, k + 1, f->path[k].message };
	for (size_t k = 0; k < f->nrelated; k++)
		marks[m++] = (struct mark){ f->related[k].file, f->related[k].line, f->related[k].column,
					    MARK_RELATED, STEP_EVENT, k + 1, f->related[k].message };
	marks[m++] = (struct mark){ f->file, f->line, f->column, MARK_AT, STEP_EVENT, 0, f->message };
	bool *done = alloc_zeroed(n, sizeof(*done));
	struct mark **group = alloc_zeroed(n, sizeof(*group));
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			continue;
		const char *file = marks[i].file ? marks[i].file : "";
		size_t g = 0;
		for (size_t k = i; k < n; k++) {
			if (!done[k] && !strcmp(marks[k].file ? marks[k].file : "", file)) {
				done[k] = true;
				group[g++] = &marks[k];
			}
		}
		qsort(group, g, sizeof(*group), compare_marks);
		put_file_excerpt(sb, lines, cwd, finding, f, group, g);
	}
	free(group);
	free(done);
	free(marks);
}

/* Findings */

void html_put_finding(struct strbuf *sb, struct line_cache *lines, const char *cwd, size_t n,
			const struct finding *f)
{
	const char *level = rule_level_name(f->rule->level);
	const char *state = f->suppression ? "suppressed" : f->baseline == BASELINE_UNCHANGED ? "baseline" : "active";
	strbuf_addf(sb, "<article class=\"finding %s\" id=\"f%zu\" data-rule=\"", level, n);
	html_put_str(sb, f->rule->id);
	strbuf_addf(sb, "\" data-level=\"%s\" data-state=\"%s\">\n", level, state);
	strbuf_addf(sb, "<h3><span class=\"level %s\">%s</span> <span class=\"rule\">", level, level);
	html_put_str(sb, f->rule->id);
	strbuf_adds(sb, "</span> <span class=\"title\">");
	html_put_str(sb, f->rule->title);
	strbuf_adds(sb, "</span></h3>\n<p class=\"msg\"><span class=\"text\">");
	html_put_str(sb, f->message);
	strbuf_adds(sb, "</span>");
	if (f->nrelated) {
		strbuf_adds(sb, " <span class=\"related\">(");
		for (size_t k = 0; k < f->nrelated; k++) {
			strbuf_addf(sb, "%s<a href=\"#f%zu-r%zu\">", k ? ", " : "", n, k + 1);
			html_put_str(sb, f->related[k].message && f->related[k].message[0] ? f->related[k].message : "here");
			strbuf_adds(sb, "</a>");
		}
		strbuf_adds(sb, ")</span>");
	}
	strbuf_addf(sb, "</p>\n<p class=\"where\"><a class=\"loc\" href=\"#f%zu-at\">", n);
	html_put_location(sb, cwd, f->file, f->line, f->column);
	strbuf_adds(sb, "</a>");
	if (f->function) {
		strbuf_adds(sb, " in <code>");
		html_put_str(sb, f->function);
		strbuf_adds(sb, "</code>");
	}
	if (f->entry_file && (strcmp(f->entry_file, f->file ? f->file : "") || f->entry_line != f->line)) {
		strbuf_adds(sb, ", for the DriverEntry at <span class=\"loc\">");
		html_put_location(sb, cwd, f->entry_file, f->entry_line, 0);
		strbuf_adds(sb, "</span>");
	}
	strbuf_adds(sb, "</p>\n");
	if (f->assumed.len) {
		strbuf_adds(sb, "<p class=\"assumed\">This rests on declarations entrycheck assumed: ");
		for (size_t k = 0; k < f->assumed.len; k++) {
			strbuf_adds(sb, k ? ", <code>" : "<code>");
			html_put_str(sb, f->assumed.items[k]);
			strbuf_adds(sb, "</code>");
		}
		strbuf_adds(sb, "</p>\n");
	}
	if (f->caveats.len) {
		strbuf_adds(sb, "<div class=\"caveats\">Caveats: the analysis of its DriverEntry noted<ul>\n");
		for (size_t k = 0; k < f->caveats.len; k++) {
			strbuf_adds(sb, "<li>");
			html_put_str(sb, f->caveats.items[k]);
			strbuf_adds(sb, "</li>\n");
		}
		strbuf_adds(sb, "</ul></div>\n");
	}
	if (f->suppression) {
		strbuf_adds(sb, "<p class=\"state\">Suppressed inline");
		if (f->suppression[0]) {
			strbuf_adds(sb, ": ");
			html_put_str(sb, f->suppression);
		}
		strbuf_adds(sb, "</p>\n");
	} else if (f->baseline != BASELINE_NONE) {
		strbuf_addf(sb, "<p class=\"state\">%s</p>\n",
			    f->baseline == BASELINE_NEW ? "New: not in the baseline" : "In the baseline");
	}
	put_excerpts(sb, lines, cwd, n, f);
	if (f->fix) {
		strbuf_adds(sb, "<p class=\"fix\">Fix: ");
		html_put_str(sb, f->fix->description);
		strbuf_adds(sb, " (<span class=\"loc\">");
		html_put_location(sb, cwd, f->fix->file, f->fix->line, f->fix->start_column);
		strbuf_adds(sb, "</span>: <code>");
		html_put_str(sb, f->fix->text);
		strbuf_adds(sb, "</code>)</p>\n");
	}
	if (f->npath) {
		strbuf_addf(sb, "<details class=\"steps\"><summary>The path as text (%zu step%s)</summary><ol>\n",
			    f->npath, html_plural(f->npath));
		for (size_t k = 0; k < f->npath; k++) {
			const struct finding_step *st = &f->path[k];
			strbuf_addf(sb, "<li class=\"%s\"><a class=\"loc\" href=\"#f%zu-s%zu\">", kind_class(st->kind),
				    n, k + 1);
			html_put_location(sb, cwd, st->file, st->line, st->column);
			strbuf_adds(sb, "</a> ");
			html_put_str(sb, st->message);
			strbuf_adds(sb, "</li>\n");
		}
		strbuf_adds(sb, "</ol></details>\n");
	}
	strbuf_adds(sb, "</article>\n");
}
