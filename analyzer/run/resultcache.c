/* SPDX-License-Identifier: Apache-2.0 */
/* An entry is one file, "unit-KEY", where KEY hashes the tool (its
 * executable's bytes: a rebuilt entrycheck may build other facts), libclang
 * and the header model, the flags and the input's own text. It lists the
 * other files the parse read with a hash of each, checked at every lookup,
 * the paths each include searched before the file it found (front/unitdeps.h:
 * a file appearing there, beside the includer or in an earlier -I folder,
 * would be read instead) with their hash, 0 while nothing is there,
 * and for each include the parse found missing, the signature of the files
 * of that name in the analyzed trees (a stub may have been made from one; one
 * added later must be seen). Then the file's problems and facts. The entry is
 * sealed with the cache's key (base/cacheseal.h): an entry torn, corrupt,
 * edited or not made by a run holding the key is a miss, counted as rejected.
 *
 * Known limit: the includes written in the header model's, the kit's and the
 * toolchain's headers are not searched again (those are stamped whole). */
#include "run/resultcache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include "base/alloc.h"
#include "base/bytes.h"
#include "base/cachedir.h"
#include "base/hash.h"
#include "base/locate.h"
#include "base/map.h"
#include "base/path.h"
#include "base/strbuf.h"
#include "base/strvec.h"
#include "config.h"
#include "facts/store.h"
#include "front/pchcache.h"

#define RESULT_FORMAT 24                    /* bump when an entry's layout changes */
#define RESULT_CACHE_MAX_BYTES (512ULL * 1024 * 1024)
#define ENTRY_MAX_BYTES (256u * 1024 * 1024)
#define MAGIC "entrycheck-unit\n"

struct resultcache {
	struct cache_dir *dir;
	unsigned long long base;           /* the run's part of every key */
	struct frontend *fe;
	pthread_mutex_t lock;              /* guards what follows */
	struct strindex known;             /* files hashed in this run, by path */
	unsigned long long *hashes;
	size_t cap;
	bool stored;
	unsigned rejected;                 /* entries whose MAC did not hold */
};

static unsigned long long hash_strvec(const struct strvec *v, unsigned long long h)
{
	h = hash_bytes(&v->len, sizeof(v->len), h);
	for (size_t i = 0; i < v->len; i++)
		h = hash_string(v->items[i], h);
	return h;
}

/* A file's content hash, 0 when it cannot be read; once per run and path. */
static unsigned long long file_hash(struct resultcache *c, const char *path)
{
	pthread_mutex_lock(&c->lock);
	int k = strindex_find(&c->known, path);
	unsigned long long h = k >= 0 ? c->hashes[k] : 0;
	pthread_mutex_unlock(&c->lock);
	if (k >= 0)
		return h;
	size_t len = 0;
	char *text = cache_read_file(path, ENTRY_MAX_BYTES, &len);
	h = text ? hash_content(text, len) | 1 : 0;
	free(text);
	pthread_mutex_lock(&c->lock);
	k = strindex_add(&c->known, path);
	GROW(c->hashes, c->cap, (size_t)k + 1);
	c->hashes[k] = h;
	pthread_mutex_unlock(&c->lock);
	return h;
}

struct resultcache *resultcache_open(const struct resultcache_options *opts)
{
	unsigned long long tool = cache_tool_hash();
	if (!tool)
		return NULL;
	struct cache_dir *dir = cache_dir_open(opts->requested_dir, "results");
	if (!dir)
		return NULL;
	struct resultcache *c = alloc_zeroed(1, sizeof(*c));
	c->dir = dir;
	c->fe = opts->fe;
	pthread_mutex_init(&c->lock, NULL);
	const struct header_model *m = opts->model;
	char *libclang = frontend_libclang_version();
	unsigned long long h = pch_cache_stamp(m->model_dir, m->mingw_dir, m->resource_dir, libclang,
					       ENTRYCHECK_VERSION);
	free(libclang);
	unsigned format = RESULT_FORMAT;
	h = hash_bytes(&format, sizeof(format), h);
	h = hash_bytes(&tool, sizeof(tool), h);
	h = hash_string(m->wdk_dir, h);
	h = hash_string(m->platform, h);
	h = hash_strvec(opts->run_args, h);
	static const struct strvec none = STRVEC_INIT;
	h = hash_strvec(opts->entry_names ? opts->entry_names : &none, h);
	bool flags[2] = { opts->verbose, opts->use_pch };
	h = hash_bytes(flags, sizeof(flags), h);
	char *cwd = path_current_directory(); /* problems show paths relative to it */
	c->base = hash_string(cwd, h);
	free(cwd);
	return c;
}

unsigned resultcache_rejected(struct resultcache *c)
{
	if (!c)
		return 0;
	pthread_mutex_lock(&c->lock);
	unsigned n = c->rejected;
	pthread_mutex_unlock(&c->lock);
	return n;
}

void resultcache_close(struct resultcache *c)
{
	if (!c)
		return;
	if (c->stored)
		cache_dir_trim(c->dir->path, "unit-", RESULT_CACHE_MAX_BYTES);
	cache_dir_free(c->dir);
	strindex_clear(&c->known);
	free(c->hashes);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* Everything of the input itself that shapes its results. */
static bool input_key(struct resultcache *c, const struct input *in, unsigned long long *key)
{
	unsigned long long text = file_hash(c, in->path);
	if (!text)
		return false;
	unsigned long long h = hash_bytes(&text, sizeof(text), c->base);
	h = hash_string(in->path, h);
	h = hash_string(in->display, h);
	h = hash_strvec(&in->args, h);
	h = hash_bytes(&in->cplusplus, sizeof(in->cplusplus), h);
	h = hash_string(in->facts.driver_type, h);
	h = hash_string(in->facts.configuration_type, h);
	h = hash_string(in->facts.entry_point, h); /* an entry point besides the configured ones */
	/* A .tmh stub defines the trace functions of the project's scan file. */
	h = hash_string(in->facts.wpp_funcs, h);
	h = hash_string(in->facts.wpp_trace_function, h);
	if (in->facts.wpp_scan) {
		unsigned long long scan = file_hash(c, in->facts.wpp_scan);
		h = hash_bytes(&scan, sizeof(scan), hash_string(in->facts.wpp_scan, h));
	}
	/* A stub for a header mc.exe generates is written from the project's manifest. */
	h = hash_strvec(&in->facts.etw_headers, h);
	for (size_t i = 0; i < in->facts.etw_manifests.len; i++) {
		unsigned long long manifest = file_hash(c, in->facts.etw_manifests.items[i]);
		h = hash_bytes(&manifest, sizeof(manifest), hash_string(in->facts.etw_manifests.items[i], h));
	}
	*key = h;
	return true;
}

static char *entry_path(const struct resultcache *c, unsigned long long key)
{
	return alloc_printf("%s/unit-%016llx", c->dir->path, key);
}

/* The dependencies an entry lists still hash as they did (without `c`, they
 * are only read past). */
static bool paths_hold(struct resultcache *c, struct bytes_in *in)
{
	size_t n = bytes_count(in);
	for (size_t i = 0; i < n && !in->failed; i++) {
		char *path = bytes_str(in);
		unsigned long long want = bytes_num(in);
		bool same = path && (!c || file_hash(c, path) == want);
		free(path);
		if (!same)
			return false;
	}
	return true;
}

static bool dependencies_hold(struct resultcache *c, struct bytes_in *in, const char *within)
{
	/* The files read, then the misses: paths a file appearing at would be read instead. */
	if (!paths_hold(c, in) || !paths_hold(c, in))
		return false;
	size_t n = bytes_count(in);
	for (size_t i = 0; i < n && !in->failed; i++) {
		char *name = bytes_str(in);
		unsigned long long want = bytes_num(in);
		bool same = name && (!c || frontend_header_signature(c->fe, name, within) == want);
		free(name);
		if (!same)
			return false;
	}
	return !in->failed;
}

/* What follows an entry's MAC: its key, which must be `key`, its
 * dependencies, which must hold, its problems and its facts. */
static bool decode_body(struct resultcache *c, struct bytes_in *in, unsigned long long key,
			const char *within, struct unit_facts *facts, struct problems *problems)
{
	if (bytes_num(in) != key || !dependencies_hold(c, in, within))
		return false;
	problems_read(in, problems);
	unsigned long long h = hash_content(in->p, (size_t)(in->end - in->p)) | 1;
	if (in->failed || unit_facts_read(in, facts) != 0)
		return false;
	facts->facts_hash = h;
	return true;
}

int resultcache_decode(const unsigned char *data, size_t len, struct unit_facts *facts,
		       struct problems *problems)
{
	struct bytes_in in = { data, data + len, false };
	struct bytes_in peek = in;
	unsigned long long key = bytes_num(&peek);
	return decode_body(NULL, &in, key, NULL, facts, problems) ? 0 : -1;
}

bool resultcache_load(struct resultcache *c, const struct input *in, struct result_lookup *look,
		      struct unit_facts *facts, struct problems *problems)
{
	look->keyed = input_key(c, in, &look->key);
	look->within = in->scope;
	if (!look->keyed)
		return false;
	char *path = entry_path(c, look->key);
	size_t len = 0;
	char *data = cache_read_file(path, ENTRY_MAX_BYTES, &len);
	bool hit = false;
	struct problems found = { 0 };
	size_t body_len = 0;
	const unsigned char *body = cache_unseal(c->dir->key, MAGIC, look->key, data, len, &body_len);
	if (body) {
		struct bytes_in bytes = { body, body + body_len, false };
		hit = decode_body(c, &bytes, look->key, look->within, facts, &found);
	} else if (data) {
		pthread_mutex_lock(&c->lock);
		c->rejected++;
		pthread_mutex_unlock(&c->lock);
	}
	free(data);
	if (hit) {
		utime(path, NULL); /* recently used: trimmed last */
		problems_move(problems, &found);
	}
	problems_clear(&found);
	free(path);
	return hit;
}

unsigned long long resultcache_store(struct resultcache *c, const struct result_lookup *look,
				     const struct parsed_unit *unit, const struct unit_facts *facts,
				     const struct problems *problems)
{
	if (!look->keyed || !unit->deps_complete)
		return 0;
	struct strbuf body = STRBUF_INIT;
	bytes_put_num(&body, look->key);
	bytes_put_num(&body, unit->read.len);
	for (size_t i = 0; i < unit->read.len; i++) {
		unsigned long long h = file_hash(c, unit->read.items[i]);
		if (!h) { /* read by the parse, unreadable now: nothing to key on */
			strbuf_release(&body);
			return 0;
		}
		bytes_put_str(&body, unit->read.items[i]);
		bytes_put_num(&body, h);
	}
	bytes_put_num(&body, unit->shadows.len);
	for (size_t i = 0; i < unit->shadows.len; i++) {
		bytes_put_str(&body, unit->shadows.items[i]);
		bytes_put_num(&body, file_hash(c, unit->shadows.items[i])); /* 0: nothing there */
	}
	bytes_put_num(&body, unit->stubbed.len);
	for (size_t i = 0; i < unit->stubbed.len; i++) {
		bytes_put_str(&body, unit->stubbed.items[i]);
		bytes_put_num(&body, frontend_header_signature(c->fe, unit->stubbed.items[i], look->within));
	}
	problems_write(&body, problems);
	size_t facts_at = body.len;
	unit_facts_write(&body, facts);
	unsigned long long facts_hash = hash_content(body.buf + facts_at, body.len - facts_at) | 1;

	struct strbuf all = STRBUF_INIT;
	cache_seal(c->dir->key, MAGIC, look->key, body.buf, body.len, &all);
	strbuf_release(&body);
	char *path = entry_path(c, look->key);
	bool stored = cache_write_entry(path, all.buf, all.len);
	if (stored) {
		pthread_mutex_lock(&c->lock);
		c->stored = true;
		pthread_mutex_unlock(&c->lock);
	}
	free(path);
	strbuf_release(&all);
	return stored ? facts_hash : 0;
}
