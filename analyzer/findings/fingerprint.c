/* SPDX-License-Identifier: Apache-2.0 */
/* Fingerprints (fingerprint.h). */
#include "findings/fingerprint.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/hash.h"
#include "base/lines.h"
#include "base/path.h"
#include "base/strbuf.h"
#include "base/strvec.h"
#include "findings/finding.h"
#include "rules/rules.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

static void add_normalized(struct strbuf *sb, const char *text, size_t len)
{
	bool space = false;
	for (size_t i = 0; i < len; i++) {
		if (blank(text[i]) || text[i] == '\r' || text[i] == '\n') {
			space = true;
			continue;
		}
		if (space && sb->len && sb->buf[sb->len - 1] != '\x1f')
			strbuf_addc(sb, ' ');
		space = false;
		strbuf_addc(sb, text[i]);
	}
}

/* The nearest directory at or above `dir` holding an entry `name`, or NULL. */
static char *nearest_holding(const char *dir, const char *name)
{
	char *at = alloc_strdup(dir);
	for (;;) {
		char *probe = path_join(at, name);
		bool found = access(probe, F_OK) == 0;
		free(probe);
		if (found)
			return at;
		char *up = path_dirname(at);
		if (!strcmp(up, at)) {
			free(up);
			free(at);
			return NULL;
		}
		free(at);
		at = up;
	}
}

char *fingerprint_root(const char *file, const char *cwd)
{
	char *abs = path_absolute(file, cwd);
	char *dir = path_dirname(abs);
	/* ".git" is a directory in a clone, a file in a worktree or submodule. */
	char *root = nearest_holding(dir, ".git");
	if (!root)
		root = nearest_holding(dir, ".entrycheck.json");
	free(dir);
	free(abs);
	return root ? root : alloc_strdup(cwd);
}

void fingerprints_with(const struct findings *findings, struct line_cache *s, const char *cwd,
			      struct strvec *out)
{
	size_t n = findings->len;
	char **keys = alloc_zeroed(n + 1, sizeof(*keys));
	unsigned long long *hashes = alloc_zeroed(n + 1, sizeof(*hashes));
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = &findings->items[i];
		struct strbuf key = STRBUF_INIT;
		char *abs = path_absolute(f->file, cwd);
		char *root = fingerprint_root(abs, cwd);
		char *rel = path_relative_to(abs, root);
		free(root);
		free(abs);
		strbuf_addf(&key, "%s\x1f%s\x1f%s\x1f", f->rule->id, rel, f->function ? f->function : "");
		size_t len = 0;
		const char *text = line_cache_line(s, f->file, f->line, &len);
		if (text)
			add_normalized(&key, text, len);
		keys[i] = strbuf_detach(&key);
		hashes[i] = hash_bytes(keys[i], strlen(keys[i]), 0);
		free(rel);
	}
	for (size_t i = 0; i < n; i++) {
		size_t occurrence = 0;
		for (size_t j = 0; j < i; j++)
			occurrence += hashes[j] == hashes[i] && !strcmp(keys[j], keys[i]);
		char *key = alloc_printf("%s\x1f%zu", keys[i], occurrence);
		strvec_pushf(out, "%016llx", hash_bytes(key, strlen(key), 0));
		free(key);
	}
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	free(hashes);
}

void findings_fingerprints(const struct findings *findings, struct strvec *out)
{
	struct line_cache s = { 0 };
	char *cwd = path_current_directory();
	fingerprints_with(findings, &s, cwd, out);
	free(cwd);
	line_cache_release(&s);
}
