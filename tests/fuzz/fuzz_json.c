/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzzes the JSON loaders a user's files reach: the first byte chooses the
 * rules loader, the configuration (.entrycheck.json), the baseline or the
 * compilation database; the rest is the file. */
#include "fuzz.h"

#include "base/problems.h"
#include "base/strvec.h"
#include "project/inputs.h"
#include "kinds/table.h"
#include "findings/baseline.h"
#include "rules/rules.h"
#include "rules/settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (len < 1)
		return 0;
	struct problems problems = { 0 };
	switch (data[0] % 4) {
	case 0: {
		const char *path = fuzz_write("rules.json", data + 1, len - 1);
		struct rule_set set;
		memset(&set, 0, sizeof(set));
		set.kinds = &kind_table;
		rule_set_load_file(&set, path, ENTRYCHECK_SOURCE_ROOT "/rules/schema.json", &problems);
		rule_set_release(&set);
		break;
	}
	case 1: {
		const char *path = fuzz_write(".entrycheck.json", data + 1, len - 1);
		struct settings s;
		settings_load(path, &s, &problems);
		settings_release(&s); /* also after a failure (settings.h) */
		break;
	}
	case 2: {
		const char *path = fuzz_write("baseline.json", data + 1, len - 1);
		struct strvec fps = STRVEC_INIT;
		baseline_load(path, &fps, &problems);
		strvec_clear(&fps);
		break;
	}
	default: {
		const char *path = fuzz_write("compile_commands.json", data + 1, len - 1);
		struct strvec paths = STRVEC_INIT;
		struct input_set set;
		memset(&set, 0, sizeof(set));
		inputs_collect(&paths, path, &set, &problems);
		inputs_release(&set);
		break;
	}
	}
	problems_clear(&problems);
	return 0;
}
