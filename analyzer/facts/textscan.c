/* SPDX-License-Identifier: Apache-2.0 */
/* A small C lexer that only knows comments, literals, preprocessor lines and
 * identifiers: enough to see `name ( ... ) {` without libclang. */
#include "facts/textscan.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/str.h"
#include "base/strvec.h"
#include "front/directive.h"

struct scan {
	const char *p;
	unsigned line, column;
	bool line_start; /* only blanks since the last newline */
};

static void advance(struct scan *s)
{
	if (*s->p == '\n') {
		s->line++;
		s->column = 1;
		s->line_start = true;
	} else {
		s->column++;
		if (*s->p != ' ' && *s->p != '\t')
			s->line_start = false;
	}
	s->p++;
}

/* Skips one comment, literal or preprocessor line at s->p; false if none. */
static bool skip_noise(struct scan *s)
{
	const char *p = s->p;
	if (p[0] == '/' && p[1] == '/') {
		while (*s->p && *s->p != '\n')
			advance(s);
		return true;
	}
	if (p[0] == '/' && p[1] == '*') {
		advance(s);
		advance(s);
		while (*s->p && !(s->p[0] == '*' && s->p[1] == '/'))
			advance(s);
		if (*s->p) {
			advance(s);
			advance(s);
		}
		return true;
	}
	if (*p == '"' || *p == '\'') {
		char quote = *p;
		advance(s);
		while (*s->p && *s->p != quote && *s->p != '\n') {
			if (*s->p == '\\' && s->p[1])
				advance(s);
			advance(s);
		}
		if (*s->p == quote)
			advance(s);
		return true;
	}
	if (*p == '#' && s->line_start) {
		/* The whole directive, continuation lines included. */
		while (*s->p && *s->p != '\n') {
			if (*s->p == '\\' && s->p[1] == '\n')
				advance(s);
			advance(s);
		}
		return true;
	}
	return false;
}

static void skip_blanks(struct scan *s)
{
	for (;;) {
		if (isspace((unsigned char)*s->p))
			advance(s);
		else if (!skip_noise(s))
			return;
	}
}

static bool ident_char(char c);

/* Past a balanced group that opens at s->p with `open`; false at a `;` or `{`
 * inside (a statement or a body, not part of one declarator), so an
 * expression such as `Get(x)->Count < n;` costs no more than its statement. */
static bool skip_group(struct scan *s, char open, char close)
{
	int depth = 0;
	while (*s->p) {
		if (skip_noise(s))
			continue;
		if (*s->p == open)
			depth++;
		else if (*s->p == close && --depth == 0)
			break;
		else if (*s->p == ';' || *s->p == '{')
			return false;
		advance(s);
	}
	if (!*s->p)
		return false;
	advance(s);
	return true;
}

/* What C++ writes between a function's parameters and its body: `const`,
 * `&`, `noexcept(...)`, `override`, `[[attributes]]` and a trailing return
 * type (`auto f(...) -> NTSTATUS {`). Stops at the first token that is none
 * of these. */
static void skip_declarator_tail(struct scan *s)
{
	static const char *const words[] = { "const", "volatile", "noexcept", "throw", "override", "final" };
	bool return_type = false;
	for (;;) {
		skip_blanks(s);
		if (*s->p == '&') {
			advance(s);
		} else if (s->p[0] == '[' && s->p[1] == '[') {
			if (!skip_group(s, '[', ']'))
				return;
		} else if (s->p[0] == '-' && s->p[1] == '>' && !return_type) {
			advance(s);
			advance(s);
			return_type = true;
		} else if (return_type && *s->p == '*') {
			advance(s);
		} else if (return_type && s->p[0] == ':' && s->p[1] == ':') {
			advance(s);
			advance(s);
		} else if (return_type && (*s->p == '<' || *s->p == '(')) {
			/* a template's arguments, decltype's operand */
			if (!skip_group(s, *s->p, *s->p == '<' ? '>' : ')'))
				return;
		} else if (ident_char(*s->p)) {
			const char *start = s->p;
			while (ident_char(*s->p))
				advance(s);
			bool known = return_type;
			for (size_t k = 0; k < sizeof(words) / sizeof(*words) && !known; k++)
				known = strlen(words[k]) == (size_t)(s->p - start) &&
					!strncmp(start, words[k], (size_t)(s->p - start));
			if (!known)
				return;
			skip_blanks(s);
			if (*s->p == '(' && !return_type && !skip_group(s, '(', ')')) /* noexcept(...), throw() */
				return;
		} else {
			return;
		}
	}
}

/* After `name`: a balanced parameter list, what C++ may write after it, then `{`. */
static bool definition_follows(struct scan s)
{
	skip_blanks(&s);
	if (*s.p != '(')
		return false;
	int depth = 0;
	while (*s.p) {
		if (skip_noise(&s))
			continue;
		if (*s.p == '(')
			depth++;
		else if (*s.p == ')' && --depth == 0)
			break;
		else if (*s.p == ';' || *s.p == '{')
			return false;
		advance(&s);
	}
	if (!*s.p)
		return false;
	advance(&s);
	skip_declarator_tail(&s);
	return *s.p == '{';
}

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

bool textscan_has_definition(const char *text, const char *name, unsigned *line, unsigned *column)
{
	struct scan s = { text, 1, 1, true };
	size_t n = strlen(name);
	bool after_ident = false;
	while (*s.p) {
		if (skip_noise(&s)) {
			after_ident = false;
			continue;
		}
		if (!after_ident && !strncmp(s.p, name, n) && !ident_char(s.p[n])) {
			struct scan at = s;
			for (size_t i = 0; i < n; i++)
				advance(&at);
			if (definition_follows(at)) {
				*line = s.line;
				*column = s.column;
				return true;
			}
		}
		after_ident = ident_char(*s.p);
		advance(&s);
	}
	return false;
}

/* After `name`: `[...]` groups, then `= {` (an initializer list). */
static bool initializer_follows(struct scan s)
{
	skip_blanks(&s);
	while (*s.p == '[') {
		while (*s.p && *s.p != ']' && *s.p != ';' && *s.p != '{')
			advance(&s);
		if (*s.p != ']')
			return false;
		advance(&s);
		skip_blanks(&s);
	}
	if (*s.p != '=' || s.p[1] == '=')
		return false;
	advance(&s);
	skip_blanks(&s);
	return *s.p == '{';
}

/* The source files `text` includes: `#include "impl.c"` makes impl.c's
 * definitions part of the including file's unit; and the other files it
 * includes "quoted" (a header may define the DriverEntry). */
static void scan_source_includes(const char *text, struct strvec *out, struct strvec *headers)
{
	static const char *const sources[] = { ".c", ".cpp", ".cc", ".cxx" };
	for (const char *line = text; line && *line;) {
		struct include_directive d;
		if (include_directive_parse(line, NULL, &d)) {
			bool source = false;
			for (size_t i = 0; i < sizeof(sources) / sizeof(*sources) && !source; i++)
				source = str_ends_with_nocase(d.name, sources[i]);
			if (!source && d.quoted && !strvec_contains(headers, d.name))
				strvec_push(headers, d.name);
			for (size_t i = 0; source && i < sizeof(sources) / sizeof(*sources); i++) {
				if (str_ends_with_nocase(d.name, sources[i])) {
					char *slash = strrchr(d.name, '/'), *back = strrchr(d.name, '\\');
					const char *base = back > slash ? back + 1 : slash ? slash + 1 : d.name;
					char *lower = str_lower(base);
					strvec_push(out, lower);
					free(lower);
					break;
				}
			}
			free(d.name);
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
}

void textscan_file(const char *text, const struct strvec *entry_names, struct textscan *out)
{
	memset(out, 0, sizeof(*out));
	scan_source_includes(text, &out->sources, &out->headers);
	struct scan s = { text, 1, 1, true };
	bool after_ident = false;
	/* The last two characters of code before this one, blanks and noise
	 * aside: after ',' or `) :`, `m(x) {` is a C++ member initializer (after
	 * `public:` it is a constructor). */
	char before = '\0', before2 = '\0';
	while (*s.p) {
		if (skip_noise(&s)) {
			after_ident = false;
			continue;
		}
		if (after_ident || !(isalpha((unsigned char)*s.p) || *s.p == '_')) {
			after_ident = ident_char(*s.p);
			if (!isspace((unsigned char)*s.p)) {
				before2 = before;
				before = *s.p;
			}
			advance(&s);
			continue;
		}
		bool initializer = before == ',' || (before == ':' && before2 == ')');
		const char *start = s.p;
		while (ident_char(*s.p))
			advance(&s);
		char *name = alloc_strndup(start, (size_t)(s.p - start));
		if (!out->names_entry && (!strcmp(name, "DriverEntry") ||
					  (entry_names && strvec_contains(entry_names, name))))
			out->names_entry = true;
		if (((!initializer && definition_follows(s)) || initializer_follows(s)) &&
		    !strvec_contains(&out->defines, name))
			strvec_push(&out->defines, name);
		free(name);
		after_ident = false;
		before2 = before;
		before = 'a'; /* an identifier */
	}
}

void textscan_release(struct textscan *f)
{
	strvec_clear(&f->defines);
	strvec_clear(&f->sources);
	strvec_clear(&f->headers);
}
