/* SPDX-License-Identifier: Apache-2.0 */
/* Collecting inputs: directory walking and compilation databases. Flags are
 * read through libclang's CompilationDatabase API; the file is first checked
 * with cJSON so that a broken database gets a message with line and column. */
#include "project/inputs.h"

#include <clang-c/CXCompilationDatabase.h>
#include <clang-c/CXString.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/problems.h"
#include "json/load.h"
#include "base/source.h"
#include "base/alloc.h"
#include "base/path.h"
#include "base/str.h"

static const char *const source_suffixes[] = { ".c", ".cpp", ".cc", ".cxx", ".c++" };
static const char *const cplusplus_suffixes[] = { ".cpp", ".cc", ".cxx", ".c++", ".hpp", ".hxx" };

bool inputs_is_source_name(const char *name)
{
	for (size_t i = 0; i < sizeof(source_suffixes) / sizeof(*source_suffixes); i++)
		if (str_ends_with_nocase(name, source_suffixes[i]))
			return true;
	return false;
}

bool inputs_is_cplusplus_name(const char *name)
{
	/* ".C" alone is C in driver trees (PCIDRV.C), unlike GCC's convention. */
	for (size_t i = 0; i < sizeof(cplusplus_suffixes) / sizeof(*cplusplus_suffixes); i++)
		if (str_ends_with_nocase(name, cplusplus_suffixes[i]))
			return true;
	return false;
}

static char *dup_or_null(const char *s)
{
	return s ? alloc_strdup(s) : NULL;
}

void driver_facts_copy(struct driver_facts *to, const struct driver_facts *from)
{
	to->project = dup_or_null(from->project);
	to->driver_type = dup_or_null(from->driver_type);
	to->configuration_type = dup_or_null(from->configuration_type);
	to->kmdf_version = dup_or_null(from->kmdf_version);
	to->umdf_version = dup_or_null(from->umdf_version);
	to->target_version = dup_or_null(from->target_version);
	to->wpp_scan = dup_or_null(from->wpp_scan);
	to->wpp_funcs = dup_or_null(from->wpp_funcs);
	to->wpp_trace_function = dup_or_null(from->wpp_trace_function);
	to->etw_manifests = (struct strvec)STRVEC_INIT;
	to->etw_headers = (struct strvec)STRVEC_INIT;
	strvec_push_all(&to->etw_manifests, &from->etw_manifests);
	strvec_push_all(&to->etw_headers, &from->etw_headers);
	to->entry_point = dup_or_null(from->entry_point);
}

void driver_facts_release(struct driver_facts *facts)
{
	free(facts->project);
	free(facts->driver_type);
	free(facts->configuration_type);
	free(facts->kmdf_version);
	free(facts->umdf_version);
	free(facts->target_version);
	free(facts->wpp_scan);
	free(facts->wpp_funcs);
	free(facts->wpp_trace_function);
	strvec_clear(&facts->etw_manifests);
	strvec_clear(&facts->etw_headers);
	free(facts->entry_point);
	memset(facts, 0, sizeof(*facts));
}

void inputs_entry_names(const struct input *in, const struct strvec *configured, struct strvec *out)
{
	if (configured)
		strvec_push_all(out, configured);
	/* The linker's entry is DriverEntry's stand-in only in a build that makes a
	 * driver: a DLL's or a program's (DllMain, a boot loader's main) is not. */
	const char *type = in->facts.configuration_type;
	if (in->facts.entry_point && (!type || !strcasecmp(type, "Driver")) &&
	    !strvec_contains(out, in->facts.entry_point))
		strvec_push(out, in->facts.entry_point);
}

static struct input *add_input(struct input_set *set, const char *abs_path, const char *cwd)
{
	int known = strindex_find(&set->by_path, abs_path);
	if (known >= 0)
		return &set->items[known];
	strindex_add(&set->by_path, abs_path); /* numbered set->len: items only grow meanwhile */
	GROW(set->items, set->cap, set->len + 1);
	struct input *in = &set->items[set->len++];
	memset(in, 0, sizeof(*in));
	in->path = alloc_strdup(abs_path);
	in->display = path_relative_to(abs_path, cwd);
	in->directory = alloc_strdup(cwd);
	in->cplusplus = inputs_is_cplusplus_name(abs_path);
	return in;
}

/* A directory entry: its name, and its type when the directory listing
 * says it (d_type), so a tree of many files that are no sources costs one
 * listing per directory, not a stat per file. */
struct entry {
	char *name;
	unsigned char type;         /* DT_DIR, DT_REG, DT_LNK, ... or DT_UNKNOWN */
};

static int compare_entries(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static void walk_directory(const char *dir, const char *cwd, struct input_set *set,
			   struct problems *problems, int depth)
{
	if (depth > 64)
		return;
	DIR *d = opendir(dir);
	if (!d) {
		char *shown = path_relative_to(dir, cwd);
		problems_add(problems, PROBLEM_ERROR, shown, 0, 0, "cannot read directory: %s",
			     strerror(errno));
		free(shown);
		return;
	}
	struct entry *entries = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.') {
			GROW(entries, cap, n + 1);
			entries[n++] = (struct entry){ alloc_strdup(de->d_name), de->d_type };
		}
	closedir(d);
	if (n > 1)
		qsort(entries, n, sizeof(*entries), compare_entries);

	for (size_t i = 0; i < n; i++) {
		const char *name = entries[i].name;
		unsigned char type = entries[i].type;
		bool source = inputs_is_source_name(name);
		if (type != DT_UNKNOWN && type != DT_DIR && !source) {
			free(entries[i].name);
			continue;
		}
		char *child = path_join(dir, name);
		struct stat st = { 0 };
		/* A regular file the listing names so needs no stat; lstat for the
		 * rest: symlinked directories are not followed, so no cycles. */
		bool known = type == DT_REG;
		if (known)
			st.st_mode = S_IFREG;
		if (known || lstat(child, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				walk_directory(child, cwd, set, problems, depth + 1);
			else if (source && (S_ISREG(st.st_mode) || (S_ISLNK(st.st_mode) && path_is_regular_file(child))))
				add_input(set, child, cwd);
		}
		free(child);
		free(entries[i].name);
	}
	free(entries);
}

/* Flags that take a value, in the spellings GCC and clang accept and, for
 * cl-style drivers only, cl's (a Unix path such as /Data/x is never /D). */
struct flag_form {
	const char *name;
	const char *as;     /* the clang spelling we pass on */
	bool is_path;
	bool msvc_only;
};

static const struct flag_form kept_flags[] = {
	{ "-I", "-I", true, false },          { "/I", "-I", true, true },
	{ "-isystem", "-isystem", true, false }, { "-iquote", "-iquote", true, false },
	{ "-idirafter", "-idirafter", true, false }, { "/external:I", "-isystem", true, true },
	{ "-external:I", "-isystem", true, true },
	{ "-include", "-include", true, false }, { "/FI", "-include", true, true },
	{ "-FI", "-include", true, true },
	{ "-imacros", "-imacros", true, false },
	{ "-D", "-D", false, false },         { "/D", "-D", false, true },
	{ "-U", "-U", false, false },         { "/U", "-U", false, true },
};

/* GCC-style flags whose separate value is skipped, so `-MF -Ifoo` or
 * `-o /Data/x` is never read as a flag. */
static const char *const skipped_with_value[] = {
	"-o", "-MF", "-MT", "-MQ", "-x", "-Xclang", "-Xpreprocessor", "-Xassembler", "-Xlinker",
	"-target", "-arch", "-aux-info", "--param", "-dependency-file", "-MJ",
};

/* cl.exe and clang-cl (any directory, any case, with or without .exe). */
static bool is_msvc_driver(const char *compiler)
{
	const char *base = compiler;
	for (const char *p = compiler; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	char *lower = str_lower(base);
	size_t n = strlen(lower);
	if (n > 4 && !strcmp(lower + n - 4, ".exe"))
		lower[n - 4] = '\0';
	bool msvc = !strcmp(lower, "cl") || !strcmp(lower, "clang-cl") ||
		    str_ends_with_nocase(lower, "-clang-cl");
	free(lower);
	return msvc;
}

static void push_flag(struct strvec *out, const struct flag_form *f, const char *value,
		      const char *directory)
{
	if (f->is_path && !path_is_absolute(value) && !(value[0] && value[1] == ':')) {
		char *abs = path_absolute(value, directory);
		strvec_push(out, f->as);
		strvec_push(out, abs);
		free(abs);
	} else if (f->is_path) {
		strvec_push(out, f->as);
		strvec_push(out, value);
	} else {
		strvec_pushf(out, "%s%s", f->as, value);
	}
}

static bool takes_skipped_value(const char *arg)
{
	for (size_t k = 0; k < sizeof(skipped_with_value) / sizeof(*skipped_with_value); k++)
		if (!strcmp(arg, skipped_with_value[k]))
			return true;
	return false;
}

void inputs_translate_flags(const char *const *argv, size_t argc, const char *directory,
			    struct strvec *out)
{
	bool msvc = argc > 0 && is_msvc_driver(argv[0]);
	for (size_t i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (str_starts_with(a, "-std=") || (msvc && str_starts_with(a, "/std:"))) {
			/* MSVC's c++17/c17 spellings map onto clang's; "latest" is clang's newest. */
			const char *v = a + 5;
			strvec_pushf(out, "-std=%s", !strcmp(v, "c++latest") ? "c++2b"
						     : !strcmp(v, "clatest") ? "c2x" : v);
			continue;
		}
		if (!msvc && takes_skipped_value(a)) {
			i++;
			continue;
		}
		for (size_t k = 0; k < sizeof(kept_flags) / sizeof(*kept_flags); k++) {
			const struct flag_form *f = &kept_flags[k];
			size_t n = strlen(f->name);
			if ((f->msvc_only && !msvc) || strncmp(a, f->name, n))
				continue;
			if (a[n]) {
				/* Glued form: -Ifoo, /DNAME=1. */
				push_flag(out, f, a + n, directory);
			} else if (i + 1 < argc) {
				push_flag(out, f, argv[++i], directory);
			}
			break;
		}
	}
}

/* Checks the database's shape before libclang reads it: libclang only says
 * "cannot load" and, for a file it does not list, quietly borrows the flags
 * of a neighbour. Returns the parsed document or NULL after a problem. */
static cJSON *check_database(const char *file, const char *shown, struct problems *problems)
{
	struct json_doc parsed;
	if (json_load_file(file, shown, "compilation database", 256u * 1024u * 1024u, &parsed, problems) != 0)
		return NULL;
	cJSON *doc = parsed.root; /* positions are not needed past the syntax */
	parsed.root = NULL;
	json_doc_release(&parsed);
	if (!cJSON_IsArray(doc)) {
		problems_add(problems, PROBLEM_ERROR, shown, 1, 1,
			     "compilation database must be a JSON array of entries");
		cJSON_Delete(doc);
		return NULL;
	}
	int index = 0;
	const cJSON *entry;
	cJSON_ArrayForEach(entry, doc) {
		const cJSON *dir = cJSON_GetObjectItemCaseSensitive(entry, "directory");
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(entry, "file");
		const cJSON *cmd = cJSON_GetObjectItemCaseSensitive(entry, "command");
		const cJSON *args = cJSON_GetObjectItemCaseSensitive(entry, "arguments");
		const char *missing = !cJSON_IsObject(entry) ? "is not an object"
				      : !cJSON_IsString(dir) ? "has no \"directory\" string"
				      : !cJSON_IsString(f) ? "has no \"file\" string"
				      : !(cJSON_IsString(cmd) || cJSON_IsArray(args))
					      ? "has neither \"command\" nor \"arguments\""
					      : NULL;
		if (missing) {
			problems_add(problems, PROBLEM_ERROR, shown, 0, 0,
				     "compilation database entry %d %s", index, missing);
			cJSON_Delete(doc);
			return NULL;
		}
		index++;
	}
	return doc;
}

/* A string libclang's database API returned, copied and disposed of (the
 * parsing stages have cursor.h's cxstring_take; this stage comes before them). */
static char *database_string(CXString s)
{
	const char *p = clang_getCString(s);
	char *r = alloc_strdup(p ? p : "");
	clang_disposeString(s);
	return r;
}

/* Fills `in` from the command the database lists for exactly its path.
 * libclang answers for unlisted files too, with a neighbour's flags and the
 * file name rewritten, so callers first check the file is listed. */
static bool apply_database(CXCompilationDatabase db, struct input *in)
{
	CXCompileCommands cmds = clang_CompilationDatabase_getCompileCommands(db, in->path);
	bool found = false;
	unsigned n = clang_CompileCommands_getSize(cmds);
	for (unsigned i = 0; i < n && !found; i++) {
		CXCompileCommand cmd = clang_CompileCommands_getCommand(cmds, i);
		char *dir = database_string(clang_CompileCommand_getDirectory(cmd));
		char *file = database_string(clang_CompileCommand_getFilename(cmd));
		char *abs = path_absolute(file, dir);
		if (!strcmp(abs, in->path)) {
			unsigned argc = clang_CompileCommand_getNumArgs(cmd);
			char **argv = alloc_zeroed(argc + 1, sizeof(*argv));
			for (unsigned a = 0; a < argc; a++)
				argv[a] = database_string(clang_CompileCommand_getArg(cmd, a));
			inputs_translate_flags((const char *const *)argv, argc, dir, &in->args);
			for (unsigned a = 0; a < argc; a++)
				free(argv[a]);
			free(argv);
			free(in->directory);
			in->directory = alloc_strdup(dir);
			in->in_database = true;
			found = true;
		}
		free(abs);
		free(file);
		free(dir);
	}
	clang_CompileCommands_dispose(cmds);
	return found;
}

static int load_database(const char *where, const char *cwd, struct input_set *set,
			 bool take_all, struct problems *problems, CXCompilationDatabase *out,
			 struct strindex *listed)
{
	char *abs = path_absolute(where, cwd);
	char *file = path_is_directory(abs) ? path_join(abs, "compile_commands.json") : alloc_strdup(abs);
	char *dir = path_dirname(file);
	char *shown = path_relative_to(file, cwd);
	int rc = -1;
	*out = NULL;

	if (!path_is_regular_file(file)) {
		problems_add(problems, PROBLEM_ERROR, shown, 0, 0, "cannot read compilation database: %s",
			     path_is_directory(file) ? "is a directory" : "no such file");
		goto done;
	}
	if (strcmp(path_basename(file), "compile_commands.json")) {
		problems_add(problems, PROBLEM_ERROR, shown, 0, 0,
			     "a compilation database must be named compile_commands.json");
		goto done;
	}
	cJSON *doc = check_database(file, shown, problems);
	if (!doc)
		goto done;
	CXCompilationDatabase_Error err;
	*out = clang_CompilationDatabase_fromDirectory(dir, &err);
	if (err != CXCompilationDatabase_NoError || !*out) {
		problems_add(problems, PROBLEM_ERROR, shown, 0, 0,
			     "libclang cannot load this compilation database");
		cJSON_Delete(doc);
		goto done;
	}
	const cJSON *entry;
	cJSON_ArrayForEach(entry, doc) {
		const char *edir = cJSON_GetObjectItemCaseSensitive(entry, "directory")->valuestring;
		const char *efile = cJSON_GetObjectItemCaseSensitive(entry, "file")->valuestring;
		char *edir_abs = path_absolute(edir, dir);
		char *p = path_absolute(efile, edir_abs);
		strindex_add(listed, p);
		if (take_all && inputs_is_source_name(p))
			add_input(set, p, cwd);
		free(p);
		free(edir_abs);
	}
	cJSON_Delete(doc);
	set->database = alloc_strdup(shown);
	rc = 0;
done:
	free(shown);
	free(dir);
	free(file);
	free(abs);
	return rc;
}

static int compare_inputs(const void *a, const void *b)
{
	return strcmp(((const struct input *)a)->display, ((const struct input *)b)->display);
}

/* Whether `path` is in the directory `dir` (given with its length), not below it. */
static bool in_directory(const char *path, const char *dir, size_t len)
{
	return !strncmp(path, dir, len) && path[len] == '/' && !strchr(path + len + 1, '/');
}

/* A header named explicitly (`driver.h`) is read in the language of the
 * sources beside it: C++ when those given with it are all C++ (a class or a
 * namespace in it is no error), else C. */
static void headers_take_their_sources_language(struct input_set *set)
{
	for (size_t i = 0; i < set->len; i++) {
		struct input *h = &set->items[i];
		const char *slash = strrchr(h->path, '/');
		if (inputs_is_source_name(h->path) || h->cplusplus || !slash)
			continue;
		size_t len = (size_t)(slash - h->path);
		bool cplusplus = false, c = false;
		for (size_t k = 0; k < set->len; k++) {
			const struct input *s = &set->items[k];
			if (k == i || !inputs_is_source_name(s->path) || !in_directory(s->path, h->path, len))
				continue;
			if (s->cplusplus)
				cplusplus = true;
			else
				c = true;
		}
		h->cplusplus = cplusplus && !c;
	}
}

int inputs_collect(const struct strvec *paths, const char *compile_commands, struct input_set *out,
		   struct problems *problems)
{
	char *cwd = path_current_directory();
	int rc = 0;
	CXCompilationDatabase db = NULL;
	memset(out, 0, sizeof(*out));

	struct strindex listed = STRINDEX_INIT;
	if (compile_commands && load_database(compile_commands, cwd, out, paths->len == 0, problems,
					      &db, &listed) != 0) {
		strindex_clear(&listed);
		free(cwd);
		return -1;
	}
	for (size_t i = 0; i < paths->len; i++) {
		char *abs = path_absolute(paths->items[i], cwd);
		struct stat st;
		if (stat(abs, &st) != 0) {
			problems_add(problems, PROBLEM_ERROR, paths->items[i], 0, 0,
				     "cannot analyze: %s", strerror(errno));
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			size_t before = out->len;
			walk_directory(abs, cwd, out, problems, 0);
			if (out->len == before) {
				/* A gate pointed at the wrong directory must not pass quietly. */
				problems_add(problems, PROBLEM_ERROR, paths->items[i], 0, 0,
					     "no C or C++ source files (.c .cpp .cc .cxx) in this directory");
				rc = -1;
			}
		} else {
			/* A file named explicitly is analyzed whatever its extension. */
			add_input(out, abs, cwd);
		}
		free(abs);
	}
	if (db) {
		for (size_t i = 0; i < out->len; i++) {
			if (strindex_find(&listed, out->items[i].path) < 0 ||
			    !apply_database(db, &out->items[i]))
				problems_add(problems, PROBLEM_NOTE, out->items[i].display, 0, 0,
					     "not in the compilation database '%s': analyzed with default flags",
					     out->database);
		}
		clang_CompilationDatabase_dispose(db);
	}
	strindex_clear(&listed);
	headers_take_their_sources_language(out);
	if (out->len > 1)
		qsort(out->items, out->len, sizeof(*out->items), compare_inputs);
	strindex_clear(&out->by_path); /* positions changed; nothing is added after this */
	free(cwd);
	return rc;
}

/* A pattern without '/' names a file or directory anywhere (`tests`,
 * `*_test.c`); one with '/' is matched against the path relative to the
 * current directory and against every tail of it that starts a component
 * ("samples/x*.c" also matches "drv/samples/x1.c"); '*' crosses '/'. */
static bool excluded(const char *display, const char *pattern)
{
	bool components = !strchr(pattern, '/');
	for (const char *p = display; p && *p;) {
		if (components) {
			size_t n = strcspn(p, "/");
			char *part = alloc_strndup(p, n);
			bool hit = fnmatch(pattern, part, 0) == 0;
			free(part);
			if (hit)
				return true;
		} else if (fnmatch(pattern, p, 0) == 0) {
			return true;
		}
		p = strchr(p, '/');
		if (p)
			p++;
	}
	return false;
}

/* Where pattern `k` came from, for a message. */
static const char *origin_of(const struct strvec *origins, size_t k)
{
	return origins && k < origins->len ? origins->items[k] : "--exclude";
}

/* The pattern of `patterns` that drops `display`, or -1. */
static long dropping_pattern(const char *display, const struct strvec *patterns)
{
	for (size_t k = 0; k < patterns->len; k++)
		if (excluded(display, patterns->items[k]))
			return (long)k;
	return -1;
}

long inputs_exclude_reporting(struct input_set *set, const struct strvec *patterns,
			      const struct strvec *origins, const struct strvec *named,
			      struct problems *problems)
{
	size_t found = set->len;
	long first = -1;
	for (size_t i = 0; i < set->len; i++) {
		long k = dropping_pattern(set->items[i].display, patterns);
		if (k < 0)
			continue;
		if (first < 0)
			first = k;
		if (named && strvec_contains(named, set->items[i].path))
			problems_add(problems, PROBLEM_WARNING, set->items[i].display, 0, 0,
				     "not analyzed: named on the command line but excluded by the pattern "
				     "'%s' of %s", patterns->items[k], origin_of(origins, (size_t)k));
	}
	size_t dropped = inputs_exclude(set, patterns);
	if (found && !set->len) {
		problems_add(problems, PROBLEM_ERROR, NULL, 0, 0,
			     "nothing to analyze: the %zu file%s found %s excluded (pattern '%s' of %s)", found,
			     found == 1 ? "" : "s", found == 1 ? "is" : "are all", patterns->items[first],
			     origin_of(origins, (size_t)first));
		return -1;
	}
	return (long)dropped;
}

static void input_release(struct input *in)
{
	free(in->path);
	free(in->display);
	free(in->directory);
	free(in->scope);
	strvec_clear(&in->projects);
	strvec_clear(&in->args);
	driver_facts_release(&in->facts);
}

size_t inputs_exclude(struct input_set *set, const struct strvec *patterns)
{
	size_t kept = 0, dropped = 0;
	for (size_t i = 0; i < set->len; i++) {
		bool drop = false;
		for (size_t k = 0; k < patterns->len && !drop; k++)
			drop = excluded(set->items[i].display, patterns->items[k]);
		if (!drop) {
			set->items[kept++] = set->items[i];
			continue;
		}
		dropped++;
		input_release(&set->items[i]);
	}
	set->len = kept;
	strindex_clear(&set->by_path);
	return dropped;
}

void inputs_release(struct input_set *set)
{
	for (size_t i = 0; i < set->len; i++) {
		input_release(&set->items[i]);
	}
	free(set->items);
	free(set->database);
	strindex_clear(&set->by_path);
	memset(set, 0, sizeof(*set));
}
