/* SPDX-License-Identifier: Apache-2.0 */
/* Inline suppressions (suppress.h): reading the three comment and pragma
 * forms from the sources, matching them to findings, and reporting the ones
 * without a reason or without a match. */
#include "findings/suppress.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "findings/finding.h"
#include "base/problems.h"
#include "rules/rules.h"
#include "base/source.h"
#include "base/alloc.h"
#include "base/map.h"
#include "base/path.h"
#include "base/strvec.h"

#define MARKER "entrycheck-suppress"

struct suppression {
	const char *path;          /* the file, absolute; owned by the file list */
	unsigned line, column;
	char *id;                  /* a rule ID, or NULL for a C28xxx number */
	unsigned c28;
	bool pragma;               /* applies to the next line only */
	char *reason;
	bool used;
};

struct suppressions {
	struct suppression *items;
	size_t len, cap;
};

static void add(struct suppressions *s, const char *path, unsigned line, unsigned column, char *id,
		unsigned c28, bool pragma, const char *reason)
{
	GROW(s->items, s->cap, s->len + 1);
	struct suppression *n = &s->items[s->len++];
	*n = (struct suppression){ path, line, column, id, c28, pragma, alloc_strdup(reason), false };
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* Matches the word `w` at `p` followed by optional blanks; returns the
 * position after them, or NULL. */
static const char *word(const char *p, const char *end, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(end - p) < n || strncmp(p, w, n))
		return NULL;
	return skip_blanks(p + n, end);
}

static char *trimmed(const char *p, const char *end)
{
	while (p < end && isspace((unsigned char)*p))
		p++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	return alloc_strndup(p, (size_t)(end - p));
}

static bool rule_known(const struct rule_set *rules, const char *id)
{
	for (size_t i = 0; i < rules->len; i++)
		if (!strcasecmp(rules->items[i].id, id))
			return true;
	return false;
}

/* `// entrycheck-suppress ID, ID: reason` starting at `m` (the marker). A
 * comment naming no rule, or a rule the run does not know (a typo would
 * silently suppress nothing), is an error; one without a reason a warning.
 * Returns the number of errors added. */
static int parse_comment(struct suppressions *s, const struct rule_set *rules, const char *path,
			 const char *shown, unsigned line, unsigned column, const char *m, const char *end,
			 struct problems *problems)
{
	const char *close = NULL;
	for (const char *q = m; q + 1 < end; q++)
		if (q[0] == '*' && q[1] == '/') {
			close = q;
			break;
		}
	if (close)
		end = close;
	const char *p = m + strlen(MARKER);
	struct strvec ids = STRVEC_INIT;
	for (;;) {
		p = skip_blanks(p, end);
		const char *start = p;
		while (p < end && (isalnum((unsigned char)*p) || *p == '_'))
			p++;
		if (p == start)
			break;
		strvec_pushf(&ids, "%.*s", (int)(p - start), start);
		p = skip_blanks(p, end);
		if (p < end && *p == ',')
			p++;
		else
			break;
	}
	int errors = 0;
	char *reason = p < end && *p == ':' ? trimmed(p + 1, end) : alloc_strdup("");
	if (!ids.len) {
		problems_add(problems, PROBLEM_ERROR, shown, line, column,
			     "suppression names no rule: write '// " MARKER " ID: reason'");
		errors++;
	}
	for (size_t i = 0; i < ids.len; i++) {
		if (!rule_known(rules, ids.items[i])) {
			problems_add(problems, PROBLEM_ERROR, shown, line, column,
				     "suppression names '%s', which is no rule ('entrycheck rules' lists them)",
				     ids.items[i]);
			errors++;
		} else if (!reason[0]) {
			problems_add(problems, PROBLEM_WARNING, shown, line, column,
				     "suppression of %s has no reason and suppresses nothing: write '// " MARKER
				     " %s: reason'",
				     ids.items[i], ids.items[i]);
		} else {
			add(s, path, line, column, alloc_strdup(ids.items[i]), 0, false, reason);
		}
	}
	free(reason);
	strvec_clear(&ids);
	return errors;
}

/* `#pragma warning(suppress: 28131 28132)` or `#pragma prefast(suppress:
 * 28131, "reason")`: the line from `hash` (its '#'), `p` after "pragma". The
 * justification is prefast's reason, else the pragma as written. */
static void parse_pragma(struct suppressions *s, const char *path, unsigned line, unsigned column,
			 const char *hash, const char *p, const char *end)
{
	const char *q;
	bool prefast = false;
	if ((q = word(p, end, "warning")) == NULL) {
		if ((q = word(p, end, "prefast")) == NULL)
			return;
		prefast = true;
	}
	if (!(q = word(q, end, "(")) || !(q = word(q, end, "suppress")) || !(q = word(q, end, ":")))
		return;
	unsigned numbers[16];
	size_t n = 0;
	while (q < end && isdigit((unsigned char)*q) && n < 16) {
		char *after;
		numbers[n++] = (unsigned)strtoul(q, &after, 10);
		q = skip_blanks(after, end);
		if (prefast)
			break;
	}
	char *reason;
	if (prefast) {
		const char *open = memchr(q, '"', (size_t)(end - q));
		const char *close = open ? memchr(open + 1, '"', (size_t)(end - open - 1)) : NULL;
		reason = close ? alloc_strndup(open + 1, (size_t)(close - open - 1)) : alloc_strdup("");
	} else {
		reason = alloc_strdup("");
	}
	if (!reason[0]) {
		free(reason);
		reason = trimmed(hash, end);
	}
	for (size_t i = 0; i < n; i++)
		add(s, path, line, column, NULL, numbers[i], true, reason);
	free(reason);
}

static int scan_file(struct suppressions *s, const struct rule_set *rules, const char *path, const char *cwd,
		     struct problems *problems)
{
	int errors = 0;
	struct source src;
	const char *err;
	if (source_load(path, SOURCE_MAX_BYTES, &src, &err) != SOURCE_OK)
		return 0;
	if (!strstr(src.text, MARKER) && !strstr(src.text, "suppress")) {
		source_release(&src);
		return 0;
	}
	char *shown = path_relative_to(path, cwd);
	unsigned line = 1;
	for (const char *p = src.text, *text_end = src.text + src.len; p < text_end; line++) {
		const char *end = memchr(p, '\n', (size_t)(text_end - p));
		if (!end)
			end = text_end;
		const char *m = NULL;
		for (const char *q = p; q + strlen(MARKER) <= end; q++)
			if (!strncmp(q, MARKER, strlen(MARKER))) {
				m = q;
				break;
			}
		const char *first = skip_blanks(p, end);
		if (m) {
			bool in_comment = false;
			for (const char *q = p; q + 1 < m && !in_comment; q++)
				in_comment = q[0] == '/' && (q[1] == '/' || q[1] == '*');
			if (in_comment)
				errors += parse_comment(s, rules, path, shown, line, (unsigned)(m - p) + 1, m,
							end, problems);
		} else if (*first == '#') {
			const char *q = skip_blanks(first + 1, end);
			if ((q = word(q, end, "pragma")) != NULL)
				parse_pragma(s, path, line, (unsigned)(first - p) + 1, first, q, end);
		}
		p = end + 1;
	}
	free(shown);
	source_release(&src);
	return errors;
}

static bool matches(const struct suppression *s, const struct finding *f)
{
	if (strcmp(s->path, f->file))
		return false;
	if (s->pragma ? f->line != s->line + 1 : f->line != s->line && f->line != s->line + 1)
		return false;
	if (s->id)
		return !strcasecmp(s->id, f->rule->id);
	for (size_t i = 0; i < f->rule->c28_len; i++)
		if (f->rule->c28[i] == s->c28)
			return true;
	return false;
}

static bool c28_known(const struct rule_set *rules, unsigned number)
{
	for (size_t i = 0; i < rules->len; i++)
		for (size_t k = 0; k < rules->items[i].c28_len; k++)
			if (rules->items[i].c28[k] == number)
				return true;
	return false;
}

int suppressions_apply(struct findings *findings, const struct rule_set *rules,
		       const struct strvec *files, struct problems *problems)
{
	int errors = 0;
	struct strindex paths = STRINDEX_INIT; /* distinct, in first-seen order */
	for (size_t i = 0; i < files->len; i++)
		strindex_add(&paths, files->items[i]);
	for (size_t i = 0; i < findings->len; i++)
		if (findings->items[i].file)
			strindex_add(&paths, findings->items[i].file);
	char *cwd = path_current_directory();
	struct suppressions s = { 0 };
	for (size_t i = 0; i < paths.len; i++)
		errors += scan_file(&s, rules, paths.names[i], cwd, problems);
	for (size_t i = 0; i < findings->len; i++) {
		struct finding *f = &findings->items[i];
		for (size_t k = 0; k < s.len; k++) {
			if (!f->file || !matches(&s.items[k], f))
				continue;
			s.items[k].used = true;
			if (!f->suppression)
				f->suppression = alloc_strdup(s.items[k].reason);
		}
	}
	for (size_t k = 0; k < s.len; k++) {
		const struct suppression *u = &s.items[k];
		if (!u->used && (u->id || c28_known(rules, u->c28))) {
			char *shown = path_relative_to(u->path, cwd);
			char *what = u->id ? alloc_strdup(u->id) : alloc_printf("C%u", u->c28);
			problems_add(problems, PROBLEM_WARNING, shown, u->line, u->column,
				     "unused suppression of %s: no such finding on line %u%s", what,
				     u->pragma ? u->line + 1 : u->line, u->pragma ? "" : " or the next");
			free(what);
			free(shown);
		}
		free(u->id);
		free(u->reason);
	}
	free(s.items);
	free(cwd);
	strindex_clear(&paths);
	return errors;
}
