/* SPDX-License-Identifier: Apache-2.0 */
/* Definitions as written, found in the text by a small lexer instead of the
 * parser: a check that parse errors did not swallow an entry point, so the
 * gate never passes on code it never saw; and the cheap look at every input
 * that decides which files are worth parsing at all. */
#ifndef ENTRYCHECK_TEXTSCAN_H
#define ENTRYCHECK_TEXTSCAN_H

#include <stdbool.h>

#include "base/strvec.h"

/* True when `text` has `name (...) {` outside comments, literals and
 * preprocessor lines; sets the 1-based line and column of the name. */
bool textscan_has_definition(const char *text, const char *name, unsigned *line, unsigned *column);

/* What the text of a file shows without the parser. */
struct textscan {
	bool names_entry;         /* DriverEntry or a configured entry point appears as a word */
	struct strvec defines;    /* names of `name (...) {` and `name[...] = {`: functions and
				   * initialized variables it may define (a superset: macros too;
				   * not C++ member initializers, `) : m(x), n(y) {`) */
	struct strvec sources;    /* base names, lower case, of the source files (.c, .cpp...)
				   * it #includes */
	struct strvec headers;    /* the other files it #includes "quoted", as written */
};

/* Scans `text`; `entry_names` (may be NULL) are entry points besides
 * DriverEntry. Release with textscan_release. */
void textscan_file(const char *text, const struct strvec *entry_names, struct textscan *out);
void textscan_release(struct textscan *f);

#endif
