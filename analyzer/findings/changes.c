/* SPDX-License-Identifier: Apache-2.0 */
/* Changed-lines mode (changes.h): git is asked four fixed questions, each
 * with our own argv (never a shell, never the user's ref after it has been
 * resolved to a commit): the work tree's top, the ref's commit, the merge
 * base, and the patch from it to the work tree; then the untracked files. */
#include "findings/changes.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/path.h"
#include "base/problems.h"
#include "base/process.h"
#include "base/strbuf.h"
#include "findings/finding.h"

struct changed_file {
	char *path;                /* absolute: root + the path git gives */
	struct { unsigned first, last; } *ranges;
	size_t len, cap;
	bool whole;                /* untracked: every line is new */
};

static struct changed_file *file_for(struct changes *c, const char *relative)
{
	char *path = path_join(c->root, relative);
	for (size_t i = 0; i < c->len; i++)
		if (!strcmp(c->files[i].path, path)) {
			free(path);
			return &c->files[i];
		}
	GROW(c->files, c->cap, c->len + 1);
	struct changed_file *f = &c->files[c->len++];
	memset(f, 0, sizeof(*f));
	f->path = path;
	return f;
}

static void add_range(struct changed_file *f, unsigned first, unsigned last)
{
	GROW(f->ranges, f->cap, f->len + 1);
	f->ranges[f->len].first = first;
	f->ranges[f->len].last = last;
	f->len++;
}

/* A path as git writes it after "+++ ": b/NAME, or "b/NAME" in C quotes
 * when it holds a quote, a backslash or a control character. Caller frees;
 * NULL for /dev/null or what is not a path. */
static char *patch_path(const char *p, const char *end)
{
	if ((size_t)(end - p) == 9 && !strncmp(p, "/dev/null", 9))
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	if (*p != '"') {
		strbuf_add(&sb, p, (size_t)(end - p));
	} else {
		for (p++; p < end && *p != '"'; p++) {
			if (*p != '\\' || p + 1 >= end) {
				strbuf_addc(&sb, *p);
				continue;
			}
			char e = *++p;
			if (e >= '0' && e <= '7' && p + 2 < end) {
				strbuf_addc(&sb, (char)((e - '0') * 64 + (p[1] - '0') * 8 + (p[2] - '0')));
				p += 2;
			} else {
				strbuf_addc(&sb, e == 'n' ? '\n' : e == 't' ? '\t' : e == 'a' ? '\a' : e == 'b' ? '\b'
					    : e == 'f' ? '\f' : e == 'v' ? '\v' : e == 'r' ? '\r' : e);
			}
		}
	}
	char *s = strbuf_detach(&sb);
	if (strncmp(s, "b/", 2) || !s[2]) {
		free(s);
		return NULL;
	}
	memmove(s, s + 2, strlen(s + 2) + 1);
	return s;
}

/* "-a[,b] +c[,d]" after "@@ ": the old count b and the new range c, d. */
static bool hunk_header(const char *p, unsigned long *old_count, unsigned long *start, unsigned long *count)
{
	char *q;
	if (*p++ != '-')
		return false;
	strtoul(p, &q, 10);
	*old_count = 1;
	if (*q == ',')
		*old_count = strtoul(q + 1, &q, 10);
	if (q[0] != ' ' || q[1] != '+')
		return false;
	*start = strtoul(q + 2, &q, 10);
	*count = 1;
	if (*q == ',')
		*count = strtoul(q + 1, &q, 10);
	return *q == ' ';
}

int changes_read_patch(struct changes *c, const char *patch)
{
	struct changed_file *current = NULL;
	unsigned long old_left = 0, new_left = 0; /* lines of the hunk still to skip */
	for (const char *p = patch; *p;) {
		const char *end = strchr(p, '\n');
		if (!end)
			end = p + strlen(p);
		if (old_left || new_left) {
			/* hunk body: its lines may start like headers ("+++ x") */
			if (*p == '-' && old_left)
				old_left--;
			else if (*p == '+' && new_left)
				new_left--;
		} else if (!strncmp(p, "diff ", 5)) {
			current = NULL;
		} else if (!strncmp(p, "+++ ", 4)) {
			char *rel = patch_path(p + 4, end);
			current = rel ? file_for(c, rel) : NULL;
			free(rel);
		} else if (!strncmp(p, "@@ ", 3)) {
			unsigned long start, count;
			if (!hunk_header(p + 3, &old_left, &start, &count) || start > UINT_MAX ||
			    count > UINT_MAX - start)
				return -1;
			new_left = count;
			/* A deletion touches the lines either side of where it was. */
			if (current && count)
				add_range(current, (unsigned)start, (unsigned)(start + count - 1));
			else if (current)
				add_range(current, start ? (unsigned)start : 1, (unsigned)start + 1);
		}
		p = *end ? end + 1 : end;
	}
	return 0;
}

/* Runs git with `args` (after "git --no-pager -C ROOT"); its standard output
 * in `out`. Returns its exit status, or -1 with errno when it cannot run. */
static int git(const char *dir, const char *const *args, struct strbuf *out)
{
	const char *argv[24] = { "git", "--no-pager", "-C", dir };
	size_t n = 4;
	for (size_t i = 0; args[i] && n + 1 < sizeof(argv) / sizeof(*argv); i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	return process_run(argv, out, NULL);
}

static char *first_line(struct strbuf *sb)
{
	const char *s = strbuf_str(sb);
	return alloc_strndup(s, strcspn(s, "\r\n"));
}

int changes_load(struct changes *c, const char *ref, const char *dir, struct problems *problems)
{
	memset(c, 0, sizeof(*c));
	c->ref = alloc_strdup(ref);
	if (!ref[0] || ref[0] == '-') {
		problems_add(problems, PROBLEM_ERROR, NULL, 0, 0,
			     "--changed-since needs a commit, branch or tag, not '%s'", ref);
		return -1;
	}
	struct strbuf out = STRBUF_INIT;
	int rc = git(dir, (const char *const[]){ "rev-parse", "--show-toplevel", NULL }, &out);
	if (rc < 0) {
		problems_add(problems, PROBLEM_ERROR, NULL, 0, 0, "--changed-since: cannot run git: %s",
			     strerror(errno));
		goto fail;
	}
	char *top = first_line(&out);
	if (rc != 0 || !top[0]) {
		free(top);
		problems_add(problems, PROBLEM_ERROR, dir, 0, 0,
			     "not in a git work tree: --changed-since compares with a commit of one");
		goto fail;
	}
	char *real = realpath(top, NULL);
	c->root = real ? real : top;
	if (real)
		free(top);
	strbuf_release(&out);

	char *spec = alloc_printf("%s^{commit}", ref);
	rc = git(c->root, (const char *const[]){ "rev-parse", "--verify", "--quiet", spec, NULL }, &out);
	free(spec);
	char *commit = first_line(&out);
	strbuf_release(&out);
	if (rc != 0 || !commit[0]) {
		free(commit);
		problems_add(problems, PROBLEM_ERROR, NULL, 0, 0,
			     "--changed-since: unknown revision '%s' in %s (fetch it first; in CI, fetch the "
			     "history: fetch-depth 0)", ref, c->root);
		goto fail;
	}
	rc = git(c->root, (const char *const[]){ "merge-base", commit, "HEAD", NULL }, &out);
	free(commit);
	c->base = first_line(&out);
	strbuf_release(&out);
	if (rc != 0 || !c->base[0]) {
		problems_add(problems, PROBLEM_ERROR, NULL, 0, 0,
			     "--changed-since: '%s' and HEAD have no common ancestor in %s (a shallow clone? "
			     "fetch the history: fetch-depth 0)", ref, c->root);
		goto fail;
	}
	/* Prefixes, renames, colors and helpers fixed here, whatever the user's
	 * git configuration says; the work tree holds the uncommitted changes. */
	rc = git(c->root,
		 (const char *const[]){ "-c", "core.quotePath=false", "diff", "--unified=0", "--no-color",
					"--no-ext-diff", "--no-textconv", "--find-renames",
					"--src-prefix=a/", "--dst-prefix=b/", c->base, "--", NULL },
		 &out);
	if (rc != 0 || changes_read_patch(c, strbuf_str(&out)) != 0) {
		problems_add(problems, PROBLEM_ERROR, NULL, 0, 0,
			     "--changed-since: cannot read git's diff from %.12s in %s", c->base, c->root);
		goto fail;
	}
	strbuf_release(&out);
	rc = git(c->root, (const char *const[]){ "ls-files", "-z", "--others", "--exclude-standard", NULL },
		 &out);
	if (rc != 0) {
		problems_add(problems, PROBLEM_ERROR, NULL, 0, 0,
			     "--changed-since: cannot list the untracked files of %s", c->root);
		goto fail;
	}
	for (size_t at = 0; at < out.len; at += strlen(out.buf + at) + 1)
		if (out.buf[at])
			file_for(c, out.buf + at)->whole = true;
	strbuf_release(&out);
	return 0;
fail:
	strbuf_release(&out);
	changes_release(c);
	c->ref = alloc_strdup(ref);
	return -1;
}

static const struct changed_file *find_file(const struct changes *c, const char *file)
{
	for (size_t i = 0; i < c->len; i++)
		if (!strcmp(c->files[i].path, file))
			return &c->files[i];
	return NULL;
}

bool changes_has_line(const struct changes *c, const char *file, unsigned line)
{
	const struct changed_file *f = find_file(c, file);
	if (!f) {
		/* the finding's path may reach the file through a symbolic link */
		char *real = realpath(file, NULL);
		f = real ? find_file(c, real) : NULL;
		free(real);
	}
	if (!f)
		return false;
	if (f->whole)
		return true;
	for (size_t i = 0; i < f->len; i++)
		if (line >= f->ranges[i].first && line <= f->ranges[i].last)
			return true;
	return false;
}

static bool touches(const struct changes *c, const struct finding *f)
{
	if (f->file && changes_has_line(c, f->file, f->line))
		return true;
	for (size_t i = 0; i < f->nrelated; i++)
		if (f->related[i].file && changes_has_line(c, f->related[i].file, f->related[i].line))
			return true;
	for (size_t i = 0; i < f->npath; i++)
		if (f->path[i].file && changes_has_line(c, f->path[i].file, f->path[i].line))
			return true;
	return false;
}

size_t changes_filter(const struct changes *c, struct findings *findings)
{
	if (!findings->len)
		return 0;
	bool *keep = alloc_zeroed(findings->len, sizeof(*keep));
	size_t dropped = 0;
	for (size_t i = 0; i < findings->len; i++) {
		keep[i] = touches(c, &findings->items[i]);
		dropped += !keep[i];
	}
	findings_keep(findings, keep);
	free(keep);
	return dropped;
}

void changes_release(struct changes *c)
{
	for (size_t i = 0; i < c->len; i++) {
		free(c->files[i].path);
		free(c->files[i].ranges);
	}
	free(c->files);
	free(c->ref);
	free(c->base);
	free(c->root);
	memset(c, 0, sizeof(*c));
}
