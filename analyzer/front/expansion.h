/* SPDX-License-Identifier: Apache-2.0 */
/* How many tokens each macro expands to, estimated from the #define lines of
 * the files a parse will read, before it runs: a macro that doubles itself
 * through nested definitions (#define M1 M0 M0, ... M30) is gigabytes once
 * clang expands it, and libclang aborts the whole process when memory runs
 * out. The estimate counts each token of a body as one and each use of a
 * macro as its own estimate; a macro's use of itself (or of one being
 * expanded) counts one, as the preprocessor does not expand it again. Not
 * seen: growth through a function-like macro's arguments at a use.
 * The operators of one expression (between two of `, ; { }`) are estimated
 * the same way: a macro that doubles `x + x` through nested definitions
 * costs clang's parse the square of its terms (16,384: 20 s), where the
 * same sum written out is refused by opruns.h before the parse. */
#ifndef ENTRYCHECK_EXPANSION_H
#define ENTRYCHECK_EXPANSION_H

#include <stdbool.h>

/* More tokens than any real macro expands to: a table of a million entries. */
#define EXPANSION_MAX_TOKENS (1ULL << 20)

struct macro_sizes;

struct macro_sizes *macro_sizes_new(void);
/* Reads the #define lines of `text` (of the file shown as `file`); a later
 * definition of a name replaces the earlier one. */
void macro_sizes_add_text(struct macro_sizes *m, const char *text, const char *file);
struct macro_limits {
	unsigned long long tokens;     /* of a whole expansion */
	unsigned long long operators;  /* of one expression in it */
};

/* Where a macro over the limits is defined, and which limit it passes. */
struct macro_excess {
	const char *file;              /* owned by the estimate */
	unsigned line;
	bool tokens;                   /* over the token limit, else over the operators' */
};

/* The name of a macro whose estimate exceeds a limit, or NULL; fills
 * *excess. The strings are owned by `m`. */
const char *macro_sizes_over(struct macro_sizes *m, const struct macro_limits *limits,
			     struct macro_excess *excess);
void macro_sizes_free(struct macro_sizes *m);

#endif
