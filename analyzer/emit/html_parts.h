/* SPDX-License-Identifier: Apache-2.0 */
/* What the pieces of the HTML report share: writing escaped text and
 * locations (emit/html_text.c), drawing a finding's evidence over its
 * sources (emit/html_source.c), the page around them (emit/html.c). */

#ifndef ENTRYCHECK_HTML_PARTS_H
#define ENTRYCHECK_HTML_PARTS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/lines.h"
#include "base/strbuf.h"
#include "findings/finding.h"

/* emit/html_text.c */
/* Appends `len` bytes of text escaped for HTML content and attribute values. */
void html_put_text(struct strbuf *sb, const char *text, size_t len);
void html_put_str(struct strbuf *sb, const char *s);
/* "file:line:col", the file as shown. */
void html_put_location(struct strbuf *sb, const char *cwd, const char *file, unsigned line, unsigned column);
/* The same for a file already as shown (problems, entries). */
void html_put_shown_location(struct strbuf *sb, const char *file, unsigned line, unsigned column);
const char *html_plural(size_t n);

/* emit/html_source.c */
/* Finding number `n`: its message and its evidence over the sources. */
void html_put_finding(struct strbuf *sb, struct line_cache *lines, const char *cwd, size_t n, const struct finding *f);

#endif
