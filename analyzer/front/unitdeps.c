/* SPDX-License-Identifier: Apache-2.0 */
/* The dependencies of unitdeps.h, from libclang's inclusion stacks: each
 * included file comes with the place of its #include, whose line is read
 * back from the includer's buffer for the name and its delimiters, and the
 * chain of includers, whose directories a quoted include searches first. */
#include "front/unitdeps.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "base/map.h"
#include "base/path.h"
#include "base/strvec.h"
#include "front/cursor.h"
#include "front/directive.h"
#include "front/wdkmodel.h"

/* The directories of the search path, in the order clang searches them:
 * -iquote (quoted includes only), then -I, then the system ones. */
struct search_path {
	struct strvec quote, user, system, after;
};

static const struct {
	const char *flag;
	int list; /* 0 quote, 1 user, 2 system, 3 after */
} dir_flags[] = {
	{ "--include-directory=", 1 }, { "--include-directory", 1 }, { "-iquote", 0 },
	{ "-isystem", 2 }, { "-imsvc", 2 }, { "-idirafter", 3 }, { "-I", 1 },
};

static void search_path_init(struct search_path *s, const struct strvec *args)
{
	memset(s, 0, sizeof(*s));
	struct strvec *lists[] = { &s->quote, &s->user, &s->system, &s->after };
	for (size_t i = 0; i < args->len; i++) {
		const char *a = args->items[i];
		for (size_t k = 0; k < sizeof(dir_flags) / sizeof(*dir_flags); k++) {
			size_t n = strlen(dir_flags[k].flag);
			if (strncmp(a, dir_flags[k].flag, n))
				continue;
			if (a[n])
				strvec_push(lists[dir_flags[k].list], a + n);
			else if (i + 1 < args->len)
				strvec_push(lists[dir_flags[k].list], args->items[++i]);
			break;
		}
	}
}

static void search_path_release(struct search_path *s)
{
	strvec_clear(&s->quote);
	strvec_clear(&s->user);
	strvec_clear(&s->system);
	strvec_clear(&s->after);
}

static bool under(const char *path, const char *dir)
{
	size_t n = dir ? strlen(dir) : 0;
	return n && !strncmp(path, dir, n) && (path[n] == '/' || dir[n - 1] == '/');
}

/* Files of the model, of the toolchain and of this run: stamped or ours. */
static bool stamped(const struct header_model *m, const char *abs)
{
	return under(abs, m->model_dir) || under(abs, m->mingw_dir) || under(abs, m->resource_dir) ||
	       under(abs, m->work_dir) || under(abs, m->wdk_dir);
}

/* What is known of an includer, by its CXFile: most inclusions come from the
 * model's own headers, which need no more than this. */
struct includer {
	bool stamped;
	char name[]; /* as clang names it */
};

struct collect {
	CXTranslationUnit tu;
	struct ptrmap includers;  /* CXFile -> struct includer */
	const struct header_model *model;
	const char *main_path;
	const struct search_path *search;
	char *cwd;
	struct strvec *read, *shadows;
	struct strindex seen_shadows;
	bool complete;
};

/* The name of the #include at `loc` and whether it is quoted: read from the
 * line in the includer's buffer, else (a name built by a macro) from the
 * directive's cursor, taken as quoted, whose search covers the angled one. */
static char *include_name(struct collect *x, CXFile file, unsigned offset, CXSourceLocation loc, bool *quoted)
{
	size_t size = 0;
	const char *text = clang_getFileContents(x->tu, file, &size);
	if (text && offset <= size) {
		const char *start = text + offset, *end = text + offset;
		while (start > text && start[-1] != '\n')
			start--;
		while (end < text + size && *end != '\n')
			end++;
		struct include_directive d;
		if (include_directive_parse(start, end, &d)) {
			*quoted = d.quoted && strcmp(d.word, "include_next");
			return d.name;
		}
	}
	CXCursor c = clang_getCursor(x->tu, loc);
	if (clang_getCursorKind(c) != CXCursor_InclusionDirective)
		return NULL;
	*quoted = true;
	char *name = cxstring_take(clang_getCursorSpelling(c));
	if (name && !*name) {
		free(name);
		name = NULL;
	}
	return name;
}

/* Records `dir`/`name` unless it is the file found (then true: the search
 * stops there) or a stamped file. */
static bool try_candidate(struct collect *x, const char *dir, const char *name, const struct stat *found)
{
	char *joined = path_join(dir, name);
	char *raw = path_is_absolute(joined) ? joined : path_join(x->cwd, joined);
	if (raw != joined)
		free(joined);
	struct stat st;
	bool hit = found && stat(raw, &st) == 0 && st.st_dev == found->st_dev && st.st_ino == found->st_ino;
	char *abs = path_absolute(raw, NULL);
	if (!hit && !stamped(x->model, abs) && strindex_find(&x->seen_shadows, raw) < 0) {
		strindex_add(&x->seen_shadows, raw);
		strvec_push(x->shadows, raw);
	}
	free(abs);
	free(raw);
	return hit;
}

static bool try_dirs(struct collect *x, const struct strvec *dirs, const char *name, const struct stat *found)
{
	for (size_t i = 0; i < dirs->len; i++)
		if (try_candidate(x, dirs->items[i], name, found))
			return true;
	return false;
}

static const struct includer *includer_of(struct collect *x, CXFile file)
{
	void **slot = ptrmap_slot(&x->includers, file);
	if (!*slot) {
		char *name = cxstring_take(clang_getFileName(file));
		char *abs = name ? path_absolute(name, NULL) : NULL;
		size_t n = name ? strlen(name) : 0;
		struct includer *in = alloc_bytes(sizeof(*in) + n + 1);
		in->stamped = !abs || stamped(x->model, abs);
		memcpy(in->name, name ? name : "", n + 1);
		*slot = in;
		free(abs);
		free(name);
	}
	return *slot;
}

/* The paths searched for `name` before `found`: all of them when clang's
 * search found it somewhere this model of it does not know. */
static void search_misses(struct collect *x, const char *name, bool quoted, CXSourceLocation *stack,
			  unsigned depth, const struct stat *found)
{
	if (quoted) {
		for (unsigned i = 0; i < depth; i++) {
			CXFile f = NULL;
			clang_getExpansionLocation(stack[i], &f, NULL, NULL, NULL);
			const struct includer *includer = f ? includer_of(x, f) : NULL;
			char *dir = includer && *includer->name ? path_dirname(includer->name) : NULL;
			bool hit = dir && try_candidate(x, dir, name, found);
			free(dir);
			if (hit)
				return;
		}
		if (try_dirs(x, &x->search->quote, name, found))
			return;
	}
	if (!try_dirs(x, &x->search->user, name, found) && !try_dirs(x, &x->search->system, name, found))
		try_dirs(x, &x->search->after, name, found);
}

static void visit_inclusion(CXFile file, CXSourceLocation *stack, unsigned depth, CXClientData data)
{
	struct collect *x = data;
	char *name = cxstring_take(clang_getFileName(file));
	char *path = name ? path_absolute(name, NULL) : NULL;
	if (path && strcmp(path, x->main_path) && !stamped(x->model, path) && !strvec_contains(x->read, path))
		strvec_push(x->read, path);
	CXFile includer = NULL;
	unsigned offset = 0;
	if (depth > 0)
		clang_getExpansionLocation(stack[0], &includer, NULL, NULL, &offset);
	const struct includer *from = includer ? includer_of(x, includer) : NULL;
	if (from && !from->stamped) {
		bool quoted = false;
		char *spelled = include_name(x, includer, offset, stack[0], &quoted);
		struct stat found;
		bool known = name && stat(name, &found) == 0;
		if (!spelled)
			x->complete = false;
		else if (!path_is_absolute(spelled))
			search_misses(x, spelled, quoted, stack, depth, known ? &found : NULL);
		/* clang may read "..\x.h" as "../x.h": both spellings' misses */
		if (spelled && strchr(spelled, '\\')) {
			for (char *p = spelled; *p; p++)
				if (*p == '\\')
					*p = '/';
			if (!path_is_absolute(spelled))
				search_misses(x, spelled, quoted, stack, depth, known ? &found : NULL);
		}
		free(spelled);
	}
	free(path);
	free(name);
}

bool unit_deps_collect(CXTranslationUnit tu, const struct header_model *model, const char *main_path,
		       const struct strvec *args, struct strvec *read, struct strvec *shadows)
{
	struct search_path search;
	search_path_init(&search, args);
	struct collect x = { .tu = tu, .includers = PTRMAP_INIT, .model = model, .main_path = main_path,
			     .search = &search, .cwd = path_current_directory(), .read = read, .shadows = shadows,
			     .seen_shadows = STRINDEX_INIT, .complete = true };
	clang_getInclusions(tu, visit_inclusion, &x);
	strvec_sort(read);
	strvec_sort(shadows);
	strindex_clear(&x.seen_shadows);
	ptrmap_clear(&x.includers);
	search_path_release(&search);
	free(x.cwd);
	return x.complete;
}
