/* SPDX-License-Identifier: Apache-2.0 */
/* Mechanical fixes for findings (SARIF `fixes`, and what a --fix would apply). */
#ifndef ENTRYCHECK_FIX_H
#define ENTRYCHECK_FIX_H

struct findings;
struct finding_fix;

/* Sets the `fix` of every finding that has a mechanical one. Rereads the
 * sources the findings are in. */
void fixes_compute(struct findings *findings);
void finding_fix_release(struct finding_fix *fix);

#endif
