/* SPDX-License-Identifier: Apache-2.0 */
/* Findings as bytes and back, for the evaluation cache (run/evalcache.c):
 * what the evaluator fills in (the gate's marks and fixes come later). */
#ifndef ENTRYCHECK_FINDINGS_STORE_H
#define ENTRYCHECK_FINDINGS_STORE_H

#include "base/bytes.h"
#include "base/strbuf.h"
#include "findings/finding.h"
#include "rules/rules.h"

void findings_write(struct strbuf *out, const struct findings *f);
/* Appends to `f`; a rule is named by its ID and must be in `rules`. Marks
 * `in` failed on bytes that make no findings. */
void findings_read(struct bytes_in *in, const struct rule_set *rules, struct findings *f);

#endif
