/* SPDX-License-Identifier: Apache-2.0 */
/* Running a helper program (git, for --changed-since) without a shell: a
 * fixed argv, standard input from /dev/null, both output streams captured.
 * Nothing is printed. */
#ifndef ENTRYCHECK_PROCESS_H
#define ENTRYCHECK_PROCESS_H

struct strbuf;

/* Runs argv[0] (looked up on PATH) with the NULL-terminated `argv` and
 * waits for it. Its standard output is appended to `out` and its standard
 * error to `err` (either may be NULL: discarded). Returns the exit status
 * (0-255), 128 + N when signal N ended it, or -1 when it could not be run
 * (errno is then set). */
int process_run(const char *const argv[], struct strbuf *out, struct strbuf *err);

#endif
