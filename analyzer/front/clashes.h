/* SPDX-License-Identifier: Apache-2.0 */
/* Names the driver declares as another kind of symbol than the header model
 * does: `QUERY_INFO_PROCESS ZwQueryInformationProcess;`, a routine pointer of
 * the driver's named after an export that the kit the project targets does
 * not declare, but ours does. The model's declaration then yields: the name
 * is renamed while the model's headers are read (-DX=entrycheck_kit_X ahead
 * of the prelude) and restored before the file (#undef X after it). */
#ifndef ENTRYCHECK_CLASHES_H
#define ENTRYCHECK_CLASHES_H

#include <clang-c/Index.h>

struct strvec;

#define CLASHES_HEADER "entrycheck-clashes.h"

/* Adds to `names` each name clang found redefined as a different kind of
 * symbol where the earlier declaration is in a system header (the model's);
 * returns how many were new. */
int clashes_from_diagnostics(CXTranslationUnit tu, struct strvec *names);
/* The -D flags that rename `names` while the prelude is read. */
void clashes_defines(const struct strvec *names, struct strvec *defines);
/* Writes the header restoring the names; 0 on success. */
int clashes_write(const struct strvec *names, const char *path);

#endif
