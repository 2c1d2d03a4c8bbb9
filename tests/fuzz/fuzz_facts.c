/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzzes the result cache's reader (run/resultcache.c, facts/store.c,
 * cfg/store.c): an entry found in the cache directory may be torn, corrupt
 * or hostile. Whatever it decodes to must be safe to walk (every graph is
 * printed) and to write back. */
#include "fuzz.h"

#include <stdio.h>

#include "base/problems.h"
#include "base/strbuf.h"
#include "cfg/cfg.h"
#include "facts/store.h"
#include "run/resultcache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct unit_facts facts;
	struct problems problems = { 0 };
	if (resultcache_decode(data, len, &facts, &problems) == 0) {
		FILE *sink = fopen("/dev/null", "w");
		for (size_t i = 0; sink && i < facts.nfunctions; i++)
			if (facts.functions[i].cfg)
				cfg_print_text(sink, facts.functions[i].cfg, "/");
		if (sink)
			fclose(sink);
		struct strbuf again = STRBUF_INIT;
		unit_facts_write(&again, &facts);
		strbuf_release(&again);
		unit_facts_release(&facts);
	}
	problems_clear(&problems);
	return 0;
}
