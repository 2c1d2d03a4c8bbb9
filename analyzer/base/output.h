/* SPDX-License-Identifier: Apache-2.0 */
/* Writing a report to the file the user named (-o), never damaging anything
 * else: a regular file is replaced atomically through a temporary created
 * with O_EXCL next to it, keeping its mode (and owner when run as root); a
 * character device or FIFO is written directly; anything else is refused,
 * and so is a symbolic link, unless it leads to a pipe or to our own standard
 * output or error (/dev/stdout): a checkout may plant one to a file outside. */
#ifndef ENTRYCHECK_OUTPUT_H
#define ENTRYCHECK_OUTPUT_H

#include <stddef.h>

struct problems;

/* Checks, before any analysis, that `path` can receive a report. Returns 0,
 * or -1 with an error in `problems` naming the reason. */
int output_check(const char *path, struct problems *problems);
/* Writes `len` bytes of `data` to `path` as described above. Returns 0, or -1
 * with an error in `problems`; on failure the old file is left untouched and
 * no temporary remains. */
int output_write(const char *path, const char *data, size_t len, struct problems *problems);

#endif
