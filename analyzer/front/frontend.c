/* SPDX-License-Identifier: Apache-2.0 */
/* Parsing with libclang. Every translation unit is parsed as Windows x64
 * code in the MSVC dialect; see wdkmodel.c for the flags that select it. */
#include "front/frontend.h"
#include "front/pchcache.h"
#include "front/clashes.h"
#include "front/preludeflags.h"
#include "config.h"
#include "front/cursor.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "front/headers.h"
#include "front/imports.h"
#include "front/stubs.h"
#include "front/unitdeps.h"
#include "project/inputs.h"
#include "front/langstd.h"
#include "front/readcheck.h"
#include "base/problems.h"
#include "base/source.h"
#include "front/macros.h"

#define MAX_STUB_ROUNDS 8
#define MAX_SYNTH_ROUNDS 10
/* A unit's stub directory lies this many levels inside its stub root, so that
 * a stub for "..\..\inc\x.h" lands in the root, where clang looks for it. */
#define STUB_DEPTH 8

struct pch_entry {
	unsigned long long key;
	char *path;   /* NULL when building it failed: parse without */
	bool unreadable; /* libclang could not read it back: parse without */
	bool from_cache; /* made by an earlier run: rebuilt once when unreadable */
	bool building;   /* a worker is making it; the others wait on `built` */
};

/* Shared by the workers of a run: `lock` guards the PCH table, the unit
 * counter and the header index; each worker parses with its own CXIndex.
 * A prelude is built outside the lock, so that workers needing another one,
 * or one already built, go on meanwhile. */
struct frontend {
	CXIndex *indexes;     /* one per worker */
	unsigned workers;
	pthread_mutex_t lock;
	pthread_cond_t built; /* a prelude's entry stopped building */
	struct header_model *model;
	bool use_pch;
	struct strvec args;
	struct pch_entry *pchs;
	size_t npchs, cap;
	unsigned units;       /* numbers the per-unit stub directories */
	double pch_seconds;
	struct cache_dir *cache; /* preludes kept between runs, or NULL */
	unsigned pch_rejected; /* cached preludes whose MAC did not hold */
	bool keep_deps;       /* units list what they depend on: for the result cache (not --no-cache) */
	unsigned long long cache_stamp; /* what every cached prelude depends on besides its flags */
	unsigned pch_cached;  /* preludes taken from the cache */
	struct strvec roots;  /* the analyzed trees, for headers the search path misses */
	struct header_index *headers;  /* built on first need */
	struct prelude_names names[FLAVOUR_USER + 1]; /* per flavour, read on first need */
	bool names_read[FLAVOUR_USER + 1];
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct frontend *frontend_new(struct header_model *model, const struct frontend_options *opts)
{
	struct frontend *fe = xcalloc(1, sizeof(*fe));
	/* excludeDeclarationsFromPCH=1: walking a unit must not deserialize the whole
	 * precompiled model; displayDiagnostics=0: we report them ourselves. */
	fe->workers = opts->workers ? opts->workers : 1;
	fe->indexes = xcalloc(fe->workers, sizeof(*fe->indexes));
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

static const char *parse_error_text(enum CXErrorCode code)
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

static bool under(const char *path, const char *dir)
{
	size_t n = dir ? strlen(dir) : 0;
	return n && !strncmp(path, dir, n) && (path[n] == '/' || dir[n - 1] == '/');
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
				   : xasprintf("%s/prelude-%016llx.pch", fe->model->work_dir, key);
	CXTranslationUnit tu = NULL;
	enum CXErrorCode rc = clang_parseTranslationUnit2(
		index, prelude, (const char *const *)pch_args.items, (int)pch_args.len, NULL, 0,
		CXTranslationUnit_ForSerialization | CXTranslationUnit_Incomplete, &tu);
	bool ok = rc == CXError_Success && tu;
	char *why = ok ? NULL : xstrdup(parse_error_text(rc));
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
			why = xstrdup("cannot save it");
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
			why = xasprintf("cannot move it into the cache %s: %s", fe->cache->path, strerror(errno));
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
static const char *prelude_pch(struct frontend *fe, CXIndex index, enum flavour flavour,
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
		double start = now_seconds();
		bool from_cache;
		char *made = prelude_build(fe, index, &prelude_args, prelude, key, for_file, problems, &from_cache);
		double seconds = now_seconds() - start;
		pthread_mutex_lock(&fe->lock);
		for (size_t i = 0; i < fe->npchs; i++) { /* the table may have moved */
			if (fe->pchs[i].key == key && fe->pchs[i].building) {
				fe->pchs[i] = (struct pch_entry){ key, made, false, from_cache, false };
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

static void diagnostic_location(CXDiagnostic d, char **file, unsigned *line, unsigned *column,
				unsigned *offset)
{
	CXFile f = NULL;
	clang_getExpansionLocation(clang_getDiagnosticLocation(d), &f, line, column, offset);
	*file = f ? cxstring_take(clang_getFileName(f)) : NULL;
}

/* A diagnostic in a file of this run's scratch directory is named by what
 * the file is: its path is temporary and gone when the run ends; one in
 * our own header model "<entrycheck>/...". */
static char *diagnostic_file_shown(char *file, const struct header_model *model)
{
	file = header_model_shown(model, file);
	if (!file || !under(file, model->work_dir))
		return file;
	char *shown = xstrdup(!strcmp(path_basename(file), SYNTH_HEADER)
				      ? "<entrycheck's assumed declarations>"
				      : "<entrycheck's stand-in for a missing header>");
	free(file);
	return shown;
}

static void collect_diagnostics(CXTranslationUnit tu, const char *main_path, const struct header_model *model,
				struct parsed_unit *u)
{
	unsigned n = clang_getNumDiagnostics(tu);
	u->diags = xcalloc(n ? n : 1, sizeof(*u->diags));
	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		struct unit_diagnostic *ud = &u->diags[u->ndiags++];
		ud->severity = clang_getDiagnosticSeverity(d);
		diagnostic_location(d, &ud->file, &ud->line, &ud->column, &ud->offset);
		ud->file = diagnostic_file_shown(ud->file, model);
		ud->in_main_file = ud->file && !strcmp(ud->file, main_path);
		ud->message = cxstring_take(clang_getDiagnosticSpelling(d));
		clang_disposeDiagnostic(d);
	}
}

struct parse_call {
	CXIndex index;
	const struct input *in;
	struct strvec *args;
	struct CXUnsavedFile *unsaved;
	unsigned options;
	const char **pch;
	size_t without_pch;   /* args.len without the PCH flags */
	struct frontend *fe;
};

/* A prelude libclang cannot read back (a cached one from an older clang or
 * header set that the stamp missed): no file parses against it any more,
 * and the cache forgets it. The path stays valid for the workers holding it. */
static void pch_unreadable(struct frontend *fe, const char *path)
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

/* One parse with the current flags; a stale or mismatched PCH must not cost
 * the file, so it falls back to parsing without. */
static enum CXErrorCode parse_once(struct parse_call *c, struct parsed_unit *out)
{
	const struct input *in = c->in;
	struct strvec *args = c->args;
	bool rewritten = out->source.rewritten;
	double start = now_seconds();
	enum CXErrorCode rc = clang_parseTranslationUnit2(
		c->index, in->path, (const char *const *)args->items, (int)args->len,
		rewritten ? c->unsaved : NULL, rewritten ? 1 : 0, c->options, &out->tu);
	if (rc == CXError_ASTReadError && *c->pch) {
		pch_unreadable(c->fe, *c->pch);
		/* Drop "-include-pch PCH", keeping what came after it. */
		free(args->items[c->without_pch]);
		free(args->items[c->without_pch + 1]);
		memmove(args->items + c->without_pch, args->items + c->without_pch + 2,
			(args->len - c->without_pch - 2 + 1) * sizeof(*args->items));
		args->len -= 2;
		*c->pch = NULL;
		rc = clang_parseTranslationUnit2(c->index, in->path, (const char *const *)args->items,
						 (int)args->len, rewritten ? c->unsaved : NULL,
						 rewritten ? 1 : 0, c->options, &out->tu);
	}
	out->seconds += now_seconds() - start; /* every round: stubs, assumed declarations */
	return rc;
}

/* The mode the driver's build file says it is built for, which outweighs the
 * headers a text scan sees (those may sit in a branch for the other mode):
 * every driver type but UMDF is a kernel-mode build. */
static enum flavour build_flavour(const struct driver_facts *facts)
{
	if (facts->driver_type)
		return strcasecmp(facts->driver_type, "UMDF") ? FLAVOUR_KERNEL : FLAVOUR_USER;
	if (facts->configuration_type && !strcasecmp(facts->configuration_type, "Driver"))
		return FLAVOUR_KERNEL;
	return FLAVOUR_NONE;
}

/* The number of a unit's stub directory, unique in the run. */
static unsigned next_unit(struct frontend *fe)
{
	pthread_mutex_lock(&fe->lock);
	unsigned n = fe->units++;
	pthread_mutex_unlock(&fe->lock);
	return n;
}

/* A unit's clang arguments for one flavour, and the prelude they use. */
struct unit_args {
	struct strvec args;
	const char *pch;      /* the precompiled prelude, or NULL */
	size_t without_pch;   /* args.len without the PCH flags */
	bool prelude_header;  /* the prelude is read as a header instead */
};

/* The model's flags for `flavour`, the user's, the model's directories and
 * the stub directory, then the prelude: precompiled, or else read as a
 * header, so that every file of the flavour sees the model's declarations
 * (also one given a flavour its includes do not show). */
static void unit_args_make(struct frontend *fe, CXIndex index, const struct input *in, enum flavour flavour,
			   const struct strvec *user_args, const struct strvec *leading_defines,
			   const char *stub_dir, struct problems *problems, struct unit_args *ua)
{
	struct strvec *args = &ua->args;
	*args = (struct strvec)STRVEC_INIT;
	header_model_base_args(fe->model, in->cplusplus, args);
	header_model_mode_args(fe->model, flavour, args);
	size_t user_begin = args->len;
	strvec_push_all(args, user_args);
	strvec_push_all(args, leading_defines);
	size_t user_end = args->len;
	header_model_include_args(fe->model, flavour, args);
	ua->pch = fe->use_pch ? prelude_pch(fe, index, flavour, args, user_begin, user_end, in->display, problems)
			      : NULL;
	strvec_push(args, "-I");
	strvec_push(args, stub_dir);
	ua->without_pch = args->len;
	/* Without a precompiled prelude (--no-pch, or one that would not
	 * build), the same prelude as text: the file sees the same declarations,
	 * so what is assumed and found does not depend on the cache. */
	char *prelude = !ua->pch ? header_model_prelude(fe->model, flavour) : NULL;
	if (ua->pch) {
		strvec_push(args, "-include-pch");
		strvec_push(args, ua->pch);
	} else if (prelude) {
		strvec_push(args, "-include");
		strvec_push(args, prelude);
	}
	ua->prelude_header = prelude != NULL;
	free(prelude);
}

/* Parses until no missing include is left to stand in for. */
static enum CXErrorCode parse_with_stubs(struct parse_call *call, struct parsed_unit *out, struct stubs *stubs,
					 struct problems *problems)
{
	enum CXErrorCode rc = CXError_Failure;
	for (int round = 0; round < MAX_STUB_ROUNDS; round++) {
		rc = parse_once(call, out);
		if (rc != CXError_Success || !out->tu)
			break;
		if (stubs_from_diagnostics(stubs, out->tu, problems) == 0)
			break;
		macros_dispose_unit(out->tu);
		out->tu = NULL;
	}
	return rc;
}

static unsigned error_count(CXTranslationUnit tu)
{
	unsigned errors = 0;
	for (unsigned i = 0, n = clang_getNumDiagnostics(tu); i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		errors += clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error;
		clang_disposeDiagnostic(d);
	}
	return errors;
}

static enum CXChildVisitResult count_definition(CXCursor c, CXCursor parent, CXClientData data)
{
	(void)parent;
	if (!clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	enum CXCursorKind kind = clang_getCursorKind(c);
	if (kind == CXCursor_Namespace || kind == CXCursor_LinkageSpec)
		return CXChildVisit_Recurse;
	if ((kind == CXCursor_FunctionDecl || kind == CXCursor_CXXMethod) && clang_isCursorDefinition(c))
		++*(unsigned *)data;
	return CXChildVisit_Continue;
}

/* How much of the file a parse kept: the routines it defines, as a parse
 * that lost its declarations swallows whole definitions and reports fewer
 * errors than one that kept them. */
static unsigned definitions_in_file(CXTranslationUnit tu)
{
	unsigned n = 0;
	clang_visitChildren(clang_getTranslationUnitCursor(tu), count_definition, &n);
	return n;
}

int frontend_parse_on(struct frontend *fe, unsigned worker, const struct input *in,
		      struct parsed_unit *out, struct problems *problems)
{
	CXIndex index = fe->indexes[worker < fe->workers ? worker : 0];
	const char *sys_error;
	memset(out, 0, sizeof(*out));
	out->input = in;
	enum source_status st = source_load(in->path, SOURCE_MAX_BYTES, &out->source, &sys_error);
	if (st != SOURCE_OK) {
		problems_add(problems, PROBLEM_ERROR, in->display, 0, 0, "cannot analyze: %s",
			     sys_error ? sys_error : source_status_text(st));
		return -1;
	}
	/* Before every scan of the text, so a header unit's include is seen as one. */
	if (in->cplusplus)
		out->synth.modules_unread = imports_rewrite(&out->source, in->display, problems).named > 0;

	struct strvec user_args = STRVEC_INIT;
	strvec_push_all(&user_args, &in->args);
	strvec_push_all(&user_args, &fe->args);
	/* libclang reads includes unbounded: devices, FIFOs and huge files are refused first. */
	if (readcheck_includes(in->path, in->display, out->source.text, &user_args, SOURCE_MAX_BYTES,
			       problems) != 0) {
		strvec_clear(&user_args);
		parsed_unit_release(out);
		return -1;
	}

	/* Stubs come first: the header scan follows them to the file's real
	 * headers, which decide its flavour (and so its precompiled prelude).
	 * They stand for the driver's own headers: -I keeps them (and what they
	 * pull in) user headers, whose declarations count; only names found
	 * nowhere else get a stub, so nothing real is shadowed. The directory is
	 * made when a stub or an assumed declaration is first written: most files
	 * need neither, and making one for each file was 5% of a run. */
	char *stub_root = xasprintf("%s/stubs/%u", fe->model->work_dir, next_unit(fe));
	struct strbuf deep = STRBUF_INIT;
	strbuf_adds(&deep, stub_root);
	for (int i = 0; i < STUB_DEPTH; i++)
		strbuf_add(&deep, "/_", 2);
	char *stub_dir = strbuf_detach(&deep);
	char *cwd = current_directory();
	char *builtin_dir = path_join(fe->model->resource_dir, "include");
	struct strvec search = STRVEC_INIT;
	strvec_push_all(&search, &user_args);
	strvec_push(&search, "-I");
	strvec_push(&search, stub_dir);
	header_model_include_args(fe->model, FLAVOUR_KERNEL, &search);
	header_model_include_args(fe->model, FLAVOUR_USER, &search);
	struct stubs stubs = { .root = stub_root, .dir = stub_dir, .args = &search, .builtin_dir = builtin_dir,
			       .roots = &fe->roots, .within = in->scope, .index = &fe->headers, .index_lock = &fe->lock,
			       .cwd = cwd, .etw_manifests = &in->facts.etw_manifests,
			       .etw_headers = &in->facts.etw_headers };
	wpp_config_from_project(&stubs.wpp, &in->facts);
	stubs_prescan(&stubs, in->path, out->source.text);
	struct strvec scan_args = STRVEC_INIT;
	strvec_push_all(&scan_args, &user_args);
	strvec_push(&scan_args, "-I");
	strvec_push(&scan_args, stub_dir);
	header_model_scan(in->path, out->source.text, &scan_args, &out->includes);
	strvec_clear(&scan_args);
	enum flavour built = build_flavour(&in->facts);
	if (built != FLAVOUR_NONE)
		out->includes.flavour = built;

	struct unit_args ua;
	unit_args_make(fe, index, in, out->includes.flavour, &user_args, &out->includes.leading_defines, stub_dir,
		       problems, &ua);
	stubs.args = &ua.args;

	struct CXUnsavedFile unsaved = { in->path, out->source.text, (unsigned long)out->source.len };
	unsigned options = CXTranslationUnit_KeepGoing | CXTranslationUnit_DetailedPreprocessingRecord;
	struct parse_call call = { index, in, &ua.args, &unsaved, options, &ua.pch, ua.without_pch, fe };
	enum CXErrorCode rc = parse_with_stubs(&call, out, &stubs, problems);
	/* A file that reaches no Windows header we know but includes one we do
	 * not have (its driver header, which would include the kit's) is read
	 * as kernel code too when the kernel model explains more of it (more
	 * routines kept, else fewer errors): its NTSTATUS and PDRIVER_OBJECT
	 * are the kit's, not types to invent. */
	unsigned errors = rc == CXError_Success && out->tu && out->includes.flavour == FLAVOUR_NONE &&
					  stubs_used_empty(&stubs, out->tu)
				  ? error_count(out->tu)
				  : 0;
	if (errors > 0) {
		struct unit_args kernel;
		unit_args_make(fe, index, in, FLAVOUR_KERNEL, &user_args, &out->includes.leading_defines, stub_dir,
			       problems, &kernel);
		CXTranslationUnit plain = out->tu;
		out->tu = NULL;
		struct parse_call trial = { index, in, &kernel.args, &unsaved, options, &kernel.pch, kernel.without_pch, fe };
		stubs.args = &kernel.args;
		enum CXErrorCode trial_rc = parse_with_stubs(&trial, out, &stubs, problems);
		unsigned kept = definitions_in_file(plain), trial_kept = trial_rc == CXError_Success && out->tu
			? definitions_in_file(out->tu) : 0;
		if (trial_rc == CXError_Success && out->tu &&
		    (trial_kept > kept || (trial_kept == kept && error_count(out->tu) < errors))) {
			macros_dispose_unit(plain);
			struct unit_args swap = ua;
			ua = kernel;
			kernel = swap;
			call.without_pch = ua.without_pch;
			out->includes.flavour = FLAVOUR_KERNEL;
		} else {
			if (out->tu)
				macros_dispose_unit(out->tu);
			out->tu = plain;
		}
		stubs.args = &ua.args;
		strvec_clear(&kernel.args);
	}
	/* A name the driver declares otherwise than the model: the model's
	 * yields, renamed while the prelude is read (clashes.h). */
	struct strvec clashes = STRVEC_INIT, defines = STRVEC_INIT;
	char *restore = path_join(stub_dir, CLASHES_HEADER);
	if (out->tu && clashes_from_diagnostics(out->tu, &clashes) && !make_directories(stub_dir) &&
	    !clashes_write(&clashes, restore)) {
		strvec_push_all(&defines, &out->includes.leading_defines);
		clashes_defines(&clashes, &defines);
		strvec_clear(&ua.args);
		unit_args_make(fe, index, in, out->includes.flavour, &user_args, &defines, stub_dir, problems, &ua);
		strvec_push(&ua.args, "-include");
		strvec_push(&ua.args, restore);
		call.without_pch = ua.without_pch;
		stubs.args = &ua.args;
		macros_dispose_unit(out->tu);
		out->tu = NULL;
		rc = parse_with_stubs(&call, out, &stubs, problems);
	}
	strvec_clear(&clashes);
	strvec_clear(&defines);
	free(restore);
	/* Then names that no header declares: declare them and parse again. */
	out->synth.cplusplus = in->cplusplus;
	char *assumed = path_join(stub_dir, SYNTH_HEADER);
	for (int round = 0; out->tu && round < MAX_SYNTH_ROUNDS; round++) {
		out->synth.prelude = ua.pch || ua.prelude_header;
		if (synth_from_diagnostics(&out->synth, out->tu) == 0 || make_directories(stub_dir) != 0 ||
		    synth_write(&out->synth, assumed))
			break;
		if (round == 0) {
			strvec_push(&ua.args, "-include");
			strvec_push(&ua.args, assumed);
		}
		macros_dispose_unit(out->tu);
		out->tu = NULL;
		rc = parse_once(&call, out);
	}
	free(assumed);
	if (out->tu) {
		stubs_report(&stubs, out->tu, problems);
		if (fe->keep_deps)
			out->deps_complete = unit_deps_collect(out->tu, fe->model, in->path, &ua.args,
							       &out->read, &out->shadows);
	}
	strvec_push_all(&out->stubbed, &stubs.names);
	strvec_push_all(&out->missing, &stubs.missing);
	stubs_release(&stubs);
	strvec_clear(&search);
	free(builtin_dir);
	free(cwd);
	free(stub_dir);
	free(stub_root);
	strvec_clear(&ua.args);
	strvec_clear(&user_args);

	if (rc != CXError_Success || !out->tu) {
		const char *bad_std = langstd_rejected(&fe->args, in->cplusplus);
		if (!bad_std)
			bad_std = langstd_rejected(&in->args, in->cplusplus);
		if (bad_std)
			problems_add(problems, PROBLEM_ERROR, in->display, 0, 0,
				     "cannot analyze: invalid '%s' for a %s file in its flags", bad_std,
				     in->cplusplus ? "C++" : "C");
		else
			problems_add(problems, PROBLEM_ERROR, in->display, 0, 0, "cannot analyze: %s",
				     parse_error_text(rc));
		parsed_unit_release(out);
		return -1;
	}
	out->used_pch = ua.pch != NULL;
	collect_diagnostics(out->tu, in->path, fe->model, out);
	return 0;
}

void parsed_unit_release(struct parsed_unit *u)
{
	if (u->tu)
		macros_dispose_unit(u->tu);
	source_release(&u->source);
	include_scan_release(&u->includes);
	for (size_t i = 0; i < u->ndiags; i++) {
		free(u->diags[i].file);
		free(u->diags[i].message);
	}
	free(u->diags);
	strvec_clear(&u->stubbed);
	strvec_clear(&u->missing);
	strvec_clear(&u->read);
	strvec_clear(&u->shadows);
	synth_release(&u->synth);
	memset(u, 0, sizeof(*u));
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
	char *text = xstrdup(clang_getCString(v));
	clang_disposeString(v);
	return text;
}
