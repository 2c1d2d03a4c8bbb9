/* SPDX-License-Identifier: Apache-2.0 */
/* The `check` report as one self-contained HTML page: a summary by driver
 * model, rule and directory, what could not be analyzed, and every finding
 * with its source excerpt and the numbered evidence path drawn over it;
 * filters by rule and level in a small inline script. */
#ifndef ENTRYCHECK_EMIT_HTML_H
#define ENTRYCHECK_EMIT_HTML_H

#include "emit/emit.h"

/* The page; the caller frees the string. It loads nothing (inline CSS and
 * script, a Content-Security-Policy that forbids every fetch), every text in
 * it is escaped and valid UTF-8, and the same run gives the same bytes.
 * Sources are read again for the excerpts; an unreadable one is said so. */
char *emit_html(const struct run_result *r, const struct emit_options *opts);

#endif
