/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzzes the include-graph pre-scans: an input is up to four files split at
 * NUL bytes (driver.c, inc/h0.h, inc/d1/h1.h, inc/d2/h2.h), with a link
 * inc/l1 to inc, so that includes spelled "../d1/h1.h", "l1/l1/h0.h" or
 * through macros loop and branch. Both pre-scans run as a parse would run
 * them: the bounded read check with its macro estimate (readcheck), then the
 * stand-ins for missing headers (stubs), whose directory goes after each input. */
#include "fuzz.h"

#include "base/problems.h"
#include "base/alloc.h"
#include "base/strvec.h"
#include "base/path.h"
#include "front/readcheck.h"
#include "front/stubs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

static const char *const files[] = { "driver.c", "inc/h0.h", "inc/d1/h1.h", "inc/d2/h2.h" };
#define NFILES (sizeof(files) / sizeof(files[0]))

static void setup(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	fuzz_write_text(files[0], "");
	static const char *const dirs[] = { "inc", "inc/d1", "inc/d2" };
	char path[256];
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", fuzz_dir, dirs[i]);
		mkdir(path, 0700);
	}
	snprintf(path, sizeof(path), "%s/inc/l1", fuzz_dir);
	if (symlink(".", path) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	setup();
	char *parts[NFILES];
	size_t n = fuzz_split(data, len, parts, NFILES);
	char *main_path = NULL;
	for (size_t i = 0; i < NFILES; i++) {
		const char *p = fuzz_write_text(files[i], i < n ? parts[i] : "");
		if (i == 0)
			main_path = alloc_strdup(p);
	}
	char *inc = alloc_printf("%s/inc", fuzz_dir);
	char *stub_root = alloc_printf("%s/stubs", fuzz_dir);
	char *stub_dir = alloc_printf("%s/_/_/_/_", stub_root);
	struct strvec args = STRVEC_INIT;
	strvec_push(&args, "-I");
	strvec_push(&args, inc);
	strvec_push(&args, "-I");
	strvec_push(&args, stub_dir);
	struct problems problems = { 0 };
	struct strvec wide_paths = STRVEC_INIT, wide_texts = STRVEC_INIT;
	const char *text = n ? parts[0] : "";
	readcheck_includes(main_path, "driver.c", text, &args, 8u << 20, &problems, &wide_paths, &wide_texts);
	struct header_index *index = NULL;
	struct strvec roots = STRVEC_INIT;
	struct stubs stubs = { .root = stub_root, .dir = stub_dir, .args = &args, .roots = &roots,
			       .index = &index, .cwd = fuzz_dir };
	stubs_prescan(&stubs, main_path, text);
	stubs_release(&stubs);
	path_remove_tree(stub_root);
	problems_clear(&problems);
	strvec_clear(&wide_paths);
	strvec_clear(&wide_texts);
	strvec_clear(&args);
	free(stub_dir);
	free(stub_root);
	free(inc);
	free(main_path);
	for (size_t i = 0; i < n; i++)
		free(parts[i]);
	return 0;
}
