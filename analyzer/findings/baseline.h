/* SPDX-License-Identifier: Apache-2.0 */
/* Baselines: the fingerprints of the findings a team has accepted, read from
 * a SARIF or JSON report of an earlier run (told apart by content), so the
 * gate fails only on new findings. Writing one is writing the JSON report
 * (emit_findings_json): its findings[].fingerprint are what is read back. */
#ifndef ENTRYCHECK_BASELINE_H
#define ENTRYCHECK_BASELINE_H

#include "base/strvec.h"

struct problems;
struct findings;

/* Reads the fingerprints of the baseline `path` into `out`: SARIF's
 * runs[].results[].partialFingerprints["entrycheck/v1"], or the JSON
 * report's findings[].fingerprint. Returns 0, or -1 after adding one error
 * with file:line:col to `problems` (a file that cannot be read, is not JSON,
 * or is neither kind of report). */
int baseline_load(const char *path, struct strvec *out, struct problems *problems);

/* Marks each of `findings` BASELINE_UNCHANGED when its fingerprint is in
 * `fingerprints`, else BASELINE_NEW. */
void baseline_apply(struct findings *findings, const struct strvec *fingerprints);

#endif
