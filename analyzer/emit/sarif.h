/* The `check` report as SARIF 2.1.0 (one run, for GitHub code scanning, Azure
 * DevOps and the IDE viewers), and the pieces the JSON report shares with it:
 * stable fingerprints and UTF-8 repair. The fingerprint design is described
 * above findings_fingerprints. */
#ifndef ENTRYCHECK_EMIT_SARIF_H
#define ENTRYCHECK_EMIT_SARIF_H

struct run_result;
struct strvec;

/* The home page named in tool.driver.informationUri. */
#define ENTRYCHECK_INFORMATION_URI "https://github.com/entrycheck/entrycheck"

struct sarif_options {
	const char *automation_id;  /* run.automationDetails.id; NULL: "entrycheck/" */
	const char *srcroot_uri;    /* originalUriBaseIds["%SRCROOT%"].uri; NULL: the current
				     * directory as a file URI; "none": originalUriBaseIds left out */
};

/* The SARIF log of the run; the caller frees the string. Every string in it
 * is valid UTF-8. */
char *emit_findings_sarif(const struct run_result *r, const struct sarif_options *opts);

/* One fingerprint per finding of r, in order, pushed to `out`: "entrycheck/v1"
 * in SARIF's partialFingerprints and "fingerprint" in JSON. It is the 64-bit
 * FNV-1a, in 16 hex digits, of the rule ID, the file's path relative to the
 * current directory, the function's name, the text of the reported source
 * line with runs of white space collapsed to one space and the ends trimmed,
 * and the occurrence index of that key among the findings of the file (0 for
 * the first). Inserting or removing lines elsewhere leaves it unchanged;
 * editing the reported line, renaming the function or moving the file
 * changes it. A line that cannot be read counts as empty. */
void findings_fingerprints(const struct run_result *r, struct strvec *out);

/* A copy of `s` with every byte that is not part of a well-formed UTF-8
 * sequence replaced by U+FFFD (CP-1252 comments reach messages through the
 * source text). The caller frees it. */
char *utf8_valid_copy(const char *s);

#endif
