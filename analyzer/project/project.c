/* SPDX-License-Identifier: Apache-2.0 */
/* Finding the build files of the analyzed tree and giving each input the
 * flags of the project that compiles it. Reading one build file is
 * project/msbuild.c (.vcxproj) or project/sources.c (WDK 7 `sources`). */
#include "project/project.h"

#include <ctype.h>
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "base/map.h"
#include "base/path.h"
#include "base/problems.h"
#include "base/str.h"
#include "base/strbuf.h"
#include "project/dircache.h"

/* Whether `path` is a directory itself (lstat), asked through `dirs` when there is one. */
static bool is_directory(struct project_dircache *dirs, const char *path)
{
	struct stat st;
	if (dirs)
		return project_dircache_is_directory(dirs, path);
	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Whether `path` exists (lstat), answered by the listing of its folder when
 * `dirs` has one: 100,000 items in one folder were as many calls. */
static bool exists(struct project_dircache *dirs, char *path)
{
	char *slash = strrchr(path, '/');
	if (dirs && slash && slash > path && slash[1]) {
		*slash = '\0';
		int held = project_dircache_holds(dirs, path, slash + 1);
		*slash = '/';
		if (held >= 0)
			return held;
	}
	struct stat st;
	return lstat(path, &st) == 0;
}

/* path_entry_nocase(), through `dirs` when there is one. */
static char *entry_nocase(struct project_dircache *dirs, const char *dir, const char *name)
{
	if (!dirs)
		return path_entry_nocase(dir, name);
	const char *spelled = project_dircache_entry(dirs, dir, name);
	return spelled ? alloc_strdup(spelled) : NULL;
}

/* A build file's path with Windows separators as '/'. */
static char *slashed_copy(const char *path)
{
	char *slashed = alloc_strdup(path);
	for (char *p = slashed; *p; p++)
		if (*p == '\\')
			*p = '/';
	return slashed;
}

/* A drive letter names a directory of the machine that built it. */
static bool has_drive_letter(const char *slashed)
{
	return slashed[0] && slashed[1] == ':';
}

char *project_resolve_path(const char *path, const char *base, struct project_dircache *dirs)
{
	char *slashed = slashed_copy(path);
	/* A drive letter names a directory of the machine that built it: not here. */
	if (has_drive_letter(slashed))
		return slashed;
	char *abs = path_absolute(slashed, base);
	free(slashed);
	if (exists(dirs, abs))
		return abs;
	/* The longest leading folder that exists as spelled is taken as it is;
	 * letter case is looked for only below it (reading "/tmp" for each of
	 * 100,000 items was most of their cost). */
	size_t kept = strlen(abs);
	while (kept > 0) {
		while (kept > 0 && abs[kept - 1] != '/')
			kept--;
		if (kept <= 1)
			break;
		abs[kept - 1] = '\0';
		bool there = is_directory(dirs, abs);
		abs[kept - 1] = '/';
		if (there)
			break;
		kept--;
	}
	struct strbuf sb = STRBUF_INIT;
	if (kept > 1)
		strbuf_add(&sb, abs, kept - 1);
	const char *p = abs + (kept > 1 ? kept - 1 : 0);
	bool on_disk = true;
	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		size_t n = strcspn(p, "/");
		char *name = alloc_strndup(p, n);
		const char *dir = sb.len ? strbuf_str(&sb) : "/";
		char *real = on_disk ? entry_nocase(dirs, dir, name) : NULL;
		on_disk = real != NULL;
		strbuf_addc(&sb, '/');
		strbuf_adds(&sb, real ? real : name);
		free(real);
		free(name);
		p += n;
	}
	free(abs);
	if (!sb.len)
		strbuf_addc(&sb, '/');
	return strbuf_detach(&sb);
}

/* The WDK's entry stubs: each sets up the security cookie (and KMDF's
 * loader) and calls DriverEntry, so the driver's entry stays DriverEntry. */
static const char *const entry_stubs[] = { "DriverEntry", "GsDriverEntry", "FxDriverEntry" };

char *project_entry_symbol(const char *symbol)
{
	const char *s = symbol + strspn(symbol, " \t\r\n\"");
	size_t n = strcspn(s, " \t\r\n\"");
	const char *at = memchr(s, '@', n);
	if (at && at + 1 < s + n && strspn(at + 1, "0123456789") == (size_t)(s + n - at - 1)) {
		/* x86 stdcall: a leading underscore and @ the bytes of the arguments. */
		n = (size_t)(at - s);
		if (n && s[0] == '_')
			s++, n--;
	}
	if (!n || !(isalpha((unsigned char)s[0]) || s[0] == '_') ||
	    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") < n)
		return NULL;
	/* A stub named with the underscore alone (_FxDriverEntry) is the stub too. */
	const char *bare = s[0] == '_' ? s + 1 : s;
	size_t bare_n = n - (size_t)(bare - s);
	for (size_t i = 0; i < sizeof(entry_stubs) / sizeof(*entry_stubs); i++)
		if (strlen(entry_stubs[i]) == bare_n && !strncmp(bare, entry_stubs[i], bare_n))
			return NULL;
	return alloc_strndup(s, n);
}

struct project_file *project_add_file(struct project *p, const char *abs_path)
{
	/* Found by a hash, not a scan: 100,000 items are not a scan each. */
	int k = strindex_find(&p->paths, abs_path);
	if (k >= 0 && p->position[k] != SIZE_MAX)
		return &p->files[p->position[k]];
	k = strindex_add(&p->paths, abs_path);
	GROW(p->position, p->position_cap, (size_t)k + 1);
	p->position[k] = p->nfiles;
	GROW(p->files, p->cap, p->nfiles + 1);
	struct project_file *f = &p->files[p->nfiles++];
	memset(f, 0, sizeof(*f));
	f->path = alloc_strdup(abs_path);
	return f;
}

void project_remove_file(struct project *p, const char *abs_path)
{
	int k = strindex_find(&p->paths, abs_path);
	if (k < 0 || p->position[k] == SIZE_MAX)
		return;
	size_t i = p->position[k];
	free(p->files[i].path);
	strvec_clear(&p->files[i].args);
	p->position[k] = SIZE_MAX;
	p->files[i] = p->files[--p->nfiles];
	if (i < p->nfiles)
		p->position[strindex_find(&p->paths, p->files[i].path)] = i;
}

void project_release(struct project *p)
{
	for (size_t i = 0; i < p->nfiles; i++) {
		free(p->files[i].path);
		strvec_clear(&p->files[i].args);
	}
	free(p->files);
	strindex_clear(&p->paths);
	free(p->position);
	free(p->path);
	free(p->configuration);
	driver_facts_release(&p->facts);
	memset(p, 0, sizeof(*p));
}

void project_set_release(struct project_set *set)
{
	for (size_t i = 0; i < set->len; i++)
		project_release(&set->items[i]);
	free(set->items);
	memset(set, 0, sizeof(*set));
}

/* The readers, by the file names they read. */
static const struct build_file_kind {
	const char *suffix;   /* matched without regard to case */
	bool whole_name;      /* the suffix is the whole name */
	int (*load)(const char *, const struct project_options *, struct project *, struct problems *);
} build_file_kinds[] = {
	{ ".vcxproj", false, msbuild_load },
	{ "sources", true, project_sources_load },
};

static const struct build_file_kind *kind_of(const char *name)
{
	for (size_t i = 0; i < sizeof(build_file_kinds) / sizeof(*build_file_kinds); i++) {
		const struct build_file_kind *k = &build_file_kinds[i];
		if (k->whole_name ? !strcasecmp(name, k->suffix)
				  : strlen(name) > strlen(k->suffix) && str_ends_with_nocase(name, k->suffix))
			return k;
	}
	return NULL;
}

struct scan {
	struct strvec found;    /* build files, absolute */
	struct strvec scanned;  /* roots of the subtrees already walked */
	struct strvec listed;   /* directories already read alone (no subtree) */
	struct strvec file_dirs; /* the directories of files given, each scanned for once */
	struct strindex probed; /* directories is_tree_top looked at, by number... */
	bool *top;              /* ...and whether each is a tree's top */
	size_t top_cap;
	size_t budget;          /* directories left to open */
};

/* Adds the build files directly in `dir`, and below it when `depth` >= 0,
 * skipping subtrees already walked. */
static void scan_directory(struct scan *sc, const char *dir, int depth)
{
	if (sc->budget == 0)
		return;
	sc->budget--;
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		/* The entry's own type, as lstat gives it: asked only of the file
		 * systems that do not say (a folder of 100,000 sources was as many
		 * calls). */
		bool subtree = depth >= 0 && depth < 64, named = kind_of(de->d_name) != NULL;
		if (!subtree && !named)
			continue;
		char *child = path_join(dir, de->d_name);
		struct stat st;
		mode_t type = de->d_type == DT_DIR ? S_IFDIR : de->d_type == DT_REG ? S_IFREG : 0;
		if (de->d_type == DT_UNKNOWN && lstat(child, &st) == 0)
			type = st.st_mode & S_IFMT;
		if (type == S_IFDIR && subtree && !strvec_contains(&sc->scanned, child))
			scan_directory(sc, child, depth + 1);
		else if (type == S_IFREG && named && !strvec_contains(&sc->found, child))
			strvec_push(&sc->found, child);
		free(child);
	}
	closedir(d);
}

static void scan_tree(struct scan *sc, const char *dir)
{
	if (strvec_contains(&sc->scanned, dir))
		return;
	scan_directory(sc, dir, 0);
	strvec_push(&sc->scanned, dir);
}

/* The build files directly in `dir`, once however many inputs lie below it. */
static void scan_alone(struct scan *sc, const char *dir)
{
	if (strvec_contains(&sc->scanned, dir) || strvec_contains(&sc->listed, dir))
		return;
	scan_directory(sc, dir, -1);
	strvec_push(&sc->listed, dir);
}

/* The top of a source tree: above it lie other trees, not this one's build files. */
static bool names_tree_top(const char *dir)
{
	static const char *const markers[] = { ".git", ".hg", ".svn", "README", "README.md",
					       "README.txt", "LICENSE", "LICENSE.txt", "LICENSE.md" };
	DIR *d = opendir(dir);
	if (!d)
		return false;
	bool top = false;
	struct dirent *e;
	while (!top && (e = readdir(d)) != NULL)
		for (size_t i = 0; i < sizeof(markers) / sizeof(*markers) && !top; i++)
			top = !strcasecmp(e->d_name, markers[i]);
	closedir(d);
	return top;
}

/* Whether `dir` holds a marker of a source tree's top (in any letter case);
 * each directory is read once per run, however many files lie under it. */
static bool is_tree_top(struct scan *sc, const char *dir)
{
	int k = strindex_find(&sc->probed, dir);
	if (k >= 0)
		return sc->top[k];
	k = strindex_add(&sc->probed, dir);
	GROW(sc->top, sc->top_cap, (size_t)k + 1);
	sc->top[k] = names_tree_top(dir);
	return sc->top[k];
}

/* Where the build files of `abs` (a path given) may be: its own subtree (a
 * file's own directory);
 * when the top of its source tree (.git, README, LICENSE...) is at most three
 * directories up, the subtrees of the directories up to that top (a project
 * in proj/ for sources in src/); and the directories further above, alone (a
 * sources file over the files named). Without a top that near, no subtree
 * above is walked: that would be the user's home or the whole file system. */
static void scan_for(struct scan *sc, const char *abs)
{
	if (path_is_directory(abs))
		scan_tree(sc, abs);
	char *dir = path_is_directory(abs) ? alloc_strdup(abs) : path_dirname(abs);
	int top_up = -1; /* how many levels up the tree's top is, when within three */
	char *probe = alloc_strdup(dir);
	for (int up = 0; up <= 3 && top_up < 0; up++) {
		if (is_tree_top(sc, probe))
			top_up = up;
		char *parent = path_dirname(probe);
		bool root = !strcmp(parent, probe);
		free(probe);
		probe = parent;
		if (root)
			break;
	}
	free(probe);
	if (!path_is_directory(abs)) { /* a file: its own directory first */
		if (top_up >= 0)
			scan_tree(sc, dir);
		else
			scan_alone(sc, dir);
	}
	for (int up = 1; up <= 64; up++) {
		char *parent = path_dirname(dir);
		bool root = !strcmp(parent, dir);
		free(dir);
		dir = parent;
		if (root)
			break;
		if (up <= top_up)
			scan_tree(sc, dir);
		else
			scan_alone(sc, dir);
	}
	free(dir);
}

static bool is_under(const char *path, const char *root)
{
	size_t n = strlen(root);
	return !strncmp(path, root, n) && (path[n] == '\0' || path[n] == '/' || !strcmp(root, "/"));
}

/* Whether the absolute `path` lies in the tree or a folder --allow-outside-imports names. */
static bool within_bounds(const struct project_options *opts, const char *path)
{
	bool inside = is_under(path, opts->tree);
	for (size_t i = 0; !inside && opts->outside_ok && i < opts->outside_ok->len; i++)
		inside = is_under(path, opts->outside_ok->items[i]);
	return inside;
}

/* The nearest directory at or above `dir` holding .git (a directory, or a
 * file in a worktree), or NULL. */
static char *git_root_above(const char *dir)
{
	for (char *d = alloc_strdup(dir);;) {
		char *git = path_join(d, ".git");
		struct stat st;
		bool found = lstat(git, &st) == 0;
		free(git);
		if (found)
			return d;
		char *parent = path_dirname(d);
		bool top = !strcmp(parent, d);
		free(d);
		if (top) {
			free(parent);
			return NULL;
		}
		d = parent;
	}
}

/* The tree of the build file at `path` (project_options.tree): a real path. */
static char *tree_of(const char *path, const struct strvec *roots)
{
	char *dir = path_dirname(path);
	char *tree = git_root_above(dir);
	for (size_t r = 0; !tree && r < roots->len; r++)
		if (is_under(path, roots->items[r]))
			tree = path_is_directory(roots->items[r]) ? alloc_strdup(roots->items[r])
							     : path_dirname(roots->items[r]);
	if (!tree)
		tree = alloc_strdup(dir);
	free(dir);
	char *real = realpath(tree, NULL);
	if (!real)
		return tree;
	free(tree);
	return real;
}

bool project_inside_tree(const struct project_options *opts, const char *project, const char *path,
			 const char *what, const char *raw, struct problems *problems)
{
	if (!opts->tree)
		return true;
	char *real = realpath(path, NULL);
	if (!real)
		return true;
	bool inside = within_bounds(opts, real);
	free(real);
	if (inside)
		return true;
	/* A warning, shown at every level but -q: the build asked for something
	 * that is not read, so the analysis may differ from the build's. */
	char *cwd = path_current_directory();
	char *shown = path_relative_to(project, cwd);
	problems_add(problems, PROBLEM_WARNING, shown, 0, 0,
		     "%s outside the tree '%s', skipped: %s (--allow-outside-imports DIR allows a folder)",
		     what, opts->tree, raw);
	free(shown);
	free(cwd);
	return false;
}

bool project_path_in_bounds(const struct project_options *opts, const char *base, const char *path)
{
	if (!opts || !opts->tree)
		return true;
	char *slashed = slashed_copy(path);
	/* The tree is a real path: so is the base the path is joined to. */
	char *real_base = base ? realpath(base, NULL) : NULL;
	char *abs = path_absolute(slashed, real_base ? real_base : base);
	bool inside = !has_drive_letter(slashed) && within_bounds(opts, abs);
	free(abs);
	free(real_base);
	free(slashed);
	return inside;
}

static bool under_a_root(const char *path, const struct strvec *roots)
{
	for (size_t r = 0; r < roots->len; r++)
		if (is_under(path, roots->items[r]))
			return true;
	return false;
}

/* A project counts when it lies under a path given or compiles a file
 * under one; the others were met on the way up. */
static bool is_relevant(const struct project *p, const struct strvec *roots)
{
	if (under_a_root(p->path, roots))
		return true;
	for (size_t f = 0; f < p->nfiles; f++)
		if (under_a_root(p->files[f].path, roots))
			return true;
	return false;
}

static int compare_projects(const void *a, const void *b)
{
	return strcmp(((const struct project *)a)->path, ((const struct project *)b)->path);
}

void project_find_all(const struct strvec *paths, const struct project_options *opts,
		      struct project_set *out, struct problems *problems)
{
	memset(out, 0, sizeof(*out));
	char *cwd = path_current_directory();
	struct scan sc = { .budget = 20000 };
	struct strvec roots = STRVEC_INIT;
	for (size_t i = 0; i < paths->len; i++) {
		char *abs = path_absolute(paths->items[i], cwd);
		/* What scan_for finds for a file depends on its directory alone:
		 * a thousand files named in one directory scan it once. */
		char *dir = path_is_directory(abs) ? NULL : path_dirname(abs);
		if (!dir || !strvec_contains(&sc.file_dirs, dir))
			scan_for(&sc, abs);
		if (dir && !strvec_contains(&sc.file_dirs, dir))
			strvec_push(&sc.file_dirs, dir);
		free(dir);
		strvec_push(&roots, abs);
		free(abs);
	}
	strvec_sort(&sc.found);
	for (size_t i = 0; i < sc.found.len; i++) {
		const struct build_file_kind *k = kind_of(path_basename(sc.found.items[i]));
		struct project p = { 0 };
		/* What reading a build file met is said only for the projects that
		 * count: `check -v one.c` in a tree of fifty projects is about one. */
		struct problems met = { 0 };
		struct project_options po = *opts;
		char *tree = tree_of(sc.found.items[i], &roots);
		po.tree = tree;
		int rc = k->load(sc.found.items[i], &po, &p, &met);
		free(tree);
		bool relevant = rc == 0 ? is_relevant(&p, &roots) : under_a_root(sc.found.items[i], &roots);
		if (relevant)
			problems_move(problems, &met);
		problems_clear(&met);
		if (rc != 0 || !relevant) {
			project_release(&p);
			continue;
		}
		GROW(out->items, out->cap, out->len + 1);
		out->items[out->len++] = p;
	}
	strvec_clear(&sc.found);
	strvec_clear(&sc.scanned);
	strvec_clear(&sc.listed);
	strvec_clear(&sc.file_dirs);
	strindex_clear(&sc.probed);
	free(sc.top);
	strvec_clear(&roots);
	free(cwd);
	if (out->len > 1)
		qsort(out->items, out->len, sizeof(*out->items), compare_projects);
}

/* How many leading path characters `a` and `b` share, up to a '/'. */
static size_t common_prefix(const char *a, const char *b)
{
	size_t n = 0, last = 0;
	while (a[n] && a[n] == b[n]) {
		if (a[n] == '/')
			last = n;
		n++;
	}
	return last;
}

/* One project file of a path: the files of every project, by path, in
 * project order (a tree of 100,000 sources is a lookup per input, not a scan
 * of every project's files). */
struct listing {
	size_t project, file;
	int next;                   /* the next listing of the same path + 1, 0 none */
};

void project_apply(const struct project_set *projects, struct input_set *inputs)
{
	struct strindex paths = STRINDEX_INIT;
	struct listing *listings = NULL;
	size_t nlistings = 0, cap = 0;
	int *first = NULL, *last = NULL;
	size_t heads = 0;
	for (size_t p = 0; p < projects->len; p++) {
		const struct project *pr = &projects->items[p];
		for (size_t f = 0; f < pr->nfiles; f++) {
			size_t k = (size_t)strindex_add(&paths, pr->files[f].path);
			if (k >= heads) {
				first = alloc_resize(first, (k + 1) * sizeof(*first));
				last = alloc_resize(last, (k + 1) * sizeof(*last));
				first[k] = last[k] = 0;
				heads = k + 1;
			}
			/* A project's first file of a path only. */
			if (last[k] && listings[last[k] - 1].project == p)
				continue;
			GROW(listings, cap, nlistings + 1);
			listings[nlistings] = (struct listing){ p, f, 0 };
			if (last[k])
				listings[last[k] - 1].next = (int)nlistings + 1;
			else
				first[k] = (int)nlistings + 1;
			last[k] = (int)++nlistings;
		}
	}
	for (size_t i = 0; i < inputs->len; i++) {
		struct input *in = &inputs->items[i];
		if (in->in_database)
			continue;
		int k = strindex_find(&paths, in->path);
		const struct project *best = NULL;
		const struct project_file *best_file = NULL;
		size_t best_score = 0;
		for (int l = k >= 0 ? first[k] : 0; l; l = listings[l - 1].next) {
			const struct project *pr = &projects->items[listings[l - 1].project];
			if (!strvec_contains(&in->projects, pr->path))
				strvec_push(&in->projects, pr->path);
			size_t score = common_prefix(pr->path, in->path);
			if (!best || score > best_score) {
				best = pr;
				best_file = &pr->files[listings[l - 1].file];
				best_score = score;
			}
		}
		if (!best)
			continue;
		strvec_push_all(&in->args, &best_file->args);
		driver_facts_copy(&in->facts, &best->facts);
		in->in_project = true;
	}
	strindex_clear(&paths);
	free(listings);
	free(first);
	free(last);
}
