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

static char fuzz_dir[64];

/* The scratch directory goes when the fuzzer exits (the harnesses write
 * the few names below, nothing else). */
static void fuzz_cleanup(void)
{
	static const char *const names[] = { "rules.json", ".entrycheck.json", "baseline.json",
					     "compile_commands.json", "driver.c" };
	char path[256];
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", fuzz_dir, names[i]);
		unlink(path);
	}
	rmdir(fuzz_dir);
}

/* Writes `data` to NAME inside a per-process scratch directory; returns its path. */
static const char *fuzz_write(const char *name, const uint8_t *data, size_t len)
{
	static char path[256];
	if (!fuzz_dir[0]) {
		snprintf(fuzz_dir, sizeof(fuzz_dir), "/tmp/entrycheck-fuzz-%ld", (long)getpid());
		if (mkdir(fuzz_dir, 0700) != 0 && access(fuzz_dir, W_OK) != 0)
			abort();
		atexit(fuzz_cleanup);
	}
	snprintf(path, sizeof(path), "%s/%s", fuzz_dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0)
		abort();
	return path;
}

#endif
