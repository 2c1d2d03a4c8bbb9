/* SPDX-License-Identifier: Apache-2.0 */
/* Which of a file's flags can change the precompiled prelude of the header
 * model: the macros its headers name and the directories that hold a file
 * of one of their names. The others stay the file's own, so that the
 * projects of a tree share preludes. */
#ifndef ENTRYCHECK_PRELUDEFLAGS_H
#define ENTRYCHECK_PRELUDEFLAGS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/map.h"
#include "front/wdkmodel.h"

struct prelude_dir {
	char *path;
	bool shadows;            /* holds a file named as one the prelude reads */
};

struct prelude_names {
	struct strindex names;   /* every identifier in the prelude's headers */
	struct strindex files;   /* their file names, lower case */
	struct prelude_dir *dirs; /* directories already judged */
	size_t ndirs, cap_dirs;
};

/* Reads every header `prelude` (a path) may include through the model's
 * search directories, conditionals ignored. */
void prelude_names_build(const struct header_model *m, const char *prelude, struct prelude_names *out);
/* Appends `args` to `out`, less, within [begin, end), the -D and -U of
 * macros the prelude never names, the -D of string values, and the -I,
 * -iquote, -isystem and -idirafter of directories that hold none of its
 * files. */
void prelude_names_filter(struct prelude_names *n, const struct strvec *args, size_t begin, size_t end,
			  struct strvec *out);
void prelude_names_release(struct prelude_names *n);

#endif
