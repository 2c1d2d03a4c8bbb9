/* The `check` report as SARIF 2.1.0 (one run, for GitHub code scanning, Azure
 * DevOps and the IDE viewers), and the UTF-8 repair the JSON report shares
 * with it. Fingerprints: report/fingerprint.h. */
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


/* A copy of `s` with every byte that is not part of a well-formed UTF-8
 * sequence replaced by U+FFFD (CP-1252 comments reach messages through the
 * source text). The caller frees it. */
char *utf8_valid_copy(const char *s);

#endif
