/* SPDX-License-Identifier: Apache-2.0 */
/* Bounded reads for what libclang would open: libclang has no read hook, so
 * before a file is parsed its include graph is walked (quoted and angled
 * #include lines resolved against the file's -I/-iquote/-isystem/-idirafter
 * flags, plus -include and -imacros) and every file found must be a regular
 * file within the size limit that reads as text. Not seen: includes named by
 * macros and the header model's own system directories (trusted). */
#ifndef ENTRYCHECK_READCHECK_H
#define ENTRYCHECK_READCHECK_H

#include <stddef.h>

struct problems;
struct strvec;

/* Checks the files reachable from `path` (whose decoded text is `text`,
 * shown as `display`) under `args`. Returns 0, or -1 after adding an error
 * naming the rejected file and the line that reached it. An included file
 * in UTF-16, which clang refuses to read, has its path pushed on
 * `wide_paths` and its text as UTF-8 on `wide_texts`, for the parse to read
 * instead of the bytes on disk. */
int readcheck_includes(const char *path, const char *display, const char *text,
		       const struct strvec *args, size_t max_bytes, struct problems *problems,
		       struct strvec *wide_paths, struct strvec *wide_texts);

#endif
