/* The `projects` report: the build files found, what they say about the
 * driver, the files each compiles and their flags, as text or JSON. */
#ifndef ENTRYCHECK_EMIT_PROJECTS_H
#define ENTRYCHECK_EMIT_PROJECTS_H

#include <stdio.h>

struct project_set;

/* Paths are shown relative to `base` when under it. */
void emit_projects_text(FILE *out, const struct project_set *set, const char *base);
/* {"projects":[...]}; returns an allocated string the caller frees. */
char *emit_projects_json(const struct project_set *set, const char *base);

#endif
