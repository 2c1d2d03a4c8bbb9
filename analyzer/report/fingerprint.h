/* Stable fingerprints of findings, for baselines, SARIF and JSON. */
#ifndef ENTRYCHECK_FINGERPRINT_H
#define ENTRYCHECK_FINGERPRINT_H

struct findings;
struct line_cache;
struct strvec;

/* One fingerprint per finding, in order, pushed to `out`: "entrycheck/v1"
 * in SARIF's partialFingerprints and "fingerprint" in JSON. It is the 64-bit
 * FNV-1a, in 16 hex digits, of the rule ID, the file's path relative to the
 * current directory, the function's name, the text of the reported source
 * line with runs of white space collapsed to one space and the ends trimmed,
 * and the occurrence index of that key among the findings of the file (0 for
 * the first). Inserting or removing lines elsewhere leaves it unchanged;
 * editing the reported line, renaming the function or moving the file
 * changes it. A line that cannot be read counts as empty. */
void findings_fingerprints(const struct findings *findings, struct strvec *out);

/* The same, reading lines through `cache` and relative to `cwd`. */
void fingerprints_with(const struct findings *findings, struct line_cache *cache, const char *cwd,
		       struct strvec *out);

#endif
