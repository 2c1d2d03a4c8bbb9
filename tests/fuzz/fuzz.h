/* SPDX-License-Identifier: Apache-2.0 */
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
					     "compile_commands.json", "driver.c", "drv.vcxproj", "sources",
					     "a.props", "Directory.Build.props", "sub/b.props", "l1", "l2",
					     "inc/h0.h", "inc/d1/h1.h", "inc/d2/h2.h", "inc/l1" };
	static const char *const dirs[] = { "sub", "inc/d1", "inc/d2", "inc" };
	char path[256];
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", fuzz_dir, names[i]);
		unlink(path);
	}
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", fuzz_dir, dirs[i]);
		rmdir(path);
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

/* Splits `data` at NUL bytes into at most `max` parts (each a copy, with its
 * terminator); returns how many. The caller frees them. */
static size_t fuzz_split(const uint8_t *data, size_t len, char **parts, size_t max)
{
	size_t n = 0, start = 0;
	for (size_t i = 0; i <= len && n < max; i++) {
		if (i < len && data[i] != 0)
			continue;
		char *p = malloc(i - start + 1);
		if (!p)
			abort();
		memcpy(p, data + start, i - start);
		p[i - start] = 0;
		parts[n++] = p;
		start = i + 1;
	}
	return n;
}

/* Writes the text `text` to NAME in the scratch directory (made by fuzz_write). */
static const char *fuzz_write_text(const char *name, const char *text)
{
	return fuzz_write(name, (const uint8_t *)text, strlen(text));
}

#endif
