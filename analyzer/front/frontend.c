/* Parsing with libclang. Every translation unit is parsed as Windows x64
 * code in the MSVC dialect; see wdkmodel.c for the flags that select it. */
#include "front/frontend.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "front/headers.h"
#include "front/inputs.h"
#include "base/problems.h"

#define MAX_STUB_ROUNDS 8

struct pch_entry {
	unsigned long long key;
	char *path;   /* NULL when building it failed: parse without */
};

struct frontend {
	CXIndex index;
	struct header_model *model;
	bool use_pch;
	struct strvec args;
	struct pch_entry *pchs;
	size_t npchs, cap;
	unsigned units;       /* numbers the per-unit stub directories */
	double pch_seconds;
	struct strvec roots;  /* the analyzed trees, for headers the search path misses */
	struct header_index *headers;  /* built on first need */
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *take_cxstring(CXString s)
{
	const char *c = clang_getCString(s);
	char *r = xstrdup(c ? c : "");
	clang_disposeString(s);
	return r;
}

struct frontend *frontend_new(struct header_model *model, const struct frontend_options *opts)
{
	struct frontend *fe = xcalloc(1, sizeof(*fe));
	/* excludeDeclarationsFromPCH=1: walking a unit must not deserialize the whole
	 * precompiled model; displayDiagnostics=0: we report them ourselves. */
	fe->index = clang_createIndex(1, 0);
	fe->model = model;
	fe->use_pch = opts->use_pch;
	if (opts->args)
		strvec_push_all(&fe->args, opts->args);
	if (opts->roots)
		strvec_push_all(&fe->roots, opts->roots);
	return fe;
}

void frontend_free(struct frontend *fe)
{
	if (!fe)
		return;
	for (size_t i = 0; i < fe->npchs; i++)
		free(fe->pchs[i].path);
	free(fe->pchs);
	strvec_clear(&fe->args);
	strvec_clear(&fe->roots);
	header_index_free(fe->headers);
	clang_disposeIndex(fe->index);
	free(fe);
}

double frontend_pch_seconds(const struct frontend *fe)
{
	return fe->pch_seconds;
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

/* Returns the precompiled prelude for these flags, building it on first use;
 * NULL when there is none or it failed to build (then files parse without). */
static const char *prelude_pch(struct frontend *fe, enum flavour flavour, const struct strvec *args,
			       struct problems *problems)
{
	char *prelude = header_model_prelude(fe->model, flavour);
	if (!prelude)
		return NULL;
	unsigned long long key = args_key(args, prelude);
	for (size_t i = 0; i < fe->npchs; i++) {
		if (fe->pchs[i].key == key) {
			free(prelude);
			return fe->pchs[i].path;
		}
	}

	double start = now_seconds();
	struct strvec pch_args = STRVEC_INIT;
	for (size_t i = 0; i < args->len; i++) {
		const char *a = args->items[i];
		/* The prelude is a header: -x c becomes -x c-header. */
		if (i > 0 && !strcmp(args->items[i - 1], "-x"))
			strvec_pushf(&pch_args, "%s-header", a);
		else
			strvec_push(&pch_args, a);
	}
	char *path = xasprintf("%s/prelude-%016llx.pch", fe->model->work_dir, key);
	CXTranslationUnit tu = NULL;
	enum CXErrorCode rc = clang_parseTranslationUnit2(
		fe->index, prelude, (const char *const *)pch_args.items, (int)pch_args.len, NULL, 0,
		CXTranslationUnit_ForSerialization | CXTranslationUnit_Incomplete, &tu);
	bool ok = rc == CXError_Success && tu;
	if (ok) {
		unsigned errors = 0;
		for (unsigned i = 0, n = clang_getNumDiagnostics(tu); i < n; i++) {
			CXDiagnostic d = clang_getDiagnostic(tu, i);
			errors += clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error;
			clang_disposeDiagnostic(d);
		}
		ok = errors == 0 &&
		     clang_saveTranslationUnit(tu, path, clang_defaultSaveOptions(tu)) == CXSaveError_None;
	}
	if (tu)
		clang_disposeTranslationUnit(tu);
	if (!ok) {
		problems_add(problems, PROBLEM_WARNING, prelude, 0, 0,
			     "cannot precompile the header model's prelude; files are parsed without it "
			     "(slower)");
		free(path);
		path = NULL;
	}
	GROW(fe->pchs, fe->cap, fe->npchs + 1);
	fe->pchs[fe->npchs].key = key;
	fe->pchs[fe->npchs].path = path;
	fe->npchs++;
	strvec_clear(&pch_args);
	free(prelude);
	fe->pch_seconds += now_seconds() - start;
	return path;
}

/* The name in "'x.tmh' file not found", or NULL. */
static char *missing_include_name(const char *message)
{
	const char *end = strstr(message, "' file not found");
	if (message[0] != '\'' || !end || end <= message + 1)
		return NULL;
	return xstrndup(message + 1, (size_t)(end - message - 1));
}

/* Finds `rel` under `dir` comparing each component without regard to case:
 * Windows trees include "Driver.h" for driver.h. */
static char *find_nocase(const char *dir, const char *rel)
{
	char *current = xstrdup(dir);
	char *copy = xstrdup(rel);
	char *save = NULL;
	for (char *part = strtok_r(copy, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
		DIR *d = opendir(current);
		char *next = NULL;
		if (d) {
			struct dirent *de;
			while ((de = readdir(d)))
				if (!strcasecmp(de->d_name, part)) {
					next = path_join(current, de->d_name);
					break;
				}
			closedir(d);
		}
		free(current);
		current = next;
		if (!current)
			break;
	}
	free(copy);
	if (current && !is_regular_file(current)) {
		free(current);
		current = NULL;
	}
	return current;
}

/* Where a missing include is, found without regard to letter case: beside
 * the includer, then in the user's -I/-iquote directories (*system false:
 * the result is an absolute path), then in the header model's system
 * directories (*system true: the result is the name with its real case,
 * relative to that directory, so the header keeps its system role). */
static char *resolve_nocase(const char *includer, const char *name, const struct strvec *args,
			    bool *system)
{
	char *dir = includer ? path_dirname(includer) : NULL;
	char *found = dir ? find_nocase(dir, name) : NULL;
	free(dir);
	*system = false;
	for (size_t i = 0; !found && i + 1 < args->len; i++)
		if (!strcmp(args->items[i], "-I") || !strcmp(args->items[i], "-iquote"))
			found = find_nocase(args->items[i + 1], name);
	for (size_t i = 0; !found && i + 1 < args->len; i++) {
		if (strcmp(args->items[i], "-isystem"))
			continue;
		const char *sysdir = args->items[i + 1];
		char *abs = find_nocase(sysdir, name);
		if (abs) {
			found = xstrdup(abs + strlen(sysdir) + (abs[strlen(sysdir)] == '/'));
			*system = true;
			free(abs);
		}
	}
	return found;
}

static void diagnostic_location(CXDiagnostic d, char **file, unsigned *line, unsigned *column,
				unsigned *offset)
{
	CXFile f = NULL;
	clang_getExpansionLocation(clang_getDiagnosticLocation(d), &f, line, column, offset);
	*file = f ? take_cxstring(clang_getFileName(f)) : NULL;
}

/* Writes a stub for each include this parse could not find. Returns how
 * many new stubs were written. */
static int write_stubs(struct frontend *fe, CXTranslationUnit tu, const char *stub_dir,
		       const struct strvec *args, const char *cwd, struct parsed_unit *u,
		       struct problems *problems)
{
	int added = 0;
	for (unsigned i = 0, n = clang_getNumDiagnostics(tu); i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		char *message = take_cxstring(clang_getDiagnosticSpelling(d));
		char *name = missing_include_name(message);
		free(message);
		if (!name || strvec_contains(&u->stubbed, name)) {
			free(name);
			clang_disposeDiagnostic(d);
			continue;
		}
		char *includer;
		unsigned line, column, offset;
		diagnostic_location(d, &includer, &line, &column, &offset);
		clang_disposeDiagnostic(d);

		char *normalized = xstrdup(name);
		for (char *q = normalized; *q; q++)
			if (*q == '\\')
				*q = '/';
		char *shown = includer ? path_relative_to(includer, cwd) : NULL;
		/* "..\inc\x.h" from a Windows tree is one file name here: a stub of that
		 * name is safe. A '/' path must stay inside the stub directory. */
		bool single_name = strchr(name, '\\') && !strchr(name, '/');
		if (!single_name && (path_is_absolute(name) || strstr(name, ".."))) {
			problems_add(problems, PROBLEM_NOTE, shown, line, column,
				     "'%s' not found; it cannot be replaced by a stub", name);
			strvec_push(&u->stubbed, name);
			free(normalized);
			free(shown);
			free(includer);
			free(name);
			continue;
		}
		char *stub = path_join(stub_dir, name);
		char *stub_parent = path_dirname(stub);
		bool system;
		char *actual = resolve_nocase(includer, normalized, args, &system);
		char *nearest = NULL;
		enum header_match match = HEADER_NONE;
		if (!actual && !fe->headers && fe->roots.len)
			fe->headers = header_index_new(&fe->roots);
		if (!actual && fe->headers)
			match = header_index_find(fe->headers, normalized, includer, &nearest);
		const char *content;
		char *owned = NULL;
		if (actual && system) {
			problems_add(problems, PROBLEM_NOTE, shown, line, column,
				     "'%s' not found; using <%s>, whose name differs only in case",
				     name, actual);
			content = owned = xasprintf("#include <%s>\n", actual);
		} else if (actual) {
			char *actual_shown = path_relative_to(actual, cwd);
			problems_add(problems, PROBLEM_NOTE, shown, line, column,
				     "'%s' not found; using '%s', whose name differs only in case",
				     name, actual_shown);
			free(actual_shown);
			content = owned = xasprintf("#include \"%s\"\n", actual);
		} else if (str_ends_with_nocase(normalized, ".tmh")) {
			problems_add(problems, PROBLEM_NOTE, shown, line, column,
				     "'%s' not found (WPP generates it in a WDK build); "
				     "using entrycheck's model of the WPP macros", name);
			content = "#include <entrycheck/wpp.h>\n";
		} else if (match == HEADER_FOUND) {
			char *nearest_shown = path_relative_to(nearest, cwd);
			problems_add(problems, PROBLEM_NOTE, shown, line, column,
				     "'%s' not found on the include path; using '%s', the nearest file "
				     "of that name in the analyzed tree", name, nearest_shown);
			free(nearest_shown);
			content = owned = xasprintf("#include \"%s\"\n", nearest);
		} else if (match == HEADER_AMBIGUOUS) {
			problems_add(problems, PROBLEM_NOTE, shown, line, column,
				     "'%s' not found on the include path, and several files of that name "
				     "in the analyzed tree are equally near; treated as empty", name);
			content = "";
		} else {
			problems_add(problems, PROBLEM_NOTE, shown, line, column,
				     "'%s' not found; treated as empty", name);
			content = "";
		}
		free(nearest);
		FILE *f = make_directories(stub_parent) == 0 ? fopen(stub, "w") : NULL;
		if (f) {
			fputs(content, f);
			fclose(f);
			added++;
		}
		strvec_push(&u->stubbed, name);
		free(owned);
		free(actual);
		free(stub_parent);
		free(stub);
		free(normalized);
		free(shown);
		free(includer);
		free(name);
	}
	return added;
}

static void collect_diagnostics(CXTranslationUnit tu, const char *main_path, struct parsed_unit *u)
{
	unsigned n = clang_getNumDiagnostics(tu);
	u->diags = xcalloc(n ? n : 1, sizeof(*u->diags));
	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		struct unit_diagnostic *ud = &u->diags[u->ndiags++];
		ud->severity = clang_getDiagnosticSeverity(d);
		diagnostic_location(d, &ud->file, &ud->line, &ud->column, &ud->offset);
		ud->in_main_file = ud->file && !strcmp(ud->file, main_path);
		ud->message = take_cxstring(clang_getDiagnosticSpelling(d));
		clang_disposeDiagnostic(d);
	}
}

int frontend_parse(struct frontend *fe, const struct input *in, struct parsed_unit *out,
		   struct problems *problems)
{
	const char *sys_error;
	memset(out, 0, sizeof(*out));
	out->input = in;
	enum source_status st = source_load(in->path, SOURCE_MAX_BYTES, &out->source, &sys_error);
	if (st != SOURCE_OK) {
		problems_add(problems, PROBLEM_ERROR, in->display, 0, 0, "cannot analyze: %s",
			     sys_error ? sys_error : source_status_text(st));
		return -1;
	}

	struct strvec user_args = STRVEC_INIT;
	strvec_push_all(&user_args, &in->args);
	strvec_push_all(&user_args, &fe->args);
	header_model_scan(in->path, out->source.text, &user_args, &out->includes);

	struct strvec args = STRVEC_INIT;
	header_model_base_args(fe->model, in->cplusplus, &args);
	strvec_push_all(&args, &user_args);
	strvec_push_all(&args, &out->includes.leading_defines);
	header_model_include_args(fe->model, out->includes.flavour, &args);
	const char *pch = fe->use_pch ? prelude_pch(fe, out->includes.flavour, &args, problems) : NULL;

	char *stub_dir = xasprintf("%s/stubs/%u", fe->model->work_dir, fe->units++);
	make_directories(stub_dir);
	/* Stubs stand for the driver's own headers: -I keeps them (and what they
	 * pull in) user headers, whose declarations count; only names found
	 * nowhere else get a stub, so nothing real is shadowed. */
	strvec_push(&args, "-I");
	strvec_push(&args, stub_dir);
	size_t without_pch = args.len;
	if (pch) {
		strvec_push(&args, "-include-pch");
		strvec_push(&args, pch);
	}

	struct CXUnsavedFile unsaved = { in->path, out->source.text, (unsigned long)out->source.len };
	unsigned options = CXTranslationUnit_KeepGoing | CXTranslationUnit_DetailedPreprocessingRecord;
	char *cwd = current_directory();
	enum CXErrorCode rc = CXError_Failure;
	for (int round = 0; round < MAX_STUB_ROUNDS; round++) {
		double start = now_seconds();
		rc = clang_parseTranslationUnit2(fe->index, in->path, (const char *const *)args.items,
						 (int)args.len, out->source.rewritten ? &unsaved : NULL,
						 out->source.rewritten ? 1 : 0, options, &out->tu);
		if (rc == CXError_ASTReadError && pch) {
			/* A stale or mismatched PCH must not cost the file: parse without. */
			while (args.len > without_pch)
				free(args.items[--args.len]);
			args.items[args.len] = NULL;
			pch = NULL;
			rc = clang_parseTranslationUnit2(fe->index, in->path,
							 (const char *const *)args.items, (int)args.len,
							 out->source.rewritten ? &unsaved : NULL,
							 out->source.rewritten ? 1 : 0, options, &out->tu);
		}
		out->seconds = now_seconds() - start;
		if (rc != CXError_Success || !out->tu)
			break;
		if (write_stubs(fe, out->tu, stub_dir, &args, cwd, out, problems) == 0)
			break;
		clang_disposeTranslationUnit(out->tu);
		out->tu = NULL;
	}
	free(cwd);
	free(stub_dir);
	strvec_clear(&args);
	strvec_clear(&user_args);

	if (rc != CXError_Success || !out->tu) {
		problems_add(problems, PROBLEM_ERROR, in->display, 0, 0, "cannot analyze: %s",
			     parse_error_text(rc));
		parsed_unit_release(out);
		return -1;
	}
	out->used_pch = pch != NULL;
	collect_diagnostics(out->tu, in->path, out);
	return 0;
}

void parsed_unit_release(struct parsed_unit *u)
{
	if (u->tu)
		clang_disposeTranslationUnit(u->tu);
	source_release(&u->source);
	include_scan_release(&u->includes);
	for (size_t i = 0; i < u->ndiags; i++) {
		free(u->diags[i].file);
		free(u->diags[i].message);
	}
	free(u->diags);
	strvec_clear(&u->stubbed);
	memset(u, 0, sizeof(*u));
}
