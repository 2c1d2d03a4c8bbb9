/* SPDX-License-Identifier: Apache-2.0 */
/* Folders read once: the names in each folder that a build file's paths pass
 * through, listed from the disk the first time and found again by their
 * spelling without regard to letter case, as Windows finds a file. Reading
 * the folder again for each of 100,000 items was most of their cost (and
 * quadratic in a folder of that many files). One cache lives as long as the
 * reading of one build file: the disk is taken not to change meanwhile. */
#ifndef ENTRYCHECK_DIRCACHE_H
#define ENTRYCHECK_DIRCACHE_H

#include <stdbool.h>

struct project_dircache;

/* An empty cache; project_dircache_free() releases it. */
struct project_dircache *project_dircache_new(void);
void project_dircache_free(struct project_dircache *c);
/* The entry of folder `dir` named `name` without regard to ASCII letter
 * case, as spelled on disk (of two spellings, the first the folder lists,
 * as path_entry_nocase() finds it), or NULL when there is none or `dir`
 * cannot be read. Owned by the cache. */
const char *project_dircache_entry(struct project_dircache *c, const char *dir, const char *name);
/* Whether folder `dir` holds `name` spelled so: 1 when it does, 0 when it
 * holds no name of that spelling in any letter case or does not exist, -1
 * when the cache cannot tell (`dir` cannot be read, or lists another
 * spelling first). */
int project_dircache_holds(struct project_dircache *c, const char *dir, const char *name);
/* Whether `path` is a directory itself, not a link to one (lstat). */
bool project_dircache_is_directory(struct project_dircache *c, const char *path);

#endif
