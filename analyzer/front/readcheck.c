/* SPDX-License-Identifier: Apache-2.0 */
/* The include-graph pre-scan of readcheck.h: a worklist over the files
 * reached, each read at most once, at most READCHECK_MAX_FILES of them. */
#include "front/readcheck.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/problems.h"
#include "front/directive.h"
#include "front/expansion.h"
#include "front/opruns.h"
#include "base/alloc.h"
#include "base/path.h"
#include "base/source.h"
#include "base/strvec.h"

#define READCHECK_MAX_FILES 4096

struct search {
	struct strvec quote, angled; /* -iquote then -I; -I, -isystem, -idirafter */
	struct strvec forced;        /* -include, -imacros */
};

struct walk {
	struct search search;
	struct strvec seen, queue;
	size_t max_bytes;
	struct problems *problems;
	struct macro_sizes *macros;  /* the #defines of every file read */
	struct strvec *wide_paths, *wide_texts;
};

static const struct {
	const char *flag;
	int list; /* 0 quote, 1 quote+angled, 2 angled, 3 forced */
} path_flags[] = {
	{ "-iquote", 0 }, { "-I", 1 }, { "-isystem", 2 }, { "-idirafter", 2 },
	{ "-include", 3 }, { "-imacros", 3 },
};

static void add_path(struct search *s, int list, const char *value)
{
	if (list <= 1)
		strvec_push(&s->quote, value);
	if (list == 1 || list == 2)
		strvec_push(&s->angled, value);
	if (list == 3)
		strvec_push(&s->forced, value);
}

static void search_init(struct search *s, const struct strvec *args)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < args->len; i++) {
		const char *a = args->items[i];
		for (size_t k = 0; k < sizeof(path_flags) / sizeof(*path_flags); k++) {
			size_t n = strlen(path_flags[k].flag);
			if (strncmp(a, path_flags[k].flag, n))
				continue;
			if (a[n] && path_flags[k].list != 1)
				continue; /* -isystemX is not -I with "systemX" either */
			if (a[n])
				add_path(s, path_flags[k].list, a + n);
			else if (i + 1 < args->len)
				add_path(s, path_flags[k].list, args->items[++i]);
			break;
		}
	}
}

static void search_release(struct search *s)
{
	strvec_clear(&s->quote);
	strvec_clear(&s->angled);
	strvec_clear(&s->forced);
}

/* What is at `path`: -1 nothing or a directory (the search goes on), 0 a
 * regular file, 1 something else (a device, FIFO or socket). */
static int probe(const char *path, const char **what)
{
	struct stat st;
	if (stat(path, &st) != 0 || S_ISDIR(st.st_mode))
		return -1;
	if (S_ISREG(st.st_mode))
		return 0;
	*what = S_ISCHR(st.st_mode)    ? "a character device"
		: S_ISBLK(st.st_mode)  ? "a block device"
		: S_ISFIFO(st.st_mode) ? "a FIFO"
		: S_ISSOCK(st.st_mode) ? "a socket"
				       : "not a regular file";
	return 1;
}

static char *try_dirs(const struct strvec *dirs, const char *name, const char **what, int *kind)
{
	for (size_t i = 0; i < dirs->len; i++) {
		char *candidate = path_join(dirs->items[i], name);
		*kind = probe(candidate, what);
		if (*kind >= 0)
			return candidate;
		free(candidate);
	}
	return NULL;
}

/* Resolves `name` as clang would (quoted: the including file's directory,
 * -iquote, then the angled list); returns the path (caller frees) or NULL
 * when it is found nowhere (clang or the stubs deal with that). */
static char *resolve(const struct walk *w, const char *name, bool angled, const char *from_dir,
		     const char **what, int *kind)
{
	*kind = -1;
	if (path_is_absolute(name)) {
		*kind = probe(name, what);
		return *kind >= 0 ? alloc_strdup(name) : NULL;
	}
	char *found = NULL;
	if (!angled) {
		struct strvec here = STRVEC_INIT;
		strvec_push(&here, from_dir);
		found = try_dirs(&here, name, what, kind);
		strvec_clear(&here);
		if (!found)
			found = try_dirs(&w->search.quote, name, what, kind);
	}
	return found ? found : try_dirs(&w->search.angled, name, what, kind);
}

/* Checks one resolved file and queues it for its own includes; `display`
 * and `line` say where it was named, `how` how. */
static int visit(struct walk *w, const char *display, unsigned line, const char *how,
		 const char *spelled, const char *found, int kind, const char *what)
{
	struct stat st;
	if (kind == 1) {
		problems_add(w->problems, PROBLEM_ERROR, display, line, line ? 1 : 0,
			     "cannot analyze: %s '%s' is %s, not a regular file", how, spelled, what);
		return -1;
	}
	if (stat(found, &st) == 0 && (unsigned long long)st.st_size > w->max_bytes) {
		problems_add(w->problems, PROBLEM_ERROR, display, line, line ? 1 : 0,
			     "cannot analyze: %s '%s' is too large: %llu bytes, the limit is %s", how,
			     spelled, (unsigned long long)st.st_size, source_size_text(w->max_bytes));
		return -1;
	}
	/* Seen by its real path: "arch/../arch/x.h" spellings must not loop up to the cap. */
	char *real = realpath(found, NULL);
	const char *key = real ? real : found;
	if (!strvec_contains(&w->seen, key) && w->seen.len < READCHECK_MAX_FILES) {
		strvec_push(&w->seen, key);
		strvec_push(&w->queue, key);
	}
	free(real);
	return 0;
}

static int scan_text(struct walk *w, const char *path, const char *display, const char *text)
{
	macro_sizes_add_text(w->macros, text, display);
	struct opruns ops;
	opruns_measure(text, &ops);
	if (ops.run > OPRUN_MAX) {
		problems_add(w->problems, PROBLEM_ERROR, display, ops.run_line, ops.run_column,
			     "cannot analyze: %zu operators in a row (more than %d; clang's parse of such a run "
			     "costs its square); not parsed", ops.run, OPRUN_MAX);
		return -1;
	}
	if (ops.expr > OPEXPR_MAX) {
		problems_add(w->problems, PROBLEM_ERROR, display, ops.expr_line, ops.expr_column,
			     "cannot analyze: an expression of %zu operators (more than %d; each level of so "
			     "deep an expression is read with all it holds); not parsed", ops.expr, OPEXPR_MAX);
		return -1;
	}
	char *dir = path_dirname(path);
	unsigned line = 1;
	int rc = 0;
	for (const char *p = text; *p && rc == 0; line++) {
		const char *end = strchr(p, '\n');
		if (!end)
			end = p + strlen(p);
		struct include_directive d;
		if (include_directive_parse(p, end, &d)) {
			char *name = d.name;
			bool angled = !d.quoted;
			const char *what = NULL;
			int kind;
			char *found = resolve(w, name, angled, dir, &what, &kind);
			if (found)
				rc = visit(w, display, line, "included file", name, found, kind, what);
			free(found);
			free(name);
		}
		p = *end ? end + 1 : end;
	}
	free(dir);
	return rc;
}

static int check_file(struct walk *w, const char *path)
{
	struct source src;
	const char *sys_error;
	enum source_status st = source_load(path, w->max_bytes, &src, &sys_error);
	if (st == SOURCE_NOT_FOUND)
		return 0;
	if (st != SOURCE_OK) {
		problems_add(w->problems, PROBLEM_ERROR, path, 0, 0,
			     "cannot analyze the files that include it: %s",
			     sys_error ? sys_error : source_status_text(st));
		return -1;
	}
	int rc = scan_text(w, path, path, src.text);
	if (rc == 0 && (src.encoding == SOURCE_UTF16LE || src.encoding == SOURCE_UTF16BE)) {
		strvec_push(w->wide_paths, path);
		strvec_push(w->wide_texts, src.text);
	}
	source_release(&src);
	return rc;
}

int readcheck_includes(const char *path, const char *display, const char *text,
		       const struct strvec *args, size_t max_bytes, struct problems *problems,
		       struct strvec *wide_paths, struct strvec *wide_texts)
{
	struct walk w = { .max_bytes = max_bytes, .problems = problems, .wide_paths = wide_paths,
			  .wide_texts = wide_texts,
			  .seen = STRVEC_INIT, .queue = STRVEC_INIT, .macros = macro_sizes_new() };
	search_init(&w.search, args);
	strvec_push(&w.seen, path);
	int rc = 0;
	char *cwd = path_current_directory();
	for (size_t i = 0; i < w.search.forced.len && rc == 0; i++) {
		const char *name = w.search.forced.items[i], *what = NULL;
		int kind;
		char *found = resolve(&w, name, false, cwd, &what, &kind);
		if (found)
			rc = visit(&w, display, 0, "forced include (-include, -imacros)", name, found, kind, what);
		free(found);
	}
	if (rc == 0)
		rc = scan_text(&w, path, display, text);
	for (size_t i = 0; i < w.queue.len && rc == 0; i++)
		rc = check_file(&w, w.queue.items[i]);
	const struct macro_limits limits = { EXPANSION_MAX_TOKENS, OPEXPR_MAX };
	struct macro_excess excess;
	const char *macro = rc == 0 ? macro_sizes_over(w.macros, &limits, &excess) : NULL;
	if (macro) {
		char *cwd_shown = path_relative_to(excess.file, cwd);
		char *size = excess.tokens ? alloc_printf("more than %llu tokens", EXPANSION_MAX_TOKENS)
					   : alloc_printf("an expression of more than %d operators (clang's parse "
							  "of it costs their square)", OPEXPR_MAX);
		problems_add(problems, PROBLEM_ERROR, display, 0, 0,
			     "cannot analyze: macro '%s' (%s:%u) would expand to %s; not parsed", macro, cwd_shown,
			     excess.line, size);
		free(size);
		free(cwd_shown);
		rc = -1;
	}
	macro_sizes_free(w.macros);
	free(cwd);
	search_release(&w.search);
	strvec_clear(&w.seen);
	strvec_clear(&w.queue);
	return rc;
}
