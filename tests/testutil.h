/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the Check suites: scratch directories with files written
 * from strings, and running a whole analysis over them. */
#ifndef ENTRYCHECK_TESTUTIL_H
#define ENTRYCHECK_TESTUTIL_H

#include <check.h>
#include <stddef.h>

#include "run/run.h"

/* A new empty directory under $TMPDIR; the caller frees the string. */
char *scratch_dir(void);
/* Writes `size` bytes (or strlen when size is 0) to dir/name, creating parents;
 * returns the path, which the caller frees. */
char *scratch_write(const char *dir, const char *name, const char *content, size_t size);

/* Runs the analysis over `path` (a file or directory) with default options
 * and the extra clang arguments in the NULL-terminated `args`. */
int analyze(const char *path, const char *const *args, struct run_result *out);
/* The entry whose file ends with `suffix`, or NULL. */
const struct entry_point *entry_in(const struct run_result *r, const char *suffix);
/* The models of `e` as "a,b". The caller frees it. */
char *models_text(const struct entry_point *e);
/* Whether some problem of `level` has a message containing `needle`. */
int has_problem(const struct run_result *r, enum problem_level level, const char *needle);

/* Runs the built entrycheck program with `args` (a shell-quoted string), in
 * directory `cwd`, capturing standard output and error into allocated strings.
 * Returns its exit code. */
int run_program(const char *cwd, const char *args, char **out, char **err);

/* Runs a suite, prints Check's summary, returns the process exit code. */
int run_suite(Suite *s);

#endif
