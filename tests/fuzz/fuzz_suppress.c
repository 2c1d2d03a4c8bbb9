/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzzes the suppression comments (// entrycheck-suppress, #pragma warning,
 * #pragma prefast) as they are read from a source file. */
#include "fuzz.h"

#include "base/problems.h"
#include "base/strvec.h"
#include "eval/evaluate.h"
#include "kinds/table.h"
#include "findings/suppress.h"
#include "rules/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char *path = fuzz_write("driver.c", data, len);
	struct strvec files = STRVEC_INIT;
	strvec_push(&files, path);
	struct findings findings;
	memset(&findings, 0, sizeof(findings));
	struct rule_set rules;
	memset(&rules, 0, sizeof(rules));
	rules.kinds = &kind_table;
	struct problems problems = { 0 };
	suppressions_apply(&findings, &rules, &files, &problems);
	problems_clear(&problems);
	strvec_clear(&files);
	return 0;
}
