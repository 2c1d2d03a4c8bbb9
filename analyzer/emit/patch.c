/* SPDX-License-Identifier: Apache-2.0 */
/* Applying the findings' fixes (findings/fix.c) to the sources (patch.h): on
 * the file as it is now, which must be UTF-8 and unchanged since the
 * analysis started. */
#include "emit/patch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/escape.h"
#include "base/path.h"
#include "base/problems.h"
#include "base/source.h"
#include "base/strbuf.h"
#include "base/strvec.h"
#include "findings/finding.h"
#include "run/run.h"

/* One replacement, then its byte offsets in the file as it is now. */
struct edit {
	const char *path;
	unsigned line, start_column, end_column; /* 1-based byte columns */
	const char *text;
	size_t from, to;
};

struct edits {
	struct edit *items;
	size_t len, cap;
};

/* The fixes of the findings not suppressed inline, paths relative to the
 * current directory when under it (as the reports name them). */
static void collect_edits(const struct run_result *r, const char *cwd, struct strvec *paths,
			  struct edits *out)
{
	for (size_t i = 0; i < r->findings.len; i++) {
		const struct finding *f = &r->findings.items[i];
		if (!f->fix || f->suppression)
			continue;
		char *rel = path_relative_to(f->fix->file, cwd);
		strvec_push(paths, rel);
		free(rel);
		GROW(out->items, out->cap, out->len + 1);
		out->items[out->len++] = (struct edit){ .path = paths->items[paths->len - 1],
							.line = f->fix->line,
							.start_column = f->fix->start_column,
							.end_column = f->fix->end_column, .text = f->fix->text };
	}
}

/* The byte offset of byte `column` (1-based) of `line` (1-based) in `text`,
 * or (size_t)-1 when the file has no such position. */
static size_t byte_offset(const char *text, size_t len, unsigned line, unsigned column)
{
	size_t p = 0;
	for (unsigned l = 1; l < line; l++) {
		const char *nl = memchr(text + p, '\n', len - p);
		if (!nl)
			return (size_t)-1;
		p = (size_t)(nl - text) + 1;
	}
	const char *nl = memchr(text + p, '\n', len - p);
	size_t line_len = nl ? (size_t)(nl - text) - p : len - p;
	return column >= 1 && column - 1 <= line_len ? p + column - 1 : (size_t)-1;
}

static int compare_edits(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	return c ? c : x->from < y->from ? -1 : x->from > y->from;
}

/* Never through a link: fixable() refuses one, and the file read is the one written. */
static bool read_all(const char *path, char **text, size_t *len)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	struct strbuf sb = STRBUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && sb.len <= SOURCE_MAX_BYTES)
		strbuf_add(&sb, chunk, n);
	bool ok = !ferror(f) && sb.len <= SOURCE_MAX_BYTES;
	fclose(f);
	*len = sb.len;
	*text = strbuf_detach(&sb);
	return ok;
}

/* Whether `path` is a regular file and not a link: a tree under review may
 * link a source to a file outside it. */
static bool regular_source(const char *path, struct problems *problems)
{
	struct stat st;
	if (lstat(path, &st) != 0) {
		problems_add(problems, PROBLEM_WARNING, path, 0, 0, "not fixed: %s", strerror(errno));
		return false;
	}
	if (S_ISREG(st.st_mode))
		return true;
	problems_add(problems, PROBLEM_ERROR, path, 0, 0,
		     S_ISLNK(st.st_mode) ? "not fixed: the source is a symbolic link; entrycheck never "
					   "writes through a link (fix the file it leads to)"
					 : "not fixed: not a regular file");
	return false;
}

/* Whether `path` may be rewritten: UTF-8 and not modified since `analyzed`. */
static bool fixable(const char *path, const char *text, size_t len, const struct timespec *analyzed,
		    struct problems *problems)
{
	struct stat st;
	if (lstat(path, &st) != 0) {
		problems_add(problems, PROBLEM_WARNING, path, 0, 0, "not fixed: %s", strerror(errno));
		return false;
	}
	if (st.st_mtim.tv_sec > analyzed->tv_sec ||
	    (st.st_mtim.tv_sec == analyzed->tv_sec && st.st_mtim.tv_nsec > analyzed->tv_nsec)) {
		problems_add(problems, PROBLEM_WARNING, path, 0, 0,
			     "not fixed: the file changed since the analysis started; run again");
		return false;
	}
	struct source src;
	bool utf8 = source_decode((const unsigned char *)text, len, &src) == SOURCE_OK &&
		    (src.encoding == SOURCE_UTF8 || src.encoding == SOURCE_UTF8_BOM);
	if (utf8)
		source_release(&src);
	else
		problems_add(problems, PROBLEM_WARNING, path, 0, 0, "not fixed: not a UTF-8 file");
	return utf8;
}

/* The lines [from, to) of `text` widened to whole lines: *first is the
 * 1-based number of the first. */
static void whole_lines(const char *text, size_t len, size_t *from, size_t *to)
{
	while (*from > 0 && text[*from - 1] != '\n')
		(*from)--;
	while (*to < len && text[*to] != '\n')
		(*to)++;
	if (*to < len)
		(*to)++;
}

static unsigned count_lines(const char *s, size_t len)
{
	unsigned n = 0;
	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	return n + (len && s[len - 1] != '\n');
}

static void add_diff_lines(struct strbuf *diff, char sign, const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) + 1 : len;
		strbuf_addc(diff, sign);
		strbuf_add(diff, s + i, end - i);
		if (!nl)
			strbuf_adds(diff, "\n\\ No newline at end of file\n");
		i = end;
	}
}

/* Applies the edits [first, last) of one file, all resolved, sorted and
 * disjoint; adds the new contents to the plan and the hunks to its diff. */
static void apply_file(const char *path, const char *text, size_t len, struct edit *e, size_t n,
		       struct fix_plan *plan)
{
	struct strbuf out = STRBUF_INIT;
	size_t done = 0;
	long delta = 0;
	/* A name's control characters escaped, as everywhere in text (base/escape.h). */
	char *name = text_escaped(path);
	strbuf_addf(&plan->diff, "--- a/%s\n+++ b/%s\n", name, name);
	free(name);
	for (size_t i = 0; i < n; i++) {
		size_t from = e[i].from, to = e[i].to;
		whole_lines(text, len, &from, &to);
		struct strbuf now = STRBUF_INIT;
		strbuf_add(&now, text + from, e[i].from - from);
		strbuf_adds(&now, e[i].text);
		strbuf_add(&now, text + e[i].to, to - e[i].to);
		unsigned old_lines = count_lines(text + from, to - from), new_lines = count_lines(now.buf, now.len);
		unsigned first = count_lines(text, from) + 1;
		strbuf_addf(&plan->diff, "@@ -%u,%u +%ld,%u @@\n", first, old_lines, (long)first + delta, new_lines);
		add_diff_lines(&plan->diff, '-', text + from, to - from);
		add_diff_lines(&plan->diff, '+', now.buf, now.len);
		delta += (long)new_lines - (long)old_lines;
		strbuf_release(&now);
		strbuf_add(&out, text + done, e[i].from - done);
		strbuf_adds(&out, e[i].text);
		done = e[i].to;
	}
	strbuf_add(&out, text + done, len - done);
	GROW(plan->items, plan->cap, plan->len + 1);
	struct fixed_file *f = &plan->items[plan->len++];
	f->path = alloc_strdup(path);
	f->len = out.len;
	f->text = strbuf_detach(&out);
	f->fixes = (unsigned)n;
	plan->fixes += (unsigned)n;
}

/* Resolves and applies the edits of one file, [e, e + n) all naming it. */
static void plan_file(struct edit *e, size_t n, const struct timespec *analyzed, struct fix_plan *plan,
		      struct problems *problems)
{
	char *text = NULL;
	size_t len = 0;
	if (!regular_source(e->path, problems)) {
		plan->refused += (unsigned)n;
		return;
	}
	if (!read_all(e->path, &text, &len)) {
		problems_add(problems, PROBLEM_WARNING, e->path, 0, 0, "not fixed: cannot read it");
		plan->refused += (unsigned)n;
		free(text);
		return;
	}
	if (!fixable(e->path, text, len, analyzed, problems)) {
		plan->refused += (unsigned)n;
		free(text);
		return;
	}
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		e[i].from = byte_offset(text, len, e[i].line, e[i].start_column);
		e[i].to = byte_offset(text, len, e[i].line, e[i].end_column);
		if (e[i].from == (size_t)-1 || e[i].to == (size_t)-1 || e[i].to < e[i].from) {
			problems_add(problems, PROBLEM_WARNING, e->path, e[i].line, e[i].start_column,
				     "not fixed: the region is not in the file");
			plan->refused++;
			continue;
		}
		struct edit tmp = e[kept];
		e[kept++] = e[i];
		e[i] = tmp;
	}
	qsort(e, kept, sizeof(*e), compare_edits);
	size_t disjoint = 0;
	for (size_t i = 0; i < kept; i++) {
		if (disjoint && e[i].from < e[disjoint - 1].to) {
			problems_add(problems, PROBLEM_WARNING, e->path, e[i].line, e[i].start_column,
				     "not fixed: overlaps another fix");
			plan->refused++;
			continue;
		}
		struct edit tmp = e[disjoint];
		e[disjoint++] = e[i];
		e[i] = tmp;
	}
	if (disjoint)
		apply_file(e->path, text, len, e, disjoint, plan);
	free(text);
}

void fix_plan_make(const struct run_result *r, const struct timespec *analyzed, struct fix_plan *plan,
		   struct problems *problems)
{
	memset(plan, 0, sizeof(*plan));
	struct edits edits = { 0 };
	struct strvec paths = STRVEC_INIT;
	char *cwd = path_current_directory();
	collect_edits(r, cwd, &paths, &edits);
	free(cwd);
	for (size_t i = 0; i < edits.len; i++)
		edits.items[i].from = i; /* keeps the findings' order within a file until resolved */
	if (edits.len > 1)
		qsort(edits.items, edits.len, sizeof(*edits.items), compare_edits);
	for (size_t i = 0, j; i < edits.len; i = j) {
		for (j = i + 1; j < edits.len && !strcmp(edits.items[j].path, edits.items[i].path); j++)
			;
		plan_file(edits.items + i, j - i, analyzed, plan, problems);
	}
	free(edits.items);
	strvec_clear(&paths);
}

void fix_plan_release(struct fix_plan *plan)
{
	for (size_t i = 0; i < plan->len; i++) {
		free(plan->items[i].path);
		free(plan->items[i].text);
	}
	free(plan->items);
	strbuf_release(&plan->diff);
	memset(plan, 0, sizeof(*plan));
}
