/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzzes the build-file readers: an input is up to five files split at NUL
 * bytes (drv.vcxproj, a.props, sub/b.props, Directory.Build.props, sources),
 * in a folder with links l1 and l2 to itself, so that imports, conditions and
 * properties meet cycles through links and doubling values. Each is read as
 * `projects` would: the project, then the sources file. */
#include "fuzz.h"

#include "base/problems.h"
#include "base/alloc.h"
#include "project/project.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

static const char *const files[] = { "drv.vcxproj", "a.props", "sub/b.props", "Directory.Build.props",
				     "sources" };
#define NFILES (sizeof(files) / sizeof(files[0]))

static void setup(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	fuzz_write_text(files[0], "");
	char path[256];
	snprintf(path, sizeof(path), "%s/sub", fuzz_dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/l1", fuzz_dir);
	if (symlink(".", path) != 0)
		abort();
	snprintf(path, sizeof(path), "%s/l2", fuzz_dir);
	if (symlink(".", path) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	setup();
	char *parts[NFILES];
	size_t n = fuzz_split(data, len, parts, NFILES);
	char *paths[NFILES];
	for (size_t i = 0; i < NFILES; i++)
		paths[i] = alloc_strdup(fuzz_write_text(files[i], i < n ? parts[i] : ""));
	struct project_options opts = { .verbose = true };
	struct problems problems = { 0 };
	struct project out;
	/* Filled in either way: released either way. */
	msbuild_load(paths[0], &opts, &out, &problems);
	project_release(&out);
	project_sources_load(paths[4], &opts, &out, &problems);
	project_release(&out);
	problems_clear(&problems);
	for (size_t i = 0; i < NFILES; i++)
		free(paths[i]);
	for (size_t i = 0; i < n; i++)
		free(parts[i]);
	return 0;
}
