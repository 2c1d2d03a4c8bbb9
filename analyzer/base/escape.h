/* SPDX-License-Identifier: Apache-2.0 */
/* Text a file name or a source can put into a terminal or a CI log, made
 * harmless: control characters written as C escapes, so a name cannot break a
 * report's lines or drive the terminal, and no line that starts with "::",
 * which GitHub Actions reads as a workflow command. Structured formats (JSON,
 * SARIF, HTML) escape by their own rules and do not use this. */
#ifndef ENTRYCHECK_ESCAPE_H
#define ENTRYCHECK_ESCAPE_H

#include "base/strbuf.h"

/* Appends `s` with every control character (and DEL) written as \n, \r, \t or
 * \xHH; other bytes, UTF-8 included, are kept. */
void strbuf_add_escaped(struct strbuf *sb, const char *s);
/* `s` escaped as above: a new string (caller frees). */
char *text_escaped(const char *s);
/* Rewrites, in place, every line of `sb` whose first characters after blanks
 * are "::" to start "\::" instead, the runner's trimming being no help. */
void text_defuse_commands(struct strbuf *sb);

#endif
