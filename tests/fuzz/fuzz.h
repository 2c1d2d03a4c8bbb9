/* Shared by the libFuzzer harnesses: the loaders under test read files, so
 * each input is written to a scratch file first (one per process). */
#ifndef ENTRYCHECK_FUZZ_H
#define ENTRYCHECK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Writes `data` to NAME inside a per-process scratch directory; returns its path. */
static const char *fuzz_write(const char *name, const uint8_t *data, size_t len)
{
	static char dir[64], path[256];
	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/entrycheck-fuzz-%ld", (long)getpid());
		if (mkdir(dir, 0700) != 0 && access(dir, W_OK) != 0)
			abort();
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0)
		abort();
	return path;
}

#endif
