/* SPDX-License-Identifier: Apache-2.0 */
/* One unit's parse with libclang, as Windows x64 code in the MSVC dialect
 * (see wdkmodel.c for the flags that select it): the file is parsed, then
 * parsed again by each strategy that applies (frontend_parse_on reads as
 * their sequence), and clang's diagnostics are kept. */
#include "base/alloc.h"
#include "base/path.h"
#include "base/strbuf.h"
#include "base/strvec.h"
#include "front/frontend.h"
#include "front/frontend_parts.h"
#include "front/clashes.h"
#include "front/cursor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

static bool under(const char *path, const char *dir)
{
	size_t n = dir ? strlen(dir) : 0;
	return n && !strncmp(path, dir, n) && (path[n] == '/' || dir[n - 1] == '/');
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
	char *shown = alloc_strdup(!strcmp(path_basename(file), SYNTH_HEADER)
				      ? "<entrycheck's assumed declarations>"
				      : "<entrycheck's stand-in for a missing header>");
	free(file);
	return shown;
}

static void collect_diagnostics(CXTranslationUnit tu, const char *main_path, const struct header_model *model,
				struct parsed_unit *u)
{
	unsigned n = clang_getNumDiagnostics(tu);
	u->diags = alloc_zeroed(n ? n : 1, sizeof(*u->diags));
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
	unsigned nunsaved;
	unsigned options;
	const char **pch;
	size_t without_pch;   /* args.len without the PCH flags */
	struct frontend *fe;
};

/* One parse with the current flags; a stale or mismatched PCH must not cost
 * the file, so it falls back to parsing without. */
static enum CXErrorCode parse_once(struct parse_call *c, struct parsed_unit *out)
{
	const struct input *in = c->in;
	struct strvec *args = c->args;
	/* The first unsaved file is the unit's own text, passed only when it differs from the disk's. */
	bool rewritten = out->source.rewritten;
	struct CXUnsavedFile *unsaved = rewritten ? c->unsaved : c->unsaved + 1;
	unsigned nunsaved = c->nunsaved - !rewritten;
	double start = frontend_now_seconds();
	enum CXErrorCode rc = clang_parseTranslationUnit2(
		c->index, in->path, (const char *const *)args->items, (int)args->len,
		nunsaved ? unsaved : NULL, nunsaved, c->options, &out->tu);
	if (rc == CXError_ASTReadError && *c->pch) {
		frontend_pch_unreadable(c->fe, *c->pch);
		/* Drop "-include-pch PCH", keeping what came after it. */
		free(args->items[c->without_pch]);
		free(args->items[c->without_pch + 1]);
		memmove(args->items + c->without_pch, args->items + c->without_pch + 2,
			(args->len - c->without_pch - 2 + 1) * sizeof(*args->items));
		args->len -= 2;
		*c->pch = NULL;
		rc = clang_parseTranslationUnit2(c->index, in->path, (const char *const *)args->items,
						 (int)args->len, nunsaved ? unsaved : NULL, nunsaved, c->options,
						 &out->tu);
	}
	out->seconds += frontend_now_seconds() - start; /* every round: stubs, assumed declarations */
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
	ua->pch = fe->use_pch ? frontend_prelude_pch(fe, index, flavour, args, user_begin, user_end, in->display,
						     problems)
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

/* Strategy 1, on every file (and inside strategies 2 and 3): parses until
 * no missing include is left to stand in for (at most MAX_STUB_ROUNDS), as
 * a driver's tree rarely holds every header it includes, and what a missing
 * one declares would otherwise leave the code using it in errors. */
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

/* One unit's parse, from its first flags to the last reparse: what the
 * strategies below share. `call` points into `ua` and `unsaved`, so the
 * structure stays where frontend_parse_on made it. */
struct unit_parse {
	struct frontend *fe;
	CXIndex index;
	const struct input *in;
	struct parsed_unit *out;
	struct problems *problems;
	struct strvec user_args;   /* the input's flags, then the run's */
	char *stub_root;           /* this unit's stand-ins and assumed declarations */
	char *stub_dir;            /* STUB_DEPTH levels inside stub_root */
	char *cwd;
	char *builtin_dir;
	struct strvec search;      /* the prescan's search path: both flavours' (not known yet) */
	struct stubs stubs;
	struct unit_args ua;       /* the flags of the parse kept */
	struct strvec wide_paths;  /* included files in UTF-16, */
	struct strvec wide_texts;  /* and their text as UTF-8 */
	struct CXUnsavedFile *unsaved; /* the unit's text, then the wide files' */
	struct parse_call call;    /* parses with `ua` */
	enum CXErrorCode rc;
};

/* Reads the file and refuses what libclang must not be given: -1 (with the
 * problem said) when it cannot be analyzed. */
static int unit_read(struct unit_parse *p)
{
	const struct input *in = p->in;
	const char *sys_error;
	enum source_status st = source_load(in->path, SOURCE_MAX_BYTES, &p->out->source, &sys_error);
	if (st != SOURCE_OK) {
		problems_add(p->problems, PROBLEM_ERROR, in->display, 0, 0, "cannot analyze: %s",
			     sys_error ? sys_error : source_status_text(st));
		return -1;
	}
	/* Before every scan of the text, so a header unit's include is seen as one. */
	if (in->cplusplus)
		p->out->synth.modules_unread = imports_rewrite(&p->out->source, in->display, p->problems).named > 0;

	strvec_push_all(&p->user_args, &in->args);
	strvec_push_all(&p->user_args, &p->fe->args);
	/* libclang reads includes unbounded: devices, FIFOs and huge files are refused first. */
	if (readcheck_includes(in->path, in->display, p->out->source.text, &p->user_args, SOURCE_MAX_BYTES,
			       p->problems, &p->wide_paths, &p->wide_texts) != 0) {
		strvec_clear(&p->user_args);
		strvec_clear(&p->wide_paths);
		strvec_clear(&p->wide_texts);
		parsed_unit_release(p->out);
		return -1;
	}
	return 0;
}

/* Stubs come first: the header scan follows them to the file's real
 * headers, which decide its flavour (and so its precompiled prelude).
 * They stand for the driver's own headers: -I keeps them (and what they
 * pull in) user headers, whose declarations count; only names found
 * nowhere else get a stub, so nothing real is shadowed. The directory is
 * made when a stub or an assumed declaration is first written: most files
 * need neither, and making one for each file was 5% of a run. */
static void unit_prepare(struct unit_parse *p)
{
	struct frontend *fe = p->fe;
	const struct input *in = p->in;
	struct parsed_unit *out = p->out;
	p->stub_root = alloc_printf("%s/stubs/%u", fe->model->work_dir, frontend_next_unit(fe));
	struct strbuf deep = STRBUF_INIT;
	strbuf_adds(&deep, p->stub_root);
	for (int i = 0; i < STUB_DEPTH; i++)
		strbuf_add(&deep, "/_", 2);
	p->stub_dir = strbuf_detach(&deep);
	p->cwd = path_current_directory();
	p->builtin_dir = path_join(fe->model->resource_dir, "include");
	strvec_push_all(&p->search, &p->user_args);
	strvec_push(&p->search, "-I");
	strvec_push(&p->search, p->stub_dir);
	header_model_include_args(fe->model, FLAVOUR_KERNEL, &p->search);
	header_model_include_args(fe->model, FLAVOUR_USER, &p->search);
	p->stubs = (struct stubs){ .root = p->stub_root, .dir = p->stub_dir, .args = &p->search,
				   .builtin_dir = p->builtin_dir, .roots = &fe->roots, .within = in->scope,
				   .index = &fe->headers, .index_lock = &fe->lock, .cwd = p->cwd,
				   .etw_manifests = &in->facts.etw_manifests,
				   .etw_headers = &in->facts.etw_headers };
	wpp_config_from_project(&p->stubs.wpp, &in->facts);
	stubs_prescan(&p->stubs, in->path, out->source.text);
	struct strvec scan_args = STRVEC_INIT;
	strvec_push_all(&scan_args, &p->user_args);
	strvec_push(&scan_args, "-I");
	strvec_push(&scan_args, p->stub_dir);
	header_model_scan(in->path, out->source.text, &scan_args, &out->includes);
	strvec_clear(&scan_args);
	enum flavour built = build_flavour(&in->facts);
	if (built != FLAVOUR_NONE)
		out->includes.flavour = built;

	unit_args_make(fe, p->index, in, out->includes.flavour, &p->user_args, &out->includes.leading_defines,
		       p->stub_dir, p->problems, &p->ua);
	p->stubs.args = &p->ua.args;
	size_t n = 1 + p->wide_paths.len;
	p->unsaved = alloc_zeroed(n, sizeof(*p->unsaved));
	p->unsaved[0] = (struct CXUnsavedFile){ in->path, out->source.text, (unsigned long)out->source.len };
	for (size_t i = 1; i < n; i++)
		p->unsaved[i] = (struct CXUnsavedFile){ p->wide_paths.items[i - 1], p->wide_texts.items[i - 1],
							(unsigned long)strlen(p->wide_texts.items[i - 1]) };
	unsigned options = CXTranslationUnit_KeepGoing | CXTranslationUnit_DetailedPreprocessingRecord;
	p->call = (struct parse_call){ p->index, in, &p->ua.args, p->unsaved, (unsigned)n, options, &p->ua.pch,
				       p->ua.without_pch, fe };
}

/* Strategy 2, when the first parse found no Windows header we know, stood
 * in for none, and still has errors: a file that reaches no Windows header
 * we know but includes one we do not have (its driver header, which would
 * include the kit's) is read as kernel code too, and kept so when the
 * kernel model explains more of it (more routines kept, else fewer errors):
 * its NTSTATUS and PDRIVER_OBJECT are the kit's, not types to invent. */
static void reparse_as_kernel(struct unit_parse *p)
{
	struct parsed_unit *out = p->out;
	unsigned errors = p->rc == CXError_Success && out->tu && out->includes.flavour == FLAVOUR_NONE &&
					  stubs_used_empty(&p->stubs, out->tu)
				  ? error_count(out->tu)
				  : 0;
	if (errors == 0)
		return;
	struct unit_args kernel;
	unit_args_make(p->fe, p->index, p->in, FLAVOUR_KERNEL, &p->user_args, &out->includes.leading_defines,
		       p->stub_dir, p->problems, &kernel);
	CXTranslationUnit plain = out->tu;
	out->tu = NULL;
	struct parse_call trial = p->call;
	trial.args = &kernel.args;
	trial.pch = &kernel.pch;
	trial.without_pch = kernel.without_pch;
	p->stubs.args = &kernel.args;
	enum CXErrorCode trial_rc = parse_with_stubs(&trial, out, &p->stubs, p->problems);
	unsigned kept = definitions_in_file(plain), trial_kept = trial_rc == CXError_Success && out->tu
		? definitions_in_file(out->tu) : 0;
	if (trial_rc == CXError_Success && out->tu &&
	    (trial_kept > kept || (trial_kept == kept && error_count(out->tu) < errors))) {
		macros_dispose_unit(plain);
		struct unit_args swap = p->ua;
		p->ua = kernel;
		kernel = swap;
		p->call.without_pch = p->ua.without_pch;
		out->includes.flavour = FLAVOUR_KERNEL;
	} else {
		if (out->tu)
			macros_dispose_unit(out->tu);
		out->tu = plain;
	}
	p->stubs.args = &p->ua.args;
	strvec_clear(&kernel.args);
}

/* Strategy 3, when the parse says the driver declares a name as another
 * kind of symbol than the model does: the model's yields, renamed while the
 * prelude is read (clashes.h), and the file is parsed again with the new
 * flags, as the driver's declaration is the one its code is written for. */
static void reparse_without_clashes(struct unit_parse *p)
{
	struct parsed_unit *out = p->out;
	struct strvec clashes = STRVEC_INIT, defines = STRVEC_INIT;
	char *restore = path_join(p->stub_dir, CLASHES_HEADER);
	if (out->tu && clashes_from_diagnostics(out->tu, &clashes) && !path_make_directories(p->stub_dir) &&
	    !clashes_write(&clashes, restore)) {
		strvec_push_all(&defines, &out->includes.leading_defines);
		clashes_defines(&clashes, &defines);
		strvec_clear(&p->ua.args);
		unit_args_make(p->fe, p->index, p->in, out->includes.flavour, &p->user_args, &defines, p->stub_dir,
			       p->problems, &p->ua);
		strvec_push(&p->ua.args, "-include");
		strvec_push(&p->ua.args, restore);
		p->call.without_pch = p->ua.without_pch;
		p->stubs.args = &p->ua.args;
		macros_dispose_unit(out->tu);
		out->tu = NULL;
		p->rc = parse_with_stubs(&p->call, out, &p->stubs, p->problems);
	}
	strvec_clear(&clashes);
	strvec_clear(&defines);
	free(restore);
}

/* Strategy 4, last, while the parse uses names that no header declares (and
 * for at most MAX_SYNTH_ROUNDS rounds): declare them in an assumed header
 * (synth.h) included after everything else, and parse again, so that the
 * code using them is kept instead of lost to errors. No stand-ins are made
 * in these rounds: the headers are settled. */
static void reparse_with_assumed(struct unit_parse *p)
{
	struct parsed_unit *out = p->out;
	out->synth.cplusplus = p->in->cplusplus;
	char *assumed = path_join(p->stub_dir, SYNTH_HEADER);
	for (int round = 0; out->tu && round < MAX_SYNTH_ROUNDS; round++) {
		out->synth.prelude = p->ua.pch || p->ua.prelude_header;
		if (synth_from_diagnostics(&out->synth, out->tu) == 0 || path_make_directories(p->stub_dir) != 0 ||
		    synth_write(&out->synth, assumed))
			break;
		if (round == 0) {
			strvec_push(&p->ua.args, "-include");
			strvec_push(&p->ua.args, assumed);
		}
		macros_dispose_unit(out->tu);
		out->tu = NULL;
		p->rc = parse_once(&p->call, out);
	}
	free(assumed);
}

/* What the parse kept besides its unit: the stand-ins' report, what the
 * unit depends on (for the result cache), the names stood in for and
 * missing; then the parse's own state goes. */
static void unit_finish(struct unit_parse *p)
{
	struct parsed_unit *out = p->out;
	if (out->tu) {
		stubs_report(&p->stubs, out->tu, p->problems);
		if (p->fe->keep_deps)
			out->deps_complete = unit_deps_collect(out->tu, p->fe->model, p->in->path, &p->ua.args,
							       &out->read, &out->shadows);
	}
	strvec_push_all(&out->stubbed, &p->stubs.names);
	strvec_push_all(&out->missing, &p->stubs.missing);
	stubs_release(&p->stubs);
	strvec_clear(&p->search);
	free(p->builtin_dir);
	free(p->cwd);
	free(p->stub_dir);
	free(p->stub_root);
	strvec_clear(&p->ua.args);
	strvec_clear(&p->user_args);
	strvec_clear(&p->wide_paths);
	strvec_clear(&p->wide_texts);
	free(p->unsaved);
}

/* A parse that gave no unit: a language standard the flags set that does
 * not fit the file is the likely cause, and said as such; else libclang's. */
static void report_parse_failure(const struct frontend *fe, const struct input *in, enum CXErrorCode rc,
				 struct problems *problems)
{
	const char *bad_std = langstd_rejected(&fe->args, in->cplusplus);
	if (!bad_std)
		bad_std = langstd_rejected(&in->args, in->cplusplus);
	if (bad_std)
		problems_add(problems, PROBLEM_ERROR, in->display, 0, 0,
			     "cannot analyze: invalid '%s' for a %s file in its flags", bad_std,
			     in->cplusplus ? "C++" : "C");
	else
		problems_add(problems, PROBLEM_ERROR, in->display, 0, 0, "cannot analyze: %s",
			     frontend_error_text(rc));
}

/* The file is parsed, then parsed again by each strategy that applies, in
 * this order: each one's reparse starts from the flags the ones before it
 * settled. */
int frontend_parse_on(struct frontend *fe, unsigned worker, const struct input *in,
		      struct parsed_unit *out, struct problems *problems)
{
	memset(out, 0, sizeof(*out));
	out->input = in;
	struct unit_parse p = { .fe = fe, .index = fe->indexes[worker < fe->workers ? worker : 0], .in = in,
				.out = out, .problems = problems, .user_args = STRVEC_INIT, .search = STRVEC_INIT,
				.wide_paths = STRVEC_INIT, .wide_texts = STRVEC_INIT };
	if (unit_read(&p) != 0)
		return -1;
	unit_prepare(&p);
	p.rc = parse_with_stubs(&p.call, out, &p.stubs, problems);  /* 1: stand-ins for missing headers */
	reparse_as_kernel(&p);                                      /* 2: a Windows file that names no kit header */
	reparse_without_clashes(&p);                                /* 3: the driver's declarations over the model's */
	reparse_with_assumed(&p);                                   /* 4: names no header declares */
	bool used_pch = p.ua.pch != NULL;
	unit_finish(&p);
	if (p.rc != CXError_Success || !out->tu) {
		report_parse_failure(fe, in, p.rc, problems);
		parsed_unit_release(out);
		return -1;
	}
	out->used_pch = used_pch;
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
