/* SPDX-License-Identifier: Apache-2.0 */
/* A read is keyed by its kind and arguments; the same read gives the same
 * answer within a run, so each is kept once. An answer of 0 means "none"
 * (no definition found); a found one hashes where it was found. */
#include "facts/reads.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/bytes.h"
#include "facts/entry.h"
#include "facts/program.h"
#include "base/alloc.h"
#include "base/hash.h"
#include "base/map.h"
#include "base/strbuf.h"

static _Thread_local struct program_reads *current;

void reads_begin(struct program_reads *r)
{
	current = r;
}

void reads_end(void)
{
	current = NULL;
}

void reads_release(struct program_reads *r)
{
	for (size_t i = 0; i < r->len; i++) {
		free(r->items[i].name);
		free(r->items[i].scope);
		free(r->items[i].from);
	}
	free(r->items);
	u64set_clear(&r->seen);
	memset(r, 0, sizeof(*r));
}

static unsigned long long read_key(enum read_kind kind, const char *name, const char *scope, const char *from)
{
	unsigned k = kind;
	return hash_string(from, hash_string(scope, hash_string(name, hash_bytes(&k, sizeof(k), 0)))) | 1;
}

static void note(enum read_kind kind, const char *name, const char *scope, const char *from,
		 unsigned long long answer)
{
	struct program_reads *r = current;
	if (!u64set_add(&r->seen, read_key(kind, name, scope, from)))
		return;
	GROW(r->items, r->cap, r->len + 1);
	r->items[r->len++] = (struct program_read){ kind, name ? alloc_strdup(name) : NULL, scope ? alloc_strdup(scope) : NULL,
						    from ? alloc_strdup(from) : NULL, answer };
}

/* ---- answers ---- */

static unsigned long long where(const struct program *p, size_t unit, size_t index)
{
	return hash_bytes(&index, sizeof(index), hash_string(p->units[unit].path, 0)) | 1;
}

/* Whether `sub` is the directory `dir` or one under it. */
static bool dir_within(const char *sub, const char *dir)
{
	size_t n = strlen(dir);
	return !strncmp(sub, dir, n) && (sub[n] == '\0' || sub[n] == '/' || (n && dir[n - 1] == '/'));
}

/* Units in `dir` or below (every unit when NULL), in program order, with their facts. */
static unsigned long long units_answer(const struct program *p, const char *dir, bool *unkept)
{
	unsigned long long h = 0x51ed27;
	for (size_t u = 0; u < p->nunits; u++) {
		if (dir && !dir_within(p->units[u].dir, dir))
			continue;
		h = hash_bytes(&p->units[u].facts_hash, sizeof(p->units[u].facts_hash), hash_string(p->units[u].path, h));
		if (!p->units[u].facts_hash && unkept)
			*unkept = true;
	}
	return h | 1;
}

void reads_note_unit(const struct program *p, size_t unit)
{
	if (!current)
		return;
	unsigned long long h = p->units[unit].facts_hash;
	if (!h)
		current->unkept = true;
	note(READ_UNIT, NULL, NULL, p->units[unit].path, h);
}

void reads_note_resolve(const struct program *p, const char *name, const char *scope, size_t from,
			bool found, size_t unit, size_t index)
{
	if (!current)
		return;
	note(READ_RESOLVE, name, scope, p->units[from].path, found ? where(p, unit, index) : 0);
	if (found)
		reads_note_unit(p, unit);
}

void reads_note_global(const struct program *p, const char *name, size_t from, bool found, size_t unit)
{
	if (!current)
		return;
	note(READ_GLOBAL, name, NULL, p->units[from].path, found ? where(p, unit, 0) : 0);
	if (found)
		reads_note_unit(p, unit);
}

void reads_note_dir(const struct program *p, const char *dir)
{
	if (current)
		note(READ_DIR, dir, NULL, NULL, units_answer(p, dir, &current->unkept));
}

void reads_note_all(const struct program *p)
{
	if (current)
		note(READ_ALL, NULL, NULL, NULL, units_answer(p, NULL, &current->unkept));
}

void reads_note_global_read(const char *name, bool read)
{
	if (current)
		note(READ_GLOBAL_READ, name, NULL, NULL, read ? 1 : 2);
}

/* What `p` answers to the read now. */
static unsigned long long answer_now(const struct program *p, const struct strindex *global_reads,
				     const struct program_read *rd)
{
	int from = rd->from ? program_unit_at(p, rd->from) : -1;
	size_t unit, index;
	switch (rd->kind) {
	case READ_UNIT:
		return from >= 0 ? p->units[from].facts_hash : 0;
	case READ_RESOLVE:
		if (from < 0)
			return ~0ULL; /* the calling file is gone: never the answer kept */
		return program_resolve_scoped(p, rd->name, rd->scope, (size_t)from, &unit, &index)
			       ? where(p, unit, index) : 0;
	case READ_GLOBAL:
		if (from < 0)
			return ~0ULL;
		return program_global_home(p, (size_t)from, rd->name, &unit) ? where(p, unit, 0) : 0;
	case READ_DIR:
		return units_answer(p, rd->name, NULL);
	case READ_ALL:
		return units_answer(p, NULL, NULL);
	case READ_GLOBAL_READ:
		return strindex_find(global_reads, rd->name) >= 0 ? 1 : 2;
	}
	return ~0ULL;
}

bool reads_hold(const struct program *p, const struct strindex *global_reads, const struct program_reads *r)
{
	for (size_t i = 0; i < r->len; i++)
		if (answer_now(p, global_reads, &r->items[i]) != r->items[i].answer)
			return false;
	return true;
}

void reads_write(struct strbuf *out, const struct program_reads *r)
{
	bytes_put_num(out, r->len);
	for (size_t i = 0; i < r->len; i++) {
		const struct program_read *rd = &r->items[i];
		bytes_put_num(out, rd->kind);
		bytes_put_str(out, rd->name);
		bytes_put_str(out, rd->scope);
		bytes_put_str(out, rd->from);
		bytes_put_num(out, rd->answer);
	}
}

void reads_read(struct bytes_in *in, struct program_reads *r)
{
	size_t n = bytes_count(in);
	for (size_t i = 0; i < n && !in->failed; i++) {
		unsigned long long kind = bytes_num(in);
		char *name = bytes_str(in), *scope = bytes_str(in), *from = bytes_str(in);
		unsigned long long answer = bytes_num(in);
		if (kind > READ_GLOBAL_READ)
			in->failed = true;
		if (in->failed) {
			free(name);
			free(scope);
			free(from);
			break;
		}
		GROW(r->items, r->cap, r->len + 1);
		r->items[r->len++] = (struct program_read){ (enum read_kind)kind, name, scope, from, answer };
	}
}
