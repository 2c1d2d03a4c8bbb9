/* SPDX-License-Identifier: Apache-2.0 */
/* An entry is one file, "eval-KEY", where KEY hashes the tool (its
 * executable's bytes), the rule set as loaded (each rule's JSON, level,
 * models, which --select and --ignore clear, and the configuration's pairs), the evaluation options, the directory paths
 * are shown relative to, and the DriverEntry (its file, place, models and
 * what was assumed for it). It holds the reads the evaluation made (each
 * with the answer it got), the findings and the notes. The entry is sealed
 * with the cache's key (base/cacheseal.h): one torn, corrupt, edited or not
 * made by a run holding the key is a miss, counted as rejected.
 *
 * Evaluations a budget cut short are not kept: the time budget depends on
 * the machine. */
#include "run/evalcache.h"

#include <stdlib.h>
#include <string.h>
#include <utime.h>

#include <cjson/cJSON.h>

#include "base/alloc.h"
#include "base/bytes.h"
#include "base/cachedir.h"
#include "base/hash.h"
#include "base/path.h"
#include "base/strbuf.h"
#include "findings/store.h"

#define EVAL_FORMAT 2                      /* bump when an entry's layout changes */
#define EVAL_CACHE_MAX_BYTES (256ULL * 1024 * 1024)
#define ENTRY_MAX_BYTES (64u * 1024 * 1024)
#define MAGIC "entrycheck-eval\n"

struct evalcache {
	struct cache_dir *dir;
	const struct rule_set *rules;
	unsigned long long base;           /* the run's part of every key */
	bool stored;                       /* set by any worker (atomically) */
	unsigned rejected;                 /* entries whose MAC did not hold (atomically) */
};

static unsigned long long hash_json(const cJSON *json, unsigned long long h)
{
	char *text = json ? cJSON_PrintUnformatted(json) : NULL;
	h = hash_string(text, h);
	cJSON_free(text);
	return h;
}

static unsigned long long rules_hash(const struct rule_set *rules, unsigned long long h)
{
	h = hash_bytes(&rules->len, sizeof(rules->len), h);
	for (size_t i = 0; i < rules->len; i++) {
		const struct rule *r = &rules->items[i];
		h = hash_string(r->id, h);
		h = hash_bytes(&r->level, sizeof(r->level), h);
		h = hash_bytes(&r->models, sizeof(r->models), h); /* 0: not selected */
		h = hash_json(r->json, h);
	}
	h = hash_json(rules->extras.cleanup_pairs, h);
	return h;
}

struct evalcache *evalcache_open(const char *requested_dir, const struct rule_set *rules,
				 const struct eval_options *opts)
{
	unsigned long long tool = cache_tool_hash();
	if (!tool)
		return NULL;
	struct cache_dir *dir = cache_dir_open(requested_dir, "evals");
	if (!dir)
		return NULL;
	struct evalcache *c = alloc_zeroed(1, sizeof(*c));
	c->dir = dir;
	c->rules = rules;
	unsigned format = EVAL_FORMAT;
	unsigned long long h = hash_bytes(&format, sizeof(format), 0);
	h = hash_bytes(&tool, sizeof(tool), h);
	h = rules_hash(rules, h);
	unsigned numbers[3] = { opts->max_depth, opts->max_states, opts->visits_per_block };
	bool flags[2] = { opts->strict, opts->verbose };
	h = hash_bytes(numbers, sizeof(numbers), h);
	h = hash_bytes(flags, sizeof(flags), h);
	h = hash_bytes(&opts->max_seconds, sizeof(opts->max_seconds), h);
	char *cwd = path_current_directory(); /* notes show paths relative to it */
	c->base = hash_string(cwd, h);
	free(cwd);
	return c;
}

unsigned evalcache_rejected(const struct evalcache *c)
{
	return c ? __atomic_load_n(&c->rejected, __ATOMIC_RELAXED) : 0;
}

void evalcache_close(struct evalcache *c)
{
	if (!c)
		return;
	if (c->stored)
		cache_dir_trim(c->dir->path, "eval-", EVAL_CACHE_MAX_BYTES);
	cache_dir_free(c->dir);
	free(c);
}

static unsigned long long entry_key(const struct evalcache *c, const struct entry_point *e)
{
	unsigned long long h = hash_string(e->path, c->base);
	h = hash_string(e->file, h);
	h = hash_string(e->function, h);
	unsigned place[2] = { e->line, e->column };
	h = hash_bytes(place, sizeof(place), h);
	h = hash_bytes(&e->index, sizeof(e->index), h);
	h = hash_bytes(&e->models, sizeof(e->models), h);
	h = hash_string(e->models_from, h);
	bool flags[2] = { e->analyzable, e->unformed };
	h = hash_bytes(flags, sizeof(flags), h);
	h = hash_bytes(&e->assumed.len, sizeof(e->assumed.len), h);
	for (size_t i = 0; i < e->assumed.len; i++)
		h = hash_string(e->assumed.items[i], h);
	return h;
}

static char *entry_path(const struct evalcache *c, unsigned long long key)
{
	return alloc_printf("%s/eval-%016llx", c->dir->path, key);
}

/* What follows an entry's MAC: its key, which must be `key`, its reads,
 * which must hold for `prog` (without `prog`, they are only read), its
 * findings and notes, and nothing more. */
static bool decode_body(struct bytes_in *in, unsigned long long key, const struct program *prog,
			const struct strindex *global_reads, const struct rule_set *rules, struct findings *found,
			struct problems *said)
{
	struct program_reads reads = { 0 };
	bool hold = bytes_num(in) == key;
	if (hold)
		reads_read(in, &reads);
	hold = hold && !in->failed && (!prog || reads_hold(prog, global_reads, &reads));
	reads_release(&reads);
	if (!hold)
		return false;
	findings_read(in, rules, found);
	problems_read(in, said);
	return !in->failed && in->p == in->end;
}

int evalcache_decode(const unsigned char *data, size_t len, const struct rule_set *rules, struct findings *found,
		     struct problems *notes)
{
	struct bytes_in in = { data, data + len, false };
	struct bytes_in peek = in;
	unsigned long long key = bytes_num(&peek);
	return decode_body(&in, key, NULL, NULL, rules, found, notes) ? 0 : -1;
}

bool evalcache_load(struct evalcache *c, const struct program *prog, const struct strindex *global_reads,
		    const struct entry_point *entry, struct findings *out, struct problems *notes)
{
	unsigned long long key = entry_key(c, entry);
	char *path = entry_path(c, key);
	size_t len = 0;
	char *data = cache_read_file(path, ENTRY_MAX_BYTES, &len);
	bool hit = false;
	struct findings found = { 0 };
	struct problems said = { 0 };
	size_t body_len = 0;
	const unsigned char *body = cache_unseal(c->dir->key, MAGIC, key, data, len, &body_len);
	if (body) {
		struct bytes_in in = { body, body + body_len, false };
		hit = decode_body(&in, key, prog, global_reads, c->rules, &found, &said);
	} else if (data) {
		__atomic_add_fetch(&c->rejected, 1, __ATOMIC_RELAXED);
	}
	free(data);
	if (hit) {
		utime(path, NULL); /* recently used: trimmed last */
		findings_append(out, &found);
		problems_move(notes, &said);
	}
	findings_release(&found);
	problems_clear(&said);
	free(path);
	return hit;
}

void evalcache_store(struct evalcache *c, const struct entry_point *entry, const struct program_reads *reads,
		     const struct findings *found, const struct problems *notes)
{
	if (reads->unkept)
		return;
	unsigned long long key = entry_key(c, entry);
	struct strbuf body = STRBUF_INIT;
	bytes_put_num(&body, key);
	reads_write(&body, reads);
	findings_write(&body, found);
	problems_write(&body, notes);
	struct strbuf all = STRBUF_INIT;
	cache_seal(c->dir->key, MAGIC, key, body.buf, body.len, &all);
	strbuf_release(&body);
	char *path = entry_path(c, key);
	if (cache_write_entry(path, all.buf, all.len))
		__atomic_store_n(&c->stored, true, __ATOMIC_RELAXED);
	free(path);
	strbuf_release(&all);
}
