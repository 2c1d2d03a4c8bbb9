/* SPDX-License-Identifier: Apache-2.0 */
/* The `projects` report: the build files found, what they say about the
 * driver, the files each compiles and their flags, as text or JSON. */
#ifndef ENTRYCHECK_EMIT_PROJECTS_H
#define ENTRYCHECK_EMIT_PROJECTS_H

struct project_set;

/* Paths are shown relative to `base` when under it; both return an allocated
 * string the caller frees, as every emitter does (emit/emit.h). */
char *emit_projects_text(const struct project_set *set, const char *base);
/* {"projects":[...]}. */
char *emit_projects_json(const struct project_set *set, const char *base);

#endif
