/* SPDX-License-Identifier: Apache-2.0 */
/* Problems met while running: inputs that could not be read or parsed, notes
 * about substitutions the front end made. The library collects them; the CLI
 * prints them and reports them in every output format. */
#ifndef ENTRYCHECK_PROBLEMS_H
#define ENTRYCHECK_PROBLEMS_H

#include <stddef.h>

enum problem_level { PROBLEM_NOTE, PROBLEM_WARNING, PROBLEM_ERROR };

struct problem {
	enum problem_level level;
	char *file;       /* the file concerned as shown to the user, or NULL */
	unsigned line;    /* 1-based, 0 when unknown */
	unsigned column;  /* 1-based, 0 when unknown */
	char *message;    /* lower-case first word, no final full stop */
	char *hint;       /* what to do on the command line to learn more ("-v lists them"),
			   * shown by the CLI after the message and left out of reports; or NULL */
};

struct problems {
	struct problem *items;
	size_t len, cap;
};

void problems_add(struct problems *p, enum problem_level level, const char *file, unsigned line,
		  unsigned column, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Gives the problem added last the command-line hint `hint` (copied). */
void problems_hint_last(struct problems *p, const char *hint);
size_t problems_count(const struct problems *p, enum problem_level level);
const char *problem_level_name(enum problem_level level);
/* Sorts by file, line and column (problems without a file first), keeping
 * insertion order among equals, and drops exact duplicates. */
void problems_sort(struct problems *p);
void problems_clear(struct problems *p);
/* Appends every problem of `from` to `into`, in order, and empties `from`. */
void problems_move(struct problems *into, struct problems *from);

/* The problems as bytes and back, for the caches (base/bytes.h): reading
 * appends to `p`, and marks `in` failed on bytes that make no problem. */
struct strbuf;
struct bytes_in;
void problems_write(struct strbuf *out, const struct problems *p);
void problems_read(struct bytes_in *in, struct problems *p);

#endif
