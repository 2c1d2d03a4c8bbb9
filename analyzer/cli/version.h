/* SPDX-License-Identifier: Apache-2.0 */
/* The text of entrycheck --version. */
#ifndef ENTRYCHECK_VERSION_H
#define ENTRYCHECK_VERSION_H

#include <stdio.h>

struct run_options;

/* Prints the version, the libclang version (run time and build time) and
 * the directories the rules and header model are taken from, as the options
 * parsed so far (--rules, --model-dir, ...) and the environment decide. */
void version_print(FILE *out, const struct run_options *run);

#endif
