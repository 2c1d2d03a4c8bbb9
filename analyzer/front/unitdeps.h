/* SPDX-License-Identifier: Apache-2.0 */
/* What a parsed unit depends on besides its own text, for the result cache:
 * the files the parse read, and the paths that would have been read instead
 * had a file appeared there (the misses of each include's search before the
 * file it found). Only includes written in the driver's own files count: the
 * header model, clang's and mingw's headers are stamped as a whole
 * (front/pchcache.h). */
#ifndef ENTRYCHECK_UNITDEPS_H
#define ENTRYCHECK_UNITDEPS_H

#include <clang-c/Index.h>
#include <stdbool.h>

struct header_model;
struct strvec;

/* Appends to `read` the absolute paths of the files `tu` read outside the
 * model's and the run's directories (sorted), and to `shadows` the paths an
 * include written in the main file or one of those files searched before
 * the one it found: the directories of its includers (quoted; clang in MSVC
 * mode searches the whole include stack), then `args`' -iquote, -I,
 * -isystem and -idirafter directories in clang's order. Returns false when
 * an include's name could not be read back (then the unit cannot be keyed). */
bool unit_deps_collect(CXTranslationUnit tu, const struct header_model *model, const char *main_path,
		       const struct strvec *args, struct strvec *read, struct strvec *shadows);

#endif
