/* SPDX-License-Identifier: Apache-2.0 */
/* Temporary files and directories removed when the process is interrupted:
 * a process-wide registry that a SIGINT/SIGTERM/SIGHUP handler walks before the
 * process dies of the signal. The library registers; only the CLI installs
 * the handlers. Not thread-safe (one analysis per process). */
#ifndef ENTRYCHECK_CLEANUP_H
#define ENTRYCHECK_CLEANUP_H

#include <stdbool.h>

/* Remembers `path` (copied) for removal on a signal: a file is unlinked, a
 * directory removed with everything under it. Returns -1 when the registry
 * is full (the path is then only removed by its owner). */
int cleanup_register(const char *path, bool directory);
/* Forgets `path`; call it before removing or renaming the path yourself. */
void cleanup_unregister(const char *path);
/* Installs the handlers for SIGINT, SIGTERM and SIGHUP: remove what is
 * registered, then die of the same signal. */
void cleanup_install_signal_handlers(void);
/* Whether a signal is removing the registered paths: nothing may create
 * directories any more (a parse worker would bring the scratch tree back). */
bool cleanup_interrupted(void);

#endif
