/* SPDX-License-Identifier: Apache-2.0 */
/* C++20 import declarations read from the text before clang sees it (see
 * imports.h). The scan knows comments, literals and directives, not the
 * preprocessor: an import in an inactive branch is rewritten too, which
 * changes nothing clang reads. */
#include "front/imports.h"

#include <string.h>

#include "base/problems.h"
#include "base/source.h"

struct import_decl {
	const char *end;      /* past the ';' */
	const char *name;     /* the module name or the header name with its delimiters */
	size_t name_len;
	bool header_unit;
};

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       (unsigned char)c >= 0x80;
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

static bool word_at(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(end - p) >= n && !strncmp(p, word, n) && (p + n == end || !ident_char(p[n]));
}

/* `a.b.c`, as many identifiers joined by dots as there are. */
static const char *dotted_name(const char *p, const char *end)
{
	const char *start = p;
	for (;;) {
		const char *word = p;
		while (p < end && ident_char(*p))
			p++;
		if (p == word)
			return word == start ? start : word - 1; /* no name, or a trailing dot */
		if (p >= end || *p != '.')
			return p;
		p++;
	}
}

/* `[export] import NAME [:PART] [[attrs]] ;` or with a header name, on one line. */
static bool import_parse(const char *p, const char *end, struct import_decl *d)
{
	if (word_at(p, end, "export"))
		p = skip_blanks(p + 6, end);
	if (!word_at(p, end, "import"))
		return false;
	p = skip_blanks(p + 6, end);
	d->name = p;
	d->header_unit = p < end && (*p == '<' || *p == '"');
	if (d->header_unit) {
		char close = *p == '<' ? '>' : '"';
		const char *q = p + 1;
		while (q < end && *q != close && *q != '\n')
			q++;
		if (q >= end || *q != close || q == p + 1)
			return false;
		p = q + 1;
	} else {
		const char *q = dotted_name(p, end);
		if (q < end && *q == ':') /* a partition, alone (`import :part;`) or after the name */
			q = dotted_name(q + 1, end);
		if (q == p || q[-1] == ':')
			return false; /* `import(x)`, `import ::f;`: not a declaration */
		p = q;
	}
	d->name_len = (size_t)(p - d->name);
	p = skip_blanks(p, end);
	if (end - p >= 2 && p[0] == '[' && p[1] == '[') {
		const char *close = p + 2;
		while (end - close >= 2 && !(close[0] == ']' && close[1] == ']') && *close != '\n')
			close++;
		if (end - close < 2 || *close == '\n')
			return false;
		p = skip_blanks(close + 2, end);
	}
	if (p >= end || *p != ';')
		return false;
	d->end = p + 1;
	return true;
}

/* Past a literal that starts at `p` (its quote), ending at the line's end at the latest. */
static const char *skip_literal(const char *p, const char *end)
{
	char quote = *p++;
	while (p < end && *p != quote && *p != '\n')
		p += (*p == '\\' && p + 1 < end) ? 2 : 1;
	return p < end && *p == quote ? p + 1 : p;
}

/* Past a raw string literal whose '"' is at `p`: R"delim( ... )delim". */
static const char *skip_raw(const char *p, const char *end)
{
	const char *open = memchr(p, '(', (size_t)(end - p));
	if (!open || open - p > 17)
		return p + 1;
	size_t dlen = (size_t)(open - p - 1);
	for (const char *q = open + 1; q < end; q++)
		if (*q == ')' && (size_t)(end - q) > dlen + 1 && !strncmp(q + 1, p + 1, dlen) && q[1 + dlen] == '"')
			return q + dlen + 2;
	return end;
}

/* Past the directive at `p`, to its line's end (continuations followed). */
static const char *skip_directive(const char *p, const char *end)
{
	while (p < end && *p != '\n')
		p += (*p == '\\' && p + 1 < end) ? 2 : 1;
	return p;
}

static void rewrite(char *at, const struct import_decl *d, const char *display, unsigned line, unsigned column,
		    struct imports_result *r, struct problems *problems)
{
	size_t span = (size_t)(d->end - at);
	int shown = (int)(d->end - at);
	static const char include[] = "#include";
	if (d->header_unit && span >= sizeof(include) - 1 + d->name_len) {
		/* Same length, same line: every later position stays where clang
		 * and the reports expect it. `import` began the line, so the
		 * directive does too. */
		char name[256];
		size_t n = d->name_len < sizeof(name) - 1 ? d->name_len : sizeof(name) - 1;
		memcpy(name, d->name, n);
		name[n] = '\0';
		problems_add(problems, PROBLEM_NOTE, display, line, column,
			     "'%.*s' read as '#include %s': entrycheck cannot read C++ modules, and a header unit "
			     "declares what its header does",
			     shown, at, name);
		memset(at, ' ', span);
		memcpy(at, include, sizeof(include) - 1);
		memcpy(at + sizeof(include) - 1, name, n);
		r->header_units++;
		return;
	}
	problems_add(problems, PROBLEM_NOTE, display, line, column,
		     "'%.*s' read as nothing: entrycheck cannot read C++ modules, so what module '%.*s' "
		     "declares is assumed where it is used",
		     shown, at, (int)d->name_len, d->name);
	memset(at, ' ', span);
	r->named++;
}

struct imports_result imports_rewrite(struct source *src, const char *display, struct problems *problems)
{
	struct imports_result r = { 0, 0 };
	char *text = src->text;
	const char *end = text + src->len;
	const char *line_begin = text;
	unsigned line = 1;
	bool line_start = true;
	for (char *p = text; p < end;) {
		char c = *p;
		if (c == '\n') {
			line++;
			line_begin = ++p;
			line_start = true;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			p++;
		} else if (c == '/' && p + 1 < end && p[1] == '/') {
			p = (char *)skip_directive(p, end); /* a comment continues past a '\' too */
		} else if (c == '/' && p + 1 < end && p[1] == '*') {
			const char *close = p + 2;
			while (close + 1 < end && !(close[0] == '*' && close[1] == '/'))
				close++;
			for (const char *q = p; q < close; q++)
				if (*q == '\n') {
					line++;
					line_begin = q + 1;
				}
			p = (char *)(close + 1 < end ? close + 2 : end);
			line_start = false;
		} else if (c == '#' && line_start) {
			const char *q = skip_directive(p, end);
			for (const char *k = p; k < q; k++)
				if (*k == '\n') {
					line++;
					line_begin = k + 1;
				}
			p = (char *)q;
		} else if (c == '"' || c == '\'') {
			p = (char *)skip_literal(p, end);
			line_start = false;
		} else if (ident_char(c)) {
			struct import_decl d;
			if (line_start && import_parse(p, end, &d)) {
				rewrite(p, &d, display, line, (unsigned)(p - line_begin) + 1, &r, problems);
				src->rewritten = true;
				p = (char *)d.end;
			} else {
				char *word = p;
				while (p < end && ident_char(*p))
					p++;
				if (p < end && *p == '"' && p[-1] == 'R' &&
				    (p - word == 1 || !strncmp(word, "LR", 2) || !strncmp(word, "uR", 2) ||
				     !strncmp(word, "UR", 2) || !strncmp(word, "u8R", 3))) {
					const char *q = skip_raw(p, end);
					for (const char *k = p; k < q; k++)
						if (*k == '\n') {
							line++;
							line_begin = k + 1;
						}
					p = (char *)q;
				}
			}
			line_start = false;
		} else {
			p++;
			line_start = false;
		}
	}
	return r;
}
