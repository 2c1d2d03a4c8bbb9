/* SPDX-License-Identifier: Apache-2.0 */
/* Stubs for missing includes: what stands in for each, found before the parse
 * by scanning include lines, or after it from clang's errors. */
#include "front/stubs.h"
#include "base/alloc.h"
#include "base/map.h"
#include "base/path.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "front/cursor.h"
#include "front/directive.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/problems.h"
#include "base/source.h"
#include "front/etw.h"
#include "front/headers.h"

#define MAX_SCAN_DEPTH 24

/* The name in "'x.tmh' file not found", or NULL. */
static char *missing_include_name(const char *message)
{
	const char *end = strstr(message, "' file not found");
	if (message[0] != '\'' || !end || end <= message + 1)
		return NULL;
	return alloc_strndup(message + 1, (size_t)(end - message - 1));
}

/* Finds `rel` under `dir` comparing each component without regard to case:
 * Windows trees include "Driver.h" for driver.h. */
static char *find_nocase(const char *dir, const char *rel)
{
	char *current = alloc_strdup(dir);
	char *copy = alloc_strdup(rel);
	char *save = NULL;
	for (char *part = strtok_r(copy, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
		char *spelled = path_entry_nocase(current, part);
		char *next = spelled ? path_join(current, spelled) : NULL;
		free(spelled);
		free(current);
		current = next;
		if (!current)
			break;
	}
	free(copy);
	if (current && !path_is_regular_file(current)) {
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
static char *resolve_nocase(const struct stubs *s, const char *includer, const char *name,
			    bool *system)
{
	const struct strvec *args = s->args;
	char *dir = includer ? path_dirname(includer) : NULL;
	char *found = dir ? find_nocase(dir, name) : NULL;
	free(dir);
	*system = false;
	for (size_t i = 0; !found && i + 1 < args->len; i++)
		if ((!strcmp(args->items[i], "-I") || !strcmp(args->items[i], "-iquote")) &&
		    strcmp(args->items[i + 1], s->dir))
			found = find_nocase(args->items[i + 1], name);
	for (size_t i = 0; !found && i + 1 < args->len; i++) {
		if (strcmp(args->items[i], "-isystem"))
			continue;
		const char *sysdir = args->items[i + 1];
		char *abs = find_nocase(sysdir, name);
		if (abs) {
			found = alloc_strdup(abs + strlen(sysdir) + (abs[strlen(sysdir)] == '/'));
			*system = true;
			free(abs);
		}
	}
	return found;
}

/* An include's name as clang looks it up: '\' is '/' (-fms-extensions). */
static char *slashed(const char *name)
{
	char *copy = alloc_strdup(name);
	for (char *q = copy; *q; q++)
		if (*q == '\\')
			*q = '/';
	return copy;
}

static char *find_exact_normalized(const struct stubs *s, const char *name, bool quoted,
				   const char *includer, bool *user)
{
	if (path_is_absolute(name))
		return path_is_regular_file(name) ? alloc_strdup(name) : NULL;
	if (quoted && includer) {
		char *dir = path_dirname(includer);
		char *p = path_join(dir, name);
		free(dir);
		if (path_is_regular_file(p)) {
			*user = true;
			return p;
		}
		free(p);
	}
	const struct strvec *args = s->args;
	for (size_t i = 0; i + 1 < args->len; i++) {
		const char *flag = args->items[i];
		bool dir_flag = !strcmp(flag, "-I") || !strcmp(flag, "-isystem") ||
				(quoted && !strcmp(flag, "-iquote"));
		if (!dir_flag)
			continue;
		char *p = path_join(args->items[i + 1], name);
		if (path_is_regular_file(p)) {
			*user = strcmp(flag, "-isystem") && strcmp(args->items[i + 1], s->dir);
			return p;
		}
		free(p);
	}
	if (s->builtin_dir) {
		char *p = path_join(s->builtin_dir, name);
		if (path_is_regular_file(p))
			return p;
		free(p);
	}
	return NULL;
}

/* Where clang itself would find `spelled`, or NULL. *user: found beside the
 * includer or in a user directory (a header whose includes matter too). clang
 * reads '\' as '/' (-fms-extensions): "..\x.h" is found as "../x.h". */
static char *find_exact(const struct stubs *s, const char *spelled, bool quoted, const char *includer,
			bool *user)
{
	*user = false;
	char *name = slashed(spelled);
	char *found = find_exact_normalized(s, name, quoted, includer, user);
	free(name);
	return found;
}

static void note(struct stubs *s, struct problems *problems, const char *stub, const char *shown,
		 unsigned line, unsigned column, char *message, bool empty, const char *name)
{
	if (problems) {
		if (empty && !strvec_contains(&s->missing, name))
			strvec_push(&s->missing, name);
		problems_add(problems, PROBLEM_NOTE, shown, line, column, "%s", message);
		free(message);
		return;
	}
	GROW(s->pending, s->cap, s->npending + 1);
	struct stub_note *n = &s->pending[s->npending++];
	n->stub = alloc_strdup(stub);
	n->file = shown ? alloc_strdup(shown) : NULL;
	n->line = line;
	n->column = column;
	n->message = message;
	n->empty = empty;
}

/* The run's header index, built by the first unit that needs it; workers
 * share it, so building it is done under the lock. */
static const struct header_index *shared_index(struct stubs *s)
{
	if (s->index_lock)
		pthread_mutex_lock(s->index_lock);
	if (!*s->index && s->roots && s->roots->len)
		*s->index = header_index_new(s->roots);
	const struct header_index *ix = *s->index;
	if (s->index_lock)
		pthread_mutex_unlock(s->index_lock);
	return ix;
}

/* Where clang looks for `name` in the stub directory: with -fms-extensions
 * it reads '\' as '/', so "..\inc\x.h" is "../inc/x.h", which climbs from
 * the stub directory into the unit's stub root. NULL for an absolute name or
 * one that climbs out of the root: no stub of ours may land elsewhere. */
static char *stub_path(const struct stubs *s, const char *normalized)
{
	if (path_is_absolute(normalized))
		return NULL;
	char *p = path_absolute(normalized, s->dir);
	size_t n = strlen(s->root);
	if (strncmp(p, s->root, n) || p[n] != '/') {
		free(p);
		return NULL;
	}
	return p;
}

/* The manifest of the project's whose generated header is `normalized`, by
 * its file name: mc.exe writes it where the project says (-h), often a build
 * directory, and the source names it as it likes. NULL when none is. */
static const char *etw_manifest_of(const struct stubs *s, const char *normalized)
{
	for (size_t i = 0; s->etw_headers && i < s->etw_headers->len; i++)
		if (!strcasecmp(path_basename(normalized), s->etw_headers->items[i]))
			return s->etw_manifests->items[i];
	return NULL;
}

/* The model of the header mc.exe generates from `manifest`, with its note;
 * a manifest it cannot read gives an empty stub, said in the note. */
static char *etw_content(const struct stubs *s, const char *name, const char *manifest, char **message)
{
	struct etw_model m;
	char *problem = NULL;
	char *shown = path_relative_to(manifest, s->cwd);
	char *content;
	if (etw_model_read(manifest, &m, &problem)) {
		struct strbuf providers = STRBUF_INIT;
		for (size_t i = 0; i < m.providers.len; i++)
			strbuf_addf(&providers, "%s%s", i ? ", " : "", m.providers.items[i]);
		*message = alloc_printf("'%s' not found (mc.exe generates it from '%s' in a WDK build); using "
				     "entrycheck's model of its %zu event%s of provider%s %s", name, shown, m.events,
				     m.events == 1 ? "" : "s", m.providers.len == 1 ? "" : "s", strbuf_str(&providers));
		strbuf_release(&providers);
		content = m.text;
		m.text = NULL;
		etw_model_release(&m);
	} else {
		*message = alloc_printf("'%s' not found (mc.exe generates it from '%s' in a WDK build), and the "
				     "manifest is unusable: %s; treated as empty", name, shown, problem);
		content = alloc_strdup("");
	}
	free(problem);
	free(shown);
	return content;
}

static char *tmh_message(const struct stubs *s, const char *name)
{
	if (!s->wpp.len)
		return alloc_printf("'%s' not found (WPP generates it in a WDK build); "
				 "using entrycheck's model of the WPP macros", name);
	return alloc_printf("'%s' not found (WPP generates it in a WDK build); using entrycheck's "
			 "model of the WPP macros and the %zu trace function%s of the project's WPP "
			 "configuration", name, s->wpp.len, s->wpp.len == 1 ? "" : "s");
}

static bool write_file(const char *path, const char *content)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fputs(content, f);
	return fclose(f) == 0;
}

/* Chooses and writes what stands in for `name`. `problems` NULL defers the
 * note (a scan: the parse may never include it). Returns whether a stub was
 * written; *followed is the user header it includes, if any (caller frees). */
static bool make_stub(struct stubs *s, const char *name, bool quoted, const char *includer,
		      unsigned line, unsigned column, struct problems *problems, char **followed)
{
	*followed = NULL;
	char *normalized = slashed(name);
	char *shown = includer ? path_relative_to(includer, s->cwd) : NULL;
	char *stub = stub_path(s, normalized);
	if (!stub) {
		if (problems) {
			problems_add(problems, PROBLEM_NOTE, shown, line, column,
				     "'%s' not found; it cannot be replaced by a stub", name);
			strvec_push(&s->names, name);
		}
		free(normalized);
		free(shown);
		return false;
	}
	bool system;
	char *actual = resolve_nocase(s, includer, normalized, &system);
	char *nearest = NULL;
	enum header_match match = HEADER_NONE;
	const struct header_index *ix = actual ? NULL : shared_index(s);
	if (ix)
		match = header_index_find(ix, normalized, includer, s->within, &nearest);
	bool tmh = str_ends_with_nocase(normalized, ".tmh");
	const char *manifest = actual ? NULL : etw_manifest_of(s, normalized);
	char *content = NULL, *message = NULL;
	if (actual && system) {
		message = alloc_printf("'%s' not found; using <%s>, whose name differs only in case", name,
				    actual);
		content = alloc_printf("#include <%s>\n", actual);
	} else if (actual) {
		char *actual_abs = path_absolute(actual, NULL);
		char *actual_shown = path_relative_to(actual_abs, s->cwd);
		free(actual_abs);
		message = alloc_printf("'%s' not found; using '%s', whose name differs only in case", name,
				    actual_shown);
		free(actual_shown);
		content = alloc_printf("#include \"%s\"\n", actual);
		*followed = alloc_strdup(actual);
	} else if (tmh) {
		message = tmh_message(s, name);
		content = wpp_tmh_content(&s->wpp);
		strvec_push(&s->tmh, stub);
		strvec_push(&s->tmh, name);
	} else if (manifest) {
		content = etw_content(s, name, manifest, &message);
	} else if (match == HEADER_FOUND) {
		char *nearest_shown = path_relative_to(nearest, s->cwd);
		message = alloc_printf("'%s' not found on the include path; using '%s', the nearest file "
				    "of that name in the driver's folder", name, nearest_shown);
		free(nearest_shown);
		content = alloc_printf("#include \"%s\"\n", nearest);
		*followed = alloc_strdup(nearest);
	} else if (!problems && !quoted) {
		/* A scan cannot tell a missing <x.h> from one clang finds by itself. */
	} else if (match == HEADER_AMBIGUOUS) {
		message = alloc_printf("'%s' not found on the include path, and several files of that "
				    "name in the driver's folder are equally near; treated as empty", name);
		content = alloc_strdup("");
	} else {
		message = alloc_printf("'%s' not found; treated as empty", name);
		content = alloc_strdup("");
	}
	bool written = false;
	if (content) {
		/* The stub directory too: a "../x.h" lookup passes through it. */
		char *stub_parent = path_dirname(stub);
		bool dirs = path_make_directories(s->dir) == 0 && path_make_directories(stub_parent) == 0;
		written = dirs && write_file(stub, content);
		note(s, problems, stub, shown, line, column, message, content[0] == '\0', name);
		message = NULL;
		strvec_push(&s->names, name);
		free(stub_parent);
	}
	free(stub);
	free(message);
	free(content);
	free(nearest);
	free(actual);
	free(normalized);
	free(shown);
	return written;
}

/* Reads a header for scanning: regular files under the size limit only. */
static char *read_header(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > SOURCE_MAX_BYTES)
		return NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *text = alloc_bytes((size_t)st.st_size + 1);
	size_t n = fread(text, 1, (size_t)st.st_size, f);
	fclose(f);
	text[n] = '\0';
	if (memchr(text, '\0', n)) { /* UTF-16 or binary: clang will say */
		free(text);
		return NULL;
	}
	return text;
}

static void scan_text(struct stubs *s, const char *path, const char *text, struct strindex *visited,
		      int depth);

/* Each header once, whatever its spelling: "d0/../d1/h1.h" and "d1/h1.h" are
 * one file, and marking spellings made a few headers including each other as
 * "../dK/hK.h" an exponential walk. The work is bounded by the files there are. */
static void scan_header(struct stubs *s, const char *path, struct strindex *visited, int depth)
{
	if (depth > MAX_SCAN_DEPTH)
		return;
	char *id = path_identity(path);
	bool seen = !id || strindex_find(visited, id) >= 0;
	if (!seen)
		strindex_add(visited, id);
	free(id);
	if (seen)
		return;
	char *text = read_header(path);
	if (text)
		scan_text(s, path, text, visited, depth + 1);
	free(text);
}

static void scan_text(struct stubs *s, const char *path, const char *text, struct strindex *visited,
		      int depth)
{
	/* Before its includes: the trace header comes before the .tmh include. */
	wpp_config_scan(&s->wpp, text);
	unsigned line = 1;
	for (const char *l = text; *l; line++) {
		struct include_directive d;
		char *name = NULL;
		if (include_directive_parse(l, NULL, &d)) {
			name = d.name;
			if (strcmp(d.word, "include")) {
				free(name);
				name = NULL;
			}
		}
		bool quoted = name && d.quoted;
		unsigned column = name ? d.column : 0;
		if (name && !strvec_contains(&s->names, name)) {
			bool user;
			char *exact = find_exact(s, name, quoted, path, &user);
			char *followed = NULL;
			if (exact && user)
				scan_header(s, exact, visited, depth);
			else if (!exact && make_stub(s, name, quoted, path, line, column, NULL, &followed) &&
				 followed)
				scan_header(s, followed, visited, depth);
			free(followed);
			free(exact);
		}
		free(name);
		const char *eol = strchr(l, '\n');
		if (!eol)
			break;
		l = eol + 1;
	}
}

void stubs_prescan(struct stubs *s, const char *path, const char *text)
{
	struct strindex visited = STRINDEX_INIT;
	char *id = path_identity(path);
	if (id)
		strindex_add(&visited, id);
	free(id);
	scan_text(s, path, text, &visited, 0);
	strindex_clear(&visited);
	/* The .tmh stubs again, from the whole configuration: a header read
	 * after the .tmh include may define the PRE and POST a use expands. */
	for (size_t i = 0; i + 1 < s->tmh.len; i += 2) {
		char *content = wpp_tmh_content(&s->wpp);
		write_file(s->tmh.items[i], content);
		free(content);
		for (size_t k = 0; k < s->npending; k++) {
			if (strcmp(s->pending[k].stub, s->tmh.items[i]))
				continue;
			free(s->pending[k].message);
			s->pending[k].message = tmh_message(s, s->tmh.items[i + 1]);
		}
	}
}

static void diagnostic_location(CXDiagnostic d, char **file, unsigned *line, unsigned *column)
{
	CXFile f = NULL;
	clang_getExpansionLocation(clang_getDiagnosticLocation(d), &f, line, column, NULL);
	*file = f ? cxstring_take(clang_getFileName(f)) : NULL;
}

int stubs_from_diagnostics(struct stubs *s, CXTranslationUnit tu, struct problems *problems)
{
	int added = 0;
	for (unsigned i = 0, n = clang_getNumDiagnostics(tu); i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);
		char *message = cxstring_take(clang_getDiagnosticSpelling(d));
		char *name = missing_include_name(message);
		free(message);
		if (name && !strvec_contains(&s->names, name)) {
			char *includer, *followed;
			unsigned line, column;
			diagnostic_location(d, &includer, &line, &column);
			added += make_stub(s, name, true, includer, line, column, problems, &followed);
			free(followed);
			free(includer);
		}
		free(name);
		clang_disposeDiagnostic(d);
	}
	return added;
}

/* The files a unit read, by identity: clang_getFile would find any file on
 * disk, read or not, and a stub reached through "../" has another spelling. */
struct read_files {
	CXFileUniqueID *ids;
	size_t len, cap;
};

static void visit_read(CXFile file, CXSourceLocation *stack, unsigned depth, CXClientData data)
{
	(void)stack;
	(void)depth;
	struct read_files *r = data;
	CXFileUniqueID id;
	if (clang_getFileUniqueID(file, &id) == 0) {
		GROW(r->ids, r->cap, r->len + 1);
		r->ids[r->len++] = id;
	}
}

static bool was_read(const struct read_files *r, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return false;
	for (size_t i = 0; i < r->len; i++)
		if (r->ids[i].data[0] == (unsigned long long)st.st_dev &&
		    r->ids[i].data[1] == (unsigned long long)st.st_ino)
			return true;
	return false;
}

static void read_files_of(CXTranslationUnit tu, struct read_files *r)
{
	*r = (struct read_files){ 0 };
	clang_getInclusions(tu, visit_read, r);
}

bool stubs_used_empty(const struct stubs *s, CXTranslationUnit tu)
{
	if (s->missing.len > 0)
		return true;
	struct read_files r;
	read_files_of(tu, &r);
	bool used = false;
	for (size_t i = 0; i < s->npending && !used; i++)
		used = s->pending[i].empty && was_read(&r, s->pending[i].stub);
	free(r.ids);
	return used;
}

void stubs_report(struct stubs *s, CXTranslationUnit tu, struct problems *problems)
{
	struct read_files r;
	read_files_of(tu, &r);
	for (size_t i = 0; i < s->npending; i++) {
		const struct stub_note *n = &s->pending[i];
		if (!was_read(&r, n->stub))
			continue;
		problems_add(problems, PROBLEM_NOTE, n->file, n->line, n->column, "%s", n->message);
		if (n->empty && !strvec_contains(&s->missing, path_basename(n->stub)))
			strvec_push(&s->missing, path_basename(n->stub));
	}
	free(r.ids);
}

void stubs_release(struct stubs *s)
{
	for (size_t i = 0; i < s->npending; i++) {
		free(s->pending[i].stub);
		free(s->pending[i].file);
		free(s->pending[i].message);
	}
	free(s->pending);
	strvec_clear(&s->names);
	strvec_clear(&s->missing);
	strvec_clear(&s->tmh);
	wpp_config_release(&s->wpp);
	memset(s, 0, sizeof(*s));
}
