/* SPDX-License-Identifier: Apache-2.0 */
/* Inline suppressions: `// entrycheck-suppress ID[,ID]...: reason` on a
 * finding's line or the line before, and the Code Analysis forms driver
 * teams already write for rules that map to C28xxx warnings,
 * `#pragma warning(suppress: 28131)` and `#pragma prefast(suppress: 28131,
 * "reason")`, on the line before. Sources are read again here; nothing is
 * printed. */
#ifndef ENTRYCHECK_SUPPRESS_H
#define ENTRYCHECK_SUPPRESS_H

struct findings;
struct rule_set;
struct strvec;
struct problems;

/* Reads the suppressions of every file in `files` (absolute paths) and of
 * every file a finding is in, and sets the `suppression` of each finding one
 * matches to its justification. A comment without an ID, or naming an ID
 * that is no rule of `rules`, is an error at its file:line:col; one without
 * a reason suppresses nothing and is a warning; so is a suppression that
 * matches no finding (a pragma only when its number is one of `rules`' c28
 * numbers: the others are Code Analysis's). Returns the number of errors. */
int suppressions_apply(struct findings *findings, const struct rule_set *rules,
		       const struct strvec *files, struct problems *problems);

#endif
