/* SPDX-License-Identifier: Apache-2.0 */
/* The run's front end: one libclang index per worker, and the precompiled
 * preludes they share, built once per flag set (or taken from the cache).
 * One unit's parse is front/unitparse.c. */
#include "front/frontend.h"
#include "base/alloc.h"
#include "base/hash.h"
#include "front/frontend_parts.h"
#include "front/pchcache.h"
#include "front/preludeflags.h"
#include "config.h"
#include "front/cursor.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "front/headers.h"
#include "base/problems.h"
#include "front/macros.h"

struct pch_entry {
	unsigned long long key;
	char *path;   /* NULL when building it failed: parse without */
	bool unreadable; /* libclang could not read it back: parse without */
	bool from_cache; /* made by an earlier run: rebuilt once when unreadable */
	bool building;   /* a worker is making it; the others wait on `built` */
};

double frontend_now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct frontend *frontend_new(struct header_model *model, const struct frontend_options *opts)
{
	struct frontend *fe = alloc_zeroed(1, sizeof(*fe));
	/* excludeDeclarationsFromPCH=1: walking a unit must not deserialize the whole
	 * precompiled model; displayDiagnostics=0: we report them ourselves. */
	fe->workers = opts->workers ? opts->workers : 1;
	fe->indexes = alloc_zeroed(fe->workers, sizeof(*fe->indexes));
	for (unsigned i = 0; i < fe->workers; i++)
		fe->indexes[i] = clang_createIndex(1, 0);
	pthread_mutex_init(&fe->lock, NULL);
	pthread_cond_init(&fe->built, NULL);
	fe->model = model;
	fe->use_pch = opts->use_pch;
	fe->keep_deps = !opts->no_cache;
	if (opts->args)
		strvec_push_all(&fe->args, opts->args);
	if (opts->roots)
		strvec_push_all(&fe->roots, opts->roots);
	if (fe->use_pch && !opts->no_cache && !model->wdk_dir) {
		fe->cache = pch_cache_open(opts->cache_dir);
		if (fe->cache) {
			char *libclang = frontend_libclang_version();
			fe->cache_stamp = pch_cache_stamp(model->model_dir, model->mingw_dir, model->resource_dir,
							  libclang, ENTRYCHECK_VERSION);
			free(libclang);
		}
	}
	return fe;
}

const char *frontend_cache_dir(const struct frontend *fe)
{
	return fe->cache ? fe->cache->path : NULL;
}

unsigned frontend_pch_rejected(struct frontend *fe)
{
	pthread_mutex_lock(&fe->lock);
	unsigned n = fe->pch_rejected;
	pthread_mutex_unlock(&fe->lock);
	return n;
}

unsigned frontend_pch_cached(struct frontend *fe)
{
	pthread_mutex_lock(&fe->lock);
	unsigned n = fe->pch_cached;
	pthread_mutex_unlock(&fe->lock);
	return n;
}

void frontend_free(struct frontend *fe)
{
	if (!fe)
		return;
	for (size_t i = 0; i < fe->npchs; i++)
		free(fe->pchs[i].path);
	free(fe->pchs);
	cache_dir_free(fe->cache);
	strvec_clear(&fe->args);
	strvec_clear(&fe->roots);
	header_index_free(fe->headers);
	for (size_t f = 0; f < sizeof(fe->names) / sizeof(*fe->names); f++)
		prelude_names_release(&fe->names[f]);
	for (unsigned i = 0; i < fe->workers; i++)
		clang_disposeIndex(fe->indexes[i]);
	free(fe->indexes);
	pthread_cond_destroy(&fe->built);
	pthread_mutex_destroy(&fe->lock);
	free(fe);
}

double frontend_pch_seconds(struct frontend *fe)
{
	pthread_mutex_lock(&fe->lock);
	double seconds = fe->pch_seconds;
	pthread_mutex_unlock(&fe->lock);
	return seconds;
}

const char *frontend_error_text(enum CXErrorCode code)
{
	switch (code) {
	case CXError_Success: return "success";
	case CXError_Failure: return "libclang failed to parse it";
	case CXError_Crashed: return "libclang crashed while parsing it";
	case CXError_InvalidArguments: return "libclang rejected the parse arguments";
	case CXError_ASTReadError: return "libclang could not read a precompiled header";
	}
	return "libclang failed to parse it";
}

static unsigned long long args_key(const struct strvec *args, const char *extra)
{
	unsigned long long h = hash_bytes(extra, strlen(extra), 0);
	for (size_t i = 0; i < args->len; i++)
		h = hash_bytes(args->items[i], strlen(args->items[i]) + 1, h);
	return h;
}

/* Whether libclang reads a cached prelude back with these flags: a file left
 * by another clang or a killed disk write must cost a rebuild, not the run's
 * parses (some libclang versions then parse on with errors instead of failing). */
static bool pch_readable(CXIndex index, const struct strvec *args, const char *pch)
{
	struct strvec check = STRVEC_INIT;
	strvec_push_all(&check, args);
	strvec_push(&check, "-include-pch");
	strvec_push(&check, pch);
	struct CXUnsavedFile empty = { "entrycheck-pch-check.c", "", 0 };
	CXTranslationUnit tu = NULL;
	enum CXErrorCode rc = clang_parseTranslationUnit2(index, empty.Filename, (const char *const *)check.items,
							  (int)check.len, &empty, 1, CXTranslationUnit_Incomplete, &tu);
	bool ok = rc == CXError_Success && tu;
	for (unsigned i = 0, n = ok ? clang_getNumDiagnostics(tu) : 0; i < n && ok; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		ok = clang_getDiagnosticSeverity(d) < CXDiagnostic_Error;
		clang_disposeDiagnostic(d);
	}
	if (tu)
		macros_dispose_unit(tu);
	strvec_clear(&check);
	return ok;
}

/* Precompiles the prelude (or takes it from the cache) for these flags;
 * its path, or NULL when it failed to build (then files parse without).
 * Runs without the lock: only the entry marked building is ours. */
static char *prelude_build(struct frontend *fe, CXIndex index, const struct strvec *args, const char *prelude,
			   unsigned long long key, const char *for_file, struct problems *problems,
			   bool *from_cache)
{
	*from_cache = false;
	unsigned long long cache_key = hash_bytes(&key, sizeof(key), fe->cache_stamp);
	unsigned rejected = 0;
	char *cached = fe->cache ? pch_cache_find(fe->cache, cache_key, &rejected) : NULL;
	if (rejected) {
		pthread_mutex_lock(&fe->lock);
		fe->pch_rejected += rejected;
		pthread_mutex_unlock(&fe->lock);
	}
	if (cached && !pch_readable(index, args, cached)) {
		pch_cache_forget(fe->cache, cached);
		free(cached);
		cached = NULL;
	}
	if (cached) {
		*from_cache = true;
		return cached;
	}

	struct strvec pch_args = STRVEC_INIT;
	for (size_t i = 0; i < args->len; i++) {
		const char *a = args->items[i];
		/* The prelude is a header: -x c becomes -x c-header. */
		if (i > 0 && !strcmp(args->items[i - 1], "-x"))
			strvec_pushf(&pch_args, "%s-header", a);
		else
			strvec_push(&pch_args, a);
	}
	char *path = fe->cache ? pch_cache_temp(fe->cache, cache_key)
				   : alloc_printf("%s/prelude-%016llx.pch", fe->model->work_dir, key);
	CXTranslationUnit tu = NULL;
	enum CXErrorCode rc = clang_parseTranslationUnit2(
		index, prelude, (const char *const *)pch_args.items, (int)pch_args.len, NULL, 0,
		CXTranslationUnit_ForSerialization | CXTranslationUnit_Incomplete, &tu);
	bool ok = rc == CXError_Success && tu;
	char *why = ok ? NULL : alloc_strdup(frontend_error_text(rc));
	if (ok) {
		for (unsigned i = 0, n = clang_getNumDiagnostics(tu); i < n && ok; i++) {
			CXDiagnostic d = clang_getDiagnostic(tu, i);
			if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
				ok = false;
				why = header_model_shown(fe->model, cxstring_take(clang_formatDiagnostic(
								    d, CXDiagnostic_DisplaySourceLocation |
									       CXDiagnostic_DisplayColumn)));
			}
			clang_disposeDiagnostic(d);
		}
		if (ok && clang_saveTranslationUnit(tu, path, clang_defaultSaveOptions(tu)) != CXSaveError_None) {
			ok = false;
			why = alloc_strdup("cannot save it");
		}
	}
	if (tu)
		macros_dispose_unit(tu);
	if (ok && fe->cache) {
		char *stored = pch_cache_store(fe->cache, cache_key, path);
		free(path);
		path = stored;
		if (!path) {
			ok = false;
			why = alloc_printf("cannot move it into the cache %s: %s", fe->cache->path, strerror(errno));
		}
	} else if (!ok && fe->cache) {
		unlink(path);
	}
	if (!ok) {
		problems_add(problems, PROBLEM_WARNING, for_file, 0, 0,
			     "cannot precompile the header model's prelude with this file's flags (%s); "
			     "it is parsed without it (slower)", why);
		free(path);
		path = NULL;
	}
	free(why);
	strvec_clear(&pch_args);
	return path;
}

/* The usable entry for `key` (a cached prelude found unreadable is built
 * again: a later entry), or NULL. Under the lock. */
static struct pch_entry *pch_find(struct frontend *fe, unsigned long long key)
{
	for (size_t i = fe->npchs; i-- > 0;)
		if (fe->pchs[i].key == key && !(fe->pchs[i].unreadable && fe->pchs[i].from_cache))
			return &fe->pchs[i];
	return NULL;
}

/* Returns the precompiled prelude for these flags, building it on first use;
 * NULL when there is none or it failed to build (then files parse without).
 * Each prelude is built once, by the first worker that needs it; a worker
 * that needs the same one waits for it. The path stays valid until
 * frontend_free. */
const char *frontend_prelude_pch(struct frontend *fe, CXIndex index, enum flavour flavour,
				 const struct strvec *args, size_t user_begin, size_t user_end,
				 const char *for_file, struct problems *problems)
{
	char *prelude = header_model_prelude(fe->model, flavour);
	if (!prelude)
		return NULL;
	pthread_mutex_lock(&fe->lock);
	/* Only the flags that can change what the prelude's headers declare:
	 * the file's others come after it, as a file's own. */
	if (!fe->names_read[flavour]) {
		prelude_names_build(fe->model, prelude, &fe->names[flavour]);
		fe->names_read[flavour] = true;
	}
	struct strvec prelude_args = STRVEC_INIT;
	prelude_names_filter(&fe->names[flavour], args, user_begin, user_end, &prelude_args);
	unsigned long long key = args_key(&prelude_args, prelude);
	struct pch_entry *e;
	while ((e = pch_find(fe, key)) && e->building)
		pthread_cond_wait(&fe->built, &fe->lock);
	const char *path = NULL;
	if (e) {
		path = e->unreadable ? NULL : e->path;
	} else {
		GROW(fe->pchs, fe->cap, fe->npchs + 1);
		fe->pchs[fe->npchs++] = (struct pch_entry){ .key = key, .building = true };
		pthread_mutex_unlock(&fe->lock);
		double start = frontend_now_seconds();
		bool from_cache;
		char *made = prelude_build(fe, index, &prelude_args, prelude, key, for_file, problems, &from_cache);
		double seconds = frontend_now_seconds() - start;
		pthread_mutex_lock(&fe->lock);
		for (size_t i = 0; i < fe->npchs; i++) { /* the table may have moved */
			if (fe->pchs[i].key == key && fe->pchs[i].building) {
				fe->pchs[i] = (struct pch_entry){ .key = key, .path = made, .from_cache = from_cache };
				break;
			}
		}
		if (from_cache)
			fe->pch_cached++;
		else
			fe->pch_seconds += seconds;
		path = made;
		pthread_cond_broadcast(&fe->built);
	}
	pthread_mutex_unlock(&fe->lock);
	strvec_clear(&prelude_args);
	free(prelude);
	return path;
}

/* A prelude libclang cannot read back (a cached one from an older clang or
 * header set that the stamp missed): no file parses against it any more,
 * and the cache forgets it. The path stays valid for the workers holding it. */
void frontend_pch_unreadable(struct frontend *fe, const char *path)
{
	pthread_mutex_lock(&fe->lock);
	for (size_t i = 0; i < fe->npchs; i++) {
		/* The entry this parse used (a rebuilt one has the same path, not the same string). */
		if (fe->pchs[i].path == path && !fe->pchs[i].unreadable) {
			fe->pchs[i].unreadable = true;
			pch_cache_forget(fe->cache, path);
		}
	}
	pthread_mutex_unlock(&fe->lock);
}

/* The number of a unit's stub directory, unique in the run. */
unsigned frontend_next_unit(struct frontend *fe)
{
	pthread_mutex_lock(&fe->lock);
	unsigned n = fe->units++;
	pthread_mutex_unlock(&fe->lock);
	return n;
}

unsigned long long frontend_header_signature(struct frontend *fe, const char *name, const char *within)
{
	pthread_mutex_lock(&fe->lock);
	if (!fe->headers)
		fe->headers = header_index_new(&fe->roots);
	unsigned long long sig = header_index_signature(fe->headers, name, within);
	pthread_mutex_unlock(&fe->lock);
	return sig;
}

char *frontend_libclang_version(void)
{
	CXString v = clang_getClangVersion();
	char *text = alloc_strdup(clang_getCString(v));
	clang_disposeString(v);
	return text;
}
