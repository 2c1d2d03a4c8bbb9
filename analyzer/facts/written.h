/* Definitions as written, found in the text without the parser: a check that
 * parse errors did not swallow an entry point, so the gate never passes on
 * code it never saw. */
#ifndef ENTRYCHECK_WRITTEN_H
#define ENTRYCHECK_WRITTEN_H

#include <stdbool.h>

/* True when `text` has `name (...) {` outside comments, literals and
 * preprocessor lines; sets the 1-based line and column of the name. */
bool written_definition(const char *text, const char *name, unsigned *line, unsigned *column);

#endif
