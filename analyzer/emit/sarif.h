/* SPDX-License-Identifier: Apache-2.0 */
/* The `check` report as SARIF 2.1.0 (one run, for GitHub code scanning, Azure
 * DevOps and the IDE viewers). Fingerprints: findings/fingerprint.h; fixes:
 * findings/fix.h. */
#ifndef ENTRYCHECK_EMIT_SARIF_H
#define ENTRYCHECK_EMIT_SARIF_H

#include "emit/emit.h"

/* The home page named in tool.driver.informationUri. */
#define ENTRYCHECK_INFORMATION_URI "https://github.com/entrycheck/entrycheck"

/* The SARIF log of the run; the caller frees the string. Every string in it
 * is valid UTF-8. */
char *emit_findings_sarif(const struct run_result *r, const struct emit_options *opts);

#endif
