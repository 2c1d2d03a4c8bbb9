/* SPDX-License-Identifier: Apache-2.0 */
/* Finding the installed data relative to the executable: /proc/self/exe on
 * Linux, _NSGetExecutablePath on macOS. The relative path from the binary's
 * directory to the data directory is fixed at configure time from the install
 * layout (GNUInstallDirs), so any prefix works as long as the tree moves whole. */
#include "base/locate.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __APPLE__
#include <mach-o/dyld.h>
#endif

#include "config.h"
#include "base/alloc.h"
#include "base/path.h"

char *locate_executable(void)
{
#ifdef __APPLE__
	uint32_t size = 0;
	_NSGetExecutablePath(NULL, &size);
	char *raw = alloc_bytes(size + 1);
	if (_NSGetExecutablePath(raw, &size) != 0) {
		free(raw);
		return NULL;
	}
	char *real = realpath(raw, NULL);
	free(raw);
	return real;
#else
	return realpath("/proc/self/exe", NULL);
#endif
}

char *locate_executable_dir(void)
{
	char *exe = locate_executable();
	if (!exe)
		return NULL;
	char *dir = path_dirname(exe);
	free(exe);
	return dir;
}

char *locate_data_dir(const char *sub, const char *probe, const char *build_default)
{
	char *bin = locate_executable_dir();
	if (bin) {
		char *data = path_join(bin, ENTRYCHECK_BIN_TO_DATA);
		char *joined = path_join(data, sub);
		char *candidate = path_absolute(joined, NULL);
		char *check = path_join(candidate, probe);
		bool found = path_is_regular_file(check);
		free(check);
		free(joined);
		free(data);
		free(bin);
		if (found)
			return candidate;
		free(candidate);
	}
	return build_default && build_default[0] ? alloc_strdup(build_default) : NULL;
}
