/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzzes the evaluation cache's reader (run/evalcache.c, facts/reads.c,
 * findings/store.c): an entry found in the cache directory may be torn,
 * corrupt or hostile. What it decodes to must be safe to write back. */
#include "fuzz.h"

#include <string.h>

#include "base/problems.h"
#include "kinds/table.h"
#include "findings/store.h"
#include "rules/rules.h"
#include "run/evalcache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

static struct rule_set rules;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (!rules.len) {
		struct problems problems = { 0 };
		rules.kinds = &kind_table;
		rule_set_load_dir(&rules, ENTRYCHECK_SOURCE_ROOT "/rules", NULL, &problems);
		problems_clear(&problems);
	}
	struct findings found = { 0 };
	struct problems notes = { 0 };
	if (evalcache_decode(data, len, &rules, &found, &notes) == 0) {
		struct strbuf again = STRBUF_INIT;
		findings_write(&again, &found);
		problems_write(&again, &notes);
		strbuf_release(&again);
	}
	findings_release(&found);
	problems_clear(&notes);
	return 0;
}
