/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the Check suites: scratch directories with files written
 * from strings, running a whole analysis over them, running the built program,
 * and assertions on text. A suite keeps no copy of these (tests/harness.sh). */
#ifndef ENTRYCHECK_TESTUTIL_H
#define ENTRYCHECK_TESTUTIL_H

#include <check.h>
#include <stddef.h>

#include "run/run.h"

#include <string.h>

/* A new empty directory under $TMPDIR; the caller frees the string. */
char *scratch_dir(void);
/* Writes `size` bytes (or strlen when size is 0) to dir/name, creating parents;
 * returns the path, which the caller frees. */
char *scratch_write(const char *dir, const char *name, const char *content, size_t size);
/* The whole of dir/name; fails the test when it cannot be read. The caller frees it. */
char *read_text(const char *dir, const char *name);

/* Runs the analysis over `path` (a file or directory) with default options
 * and the extra clang arguments in the NULL-terminated `args`. */
int analyze(const char *path, const char *const *args, struct run_result *out);
/* A scratch directory of small files and the analysis of it. */
struct fixture {
	char *dir;
	struct run_result result;
	int rc;
};
/* Writes `files` (name, content pairs, NULL-terminated) into a new scratch
 * directory and analyzes it into `f`; fixture_release removes and frees it. */
void analyze_files(struct fixture *f, const char *const *files);
void fixture_release(struct fixture *f);
/* Asserts that an entry is in `suffix`, analyzable, at `line`, of `models` ("a,b"). */
void expect_entry(const struct fixture *f, const char *suffix, unsigned line, const char *models);
/* Analyzes the one file `name` holding `code`: exactly one entry, as expect_entry. */
void check_single(const char *name, const char *code, unsigned line, const char *models);
/* A small conforming WDM driver with CRLF line ends (DriverEntry at line 3). */
extern const char wdm_body[];

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

/* What one run of the program did: its exit code, standard output and error. */
struct outcome {
	int code;
	char *out, *err;
};
/* run_program into an outcome, which outcome_release frees. */
struct outcome run_in(const char *cwd, const char *args);
void outcome_release(struct outcome *o);

#define ASSERT_CONTAINS(haystack, needle) \
	ck_assert_msg(strstr((haystack), (needle)) != NULL, "expected '%s' in:\n%s", (needle), (haystack))
#define ASSERT_LACKS(haystack, needle) \
	ck_assert_msg(strstr((haystack), (needle)) == NULL, "did not expect '%s' in:\n%s", (needle), (haystack))

/* Runs a suite, prints Check's summary, returns the process exit code. */
int run_suite(Suite *s);

#endif
