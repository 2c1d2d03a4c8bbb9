/* SPDX-License-Identifier: Apache-2.0 */
/* Changed-lines mode (--changed-since REF): the lines changed since the merge
 * base of REF and HEAD, committed or not, and untracked files as wholly new,
 * read from git run without a shell. A finding counts when its location, a
 * related location or a step of its evidence is on a changed line. */
#ifndef ENTRYCHECK_CHANGES_H
#define ENTRYCHECK_CHANGES_H

#include <stdbool.h>
#include <stddef.h>

struct findings;
struct problems;

struct changed_file;

struct changes {
	char *ref;                 /* as the user wrote it */
	char *base;                /* the merge base's commit, in full */
	char *root;                /* the work tree's top, a real path */
	struct changed_file *files;
	size_t len, cap;
};

/* Asks git, in the work tree holding `dir`, for the lines changed since the
 * merge base of `ref` and HEAD. Returns 0, or -1 after one error in
 * `problems` (not a git work tree, git missing, `ref` unknown, no merge
 * base); `c` is then empty. Release with changes_release either way. */
int changes_load(struct changes *c, const char *ref, const char *dir, struct problems *problems);

/* Whether `line` of `file` (any path naming it) was changed. */
bool changes_has_line(const struct changes *c, const char *file, unsigned line);

/* Drops the findings that touch no changed line; returns how many. */
size_t changes_filter(const struct changes *c, struct findings *findings);

void changes_release(struct changes *c);

/* Reads the hunks of a `git diff --unified=0` patch into `c` (paths relative
 * to c->root); for tests and changes_load. Returns 0, or -1 on a header it
 * cannot read. */
int changes_read_patch(struct changes *c, const char *patch);

#endif
