/* SPDX-License-Identifier: Apache-2.0 */
/* Declaration facts: how the driver declares its functions (role types and
 * dispatch annotations, from tokens) and the initializer lists of its
 * file-scope variables. Filled into unit_facts while the unit is parsed. */
#ifndef ENTRYCHECK_DECLS_H
#define ENTRYCHECK_DECLS_H

#include <clang-c/Index.h>

struct unit_facts;

/* Adds to `out` every function declaration outside system headers and every
 * file-scope variable of the main file `main_path` that has an initializer list. */
void decls_collect(CXTranslationUnit tu, const char *main_path, struct unit_facts *out);
/* Frees what decls_collect added. */
void decls_release(struct unit_facts *facts);

#endif
