/* SPDX-License-Identifier: Apache-2.0 */
/* Mechanical fixes applied to the sources: the fix of each finding
 * (findings/fix.c, the same the SARIF log offers an IDE as a quick fix) as the
 * new contents of each file and a unified diff; writing them is the caller's
 * (entrycheck fix, --diff). */
#ifndef ENTRYCHECK_EMIT_PATCH_H
#define ENTRYCHECK_EMIT_PATCH_H

#include <stddef.h>
#include <time.h>

#include "base/strbuf.h"

struct problems;
struct run_result;

struct fixed_file {
	char *path;      /* as the report names it (relative to the current directory when under it) */
	char *text;      /* the new contents */
	size_t len;
	unsigned fixes;  /* how many fixes went into it */
};

struct fix_plan {
	struct fixed_file *items;
	size_t len, cap;
	struct strbuf diff;  /* unified diff of every change, without context lines */
	unsigned fixes;      /* applied to the new contents */
	unsigned refused;    /* left out: file changed since the analysis, overlapping, out of range */
};

/* Plans the fixes of `r`'s findings that are not suppressed inline. A file
 * modified after `analyzed` (the wall-clock time the analysis started) is
 * left alone with a warning in `problems`, as is a fix whose region is not in
 * the file or overlaps another. Release with fix_plan_release. */
void fix_plan_make(const struct run_result *r, const struct timespec *analyzed, struct fix_plan *plan,
		   struct problems *problems);
void fix_plan_release(struct fix_plan *plan);

#endif
