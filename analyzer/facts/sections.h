/* SPDX-License-Identifier: Apache-2.0 */
/* The code section each function is placed in (function_facts.section): the
 * INIT section is discarded once the driver is initialized, so a routine
 * there must not be called after DriverEntry returns. */
#ifndef ENTRYCHECK_SECTIONS_H
#define ENTRYCHECK_SECTIONS_H

#include <clang-c/Index.h>

#include "facts/entry.h"

/* __declspec(code_seg("X")) on the definition `fn`, also through a macro:
 * "X", or NULL. */
char *sections_code_seg(CXTranslationUnit tu, CXCursor fn);
/* Sets the section of the unit's functions that have none yet from the main
 * file's `#pragma alloc_text` and `#pragma code_seg` directives. */
void sections_collect(const struct parsed_unit *u, struct unit_facts *out);

#endif
