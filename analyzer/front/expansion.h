/* SPDX-License-Identifier: Apache-2.0 */
/* How many tokens each macro expands to, estimated from the #define lines of
 * the files a parse will read, before it runs: a macro that doubles itself
 * through nested definitions (#define M1 M0 M0, ... M30) is gigabytes once
 * clang expands it, and libclang aborts the whole process when memory runs
 * out. The estimate counts each token of a body as one and each use of a
 * macro as its own estimate; a macro's use of itself (or of one being
 * expanded) counts one, as the preprocessor does not expand it again. Not
 * seen: growth through a function-like macro's arguments at a use. */
#ifndef ENTRYCHECK_EXPANSION_H
#define ENTRYCHECK_EXPANSION_H

/* More tokens than any real macro expands to: a table of a million entries. */
#define EXPANSION_MAX_TOKENS (1ULL << 20)

struct macro_sizes;

struct macro_sizes *macro_sizes_new(void);
/* Reads the #define lines of `text` (of the file shown as `file`); a later
 * definition of a name replaces the earlier one. */
void macro_sizes_add_text(struct macro_sizes *m, const char *text, const char *file);
/* The name of a macro whose estimate exceeds `limit` tokens, or NULL; sets
 * *file and *line to where it is defined. The strings are owned by `m`. */
const char *macro_sizes_over(struct macro_sizes *m, unsigned long long limit, const char **file,
			     unsigned *line);
void macro_sizes_free(struct macro_sizes *m);

#endif
