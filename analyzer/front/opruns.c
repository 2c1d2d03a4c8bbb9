/* SPDX-License-Identifier: Apache-2.0 */
/* A small scan for opruns.h: comments and literals are stepped over, as a
 * banner of 10,000 asterisks is not code. */
#include "front/opruns.h"

#include <stdbool.h>
#include <string.h>

static bool operator_char(char c)
{
	return c && strchr("!~-+*&", c);
}

/* Past the literal opened by the quote at `p`, escapes included. */
static const char *past_literal(const char *p, unsigned *line)
{
	char quote = *p++;
	while (*p && *p != quote && *p != '\n') {
		if (*p == '\\' && p[1]) {
			if (p[1] == '\n')
				++*line;
			p++;
		}
		p++;
	}
	return *p == quote ? p + 1 : p;
}

size_t opruns_longest(const char *text, unsigned *line, unsigned *column)
{
	size_t best = 0, run = 0;
	unsigned ln = 1, run_line = 0, run_col = 0;
	const char *line_start = text;
	*line = *column = 0;
	for (const char *p = text; *p;) {
		if (p[0] == '/' && p[1] == '/') {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");
			const char *stop = end ? end + 2 : p + strlen(p);
			for (; p < stop; p++)
				if (*p == '\n') {
					ln++;
					line_start = p + 1;
				}
			run = 0;
			continue;
		}
		if (*p == '"' || *p == '\'') {
			p = past_literal(p, &ln);
			run = 0;
			continue;
		}
		if (operator_char(*p)) {
			if (run++ == 0) {
				run_line = ln;
				run_col = (unsigned)(p - line_start) + 1;
			}
			if (run > best) {
				best = run;
				*line = run_line;
				*column = run_col;
			}
		} else if (*p == '\n') {
			ln++;
			line_start = p + 1;
		} else if (*p != ' ' && *p != '\t' && *p != '\r') {
			run = 0;
		}
		p++;
	}
	return best;
}
