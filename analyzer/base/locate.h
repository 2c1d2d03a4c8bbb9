/* SPDX-License-Identifier: Apache-2.0 */
/* Where entrycheck's own data (the rule set, the header model overlay) is:
 * next to the running executable once installed (<prefix>/bin/entrycheck finds
 * <prefix>/share/entrycheck/), so an installed tree can be moved or packaged;
 * the source tree's paths, fixed at build time, serve the build tree. */
#ifndef ENTRYCHECK_LOCATE_H
#define ENTRYCHECK_LOCATE_H

/* The running executable's path (symbolic links resolved), or NULL when the
 * system cannot tell. The caller frees it. */
char *locate_executable(void);

/* The directory holding the running executable (symbolic links resolved),
 * or NULL when the system cannot tell. The caller frees it. */
char *locate_executable_dir(void);

/* The installed data directory `sub` ("rules", "include") when it holds
 * `probe` (a file name under it), else a copy of `build_default`, else NULL
 * when that is NULL or empty. The caller frees the result. */
char *locate_data_dir(const char *sub, const char *probe, const char *build_default);

#endif
