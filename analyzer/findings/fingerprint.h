/* SPDX-License-Identifier: Apache-2.0 */
/* Stable fingerprints of findings, for baselines, SARIF and JSON. */
#ifndef ENTRYCHECK_FINGERPRINT_H
#define ENTRYCHECK_FINGERPRINT_H

struct findings;
struct line_cache;
struct strvec;

/* One fingerprint per finding, in order, pushed to `out`: "entrycheck/v1"
 * in SARIF's partialFingerprints and "fingerprint" in JSON. It is the 64-bit
 * FNV-1a, in 16 hex digits, of the rule ID, the file's path relative to its
 * root (fingerprint_root: never the current directory, so a baseline written
 * at the top of a repository matches when entrycheck runs from src/), the
 * function's name, the text of the reported source
 * line with runs of white space collapsed to one space and the ends trimmed,
 * and the occurrence index of that key among the findings of the file (0 for
 * the first). Inserting or removing lines elsewhere leaves it unchanged;
 * editing the reported line, renaming the function or moving the file
 * changes it. A line that cannot be read counts as empty. */
void findings_fingerprints(const struct findings *findings, struct strvec *out);

/* The same, reading lines through `cache`; `cwd` resolves relative paths
 * and is the last resort for the root. */
void fingerprints_with(const struct findings *findings, struct line_cache *cache, const char *cwd,
		       struct strvec *out);

/* The directory a finding's path is made relative to in its fingerprint:
 * the top of the git work tree holding `file` (the nearest directory with a
 * .git entry), else the directory of the nearest .entrycheck.json above it,
 * else `cwd`. `file` is resolved against `cwd`. Caller frees. */
char *fingerprint_root(const char *file, const char *cwd);

#endif
