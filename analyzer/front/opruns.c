/* SPDX-License-Identifier: Apache-2.0 */
/* A small scan for opruns.h: comments and literals are stepped over, as a
 * banner of 10,000 asterisks is not code. */
#include "front/opruns.h"

#include <stdbool.h>
#include <string.h>

/* What a run of `!!…!x` is made of. */
static bool run_char(char c)
{
	return c && strchr("!~-+*&", c);
}

bool opruns_operator_char(char c)
{
	return c && strchr("=?:+-*/%&|^<>!~.[", c);
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

struct scan {
	struct opruns *out;
	unsigned line;
	const char *line_start;
	size_t run, expr;            /* the current run and expression */
	unsigned run_line, run_column, expr_line, expr_column;
	bool in_operator;            /* the last character read was an operator's */
	bool directive;              /* on a preprocessor line */
	bool line_blank;             /* nothing but blanks read on this line yet */
};

static void new_line(struct scan *s, const char *p)
{
	/* A directive ends at a newline no backslash continues. */
	if (s->directive && !(p > s->line_start && p[-1] == '\\')) {
		s->directive = false;
		s->expr = 0;
	}
	s->line++;
	s->line_start = p + 1;
	s->line_blank = true;
	s->in_operator = false;
}

static void operator(struct scan *s, const char *p)
{
	unsigned column = (unsigned)(p - s->line_start) + 1;
	if (run_char(*p)) {
		if (s->run++ == 0) {
			s->run_line = s->line;
			s->run_column = column;
		}
		if (s->run > s->out->run) {
			s->out->run = s->run;
			s->out->run_line = s->run_line;
			s->out->run_column = s->run_column;
		}
	} else {
		s->run = 0;
	}
	if (s->in_operator)
		return;
	s->in_operator = true;
	if (s->expr++ == 0) {
		s->expr_line = s->line;
		s->expr_column = column;
	}
	if (s->expr > s->out->expr) {
		s->out->expr = s->expr;
		s->out->expr_line = s->expr_line;
		s->out->expr_column = s->expr_column;
	}
}

void opruns_measure(const char *text, struct opruns *out)
{
	memset(out, 0, sizeof(*out));
	struct scan s = { .out = out, .line = 1, .line_start = text, .line_blank = true };
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
				if (*p == '\n')
					new_line(&s, p);
			s.run = 0;
			s.in_operator = false;
			continue;
		}
		if (*p == '"' || *p == '\'') {
			p = past_literal(p, &s.line);
			s.run = 0;
			s.in_operator = false;
			s.line_blank = false;
			continue;
		}
		if (*p == '\n') {
			new_line(&s, p);
		} else if (*p == ' ' || *p == '\t' || *p == '\r') {
			/* blanks join a run and do not end an operator */
		} else {
			if (s.line_blank && *p == '#')
				s.directive = true;
			s.line_blank = false;
			if (opruns_operator_char(*p)) {
				operator(&s, p);
			} else {
				s.run = 0;
				s.in_operator = false;
				if (strchr(",;{}", *p))
					s.expr = 0;
			}
		}
		p++;
	}
}
