/* SPDX-License-Identifier: Apache-2.0 */
/* Paths and the file system: joining and normalizing paths lexically, asking
 * what a path names (a directory, a file, which file), and making and
 * removing directories. Paths are POSIX ('/'-separated); every returned
 * string is allocated and the caller frees it. */
#ifndef ENTRYCHECK_PATH_H
#define ENTRYCHECK_PATH_H

#include <stdbool.h>

bool path_is_absolute(const char *path);
char *path_join(const char *dir, const char *name);
/* Makes `path` absolute against `base` (the cwd when NULL) and removes "."
 * and ".." components lexically, without touching the file system. */
char *path_absolute(const char *path, const char *base);
char *path_dirname(const char *path);
/* The last component of `path`, inside `path` itself (not allocated). */
const char *path_basename(const char *path);
/* `path` relative to `base` when it lies under it, else a copy of `path`. */
char *path_relative_to(const char *path, const char *base);
/* The working directory, or "." when it cannot be read. */
char *path_current_directory(void);

bool path_is_directory(const char *path);
bool path_is_regular_file(const char *path);
/* The entry `name` of directory `dir` as it is spelled on disk, matched
 * without regard to case (Windows trees include "Driver.h" for driver.h),
 * or NULL. */
char *path_entry_nocase(const char *dir, const char *name);
/* The file `path` names, as "device:inode" after following links, or NULL when
 * it cannot be read: "a/../b/h.h", "link/h.h" and "b/h.h" are the same file. */
char *path_identity(const char *path);

/* Creates `path` and any missing parents; returns 0 or -1 with errno set
 * (EINTR once an interrupt has been asked for: see base/cleanup.h). */
int path_make_directories(const char *path);
/* Removes a directory tree we created (temporary files). */
void path_remove_tree(const char *path);

#endif
