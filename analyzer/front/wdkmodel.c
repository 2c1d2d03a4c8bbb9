/* SPDX-License-Identifier: Apache-2.0 */
/* Locating and describing the header model. The design (why mingw-w64 plus
 * our overlay, why precompiled preludes) is in analyzer/wdk/README.md. */
#include "front/wdkmodel.h"

#include "base/alloc.h"
#include "base/path.h"
#include "base/str.h"
#include "front/directive.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>
#include <sys/stat.h>

#include "config.h"
#include "base/cleanup.h"
#include "base/locate.h"
#include "base/problems.h"
#include "base/source.h"

static const char *const mingw_candidates[] = {
	"/usr/share/mingw-w64/include",
	"/usr/x86_64-w64-mingw32/include",
	"/opt/homebrew/opt/mingw-w64/toolchain-x86_64/x86_64-w64-mingw32/include",
	"/usr/local/opt/mingw-w64/toolchain-x86_64/x86_64-w64-mingw32/include",
	"/mingw64/include",
	"/ucrt64/include",
};

/* Headers whose inclusion marks a file as kernel-mode driver code. */
static const char *const kernel_headers[] = {
	"ntddk.h", "wdm.h", "ntifs.h", "fltkernel.h", "wdf.h", "ndis.h", "storport.h", "miniport.h",
	"srb.h", "irb.h", "ata.h", "ide.h", "classpnp.h", "ntstrsafe.h", "scsi.h", "wdmsec.h",
	"ntddstor.h", "ntdddisk.h", "ntddscsi.h", "ntddvol.h", "mountdev.h", "wmilib.h", "ntimage.h",
};
static const char *const user_headers[] = { "windows.h", "wudfwdm.h" };

static char *first_existing(const char *env, const char *option, const char *build_default,
			    const char *probe)
{
	const char *tries[3] = { option, getenv(env), build_default };
	for (int i = 0; i < 3; i++) {
		if (!tries[i] || !tries[i][0])
			continue;
		char *abs = path_absolute(tries[i], NULL);
		char *check = probe ? path_join(abs, probe) : alloc_strdup(abs);
		bool ok = probe ? path_is_regular_file(check) : path_is_directory(check);
		free(check);
		if (ok)
			return abs;
		free(abs);
		if (i == 0)
			return NULL; /* an explicit option that is wrong must not fall back silently */
	}
	return NULL;
}

char *header_model_find_overlay(const char *option)
{
	char *installed = locate_data_dir("include", "entrycheck/wpp.h", ENTRYCHECK_DEFAULT_MODEL_DIR);
	char *dir = first_existing("ENTRYCHECK_MODEL_DIR", option, installed, "entrycheck/wpp.h");
	free(installed);
	return dir;
}

char *header_model_find_mingw(const char *option)
{
	char *dir = first_existing("ENTRYCHECK_MINGW_INCLUDE", option, ENTRYCHECK_DEFAULT_MINGW_DIR,
				   "ddk/ntddk.h");
	for (size_t i = 0; !dir && !option && i < sizeof(mingw_candidates) / sizeof(*mingw_candidates); i++) {
		char *probe = path_join(mingw_candidates[i], "ddk/ntddk.h");
		if (path_is_regular_file(probe))
			dir = alloc_strdup(mingw_candidates[i]);
		free(probe);
	}
	return dir;
}

char *header_model_find_resource_dir(const char *option)
{
	return first_existing("ENTRYCHECK_RESOURCE_DIR", option, ENTRYCHECK_DEFAULT_RESOURCE_DIR,
			      "include/stddef.h");
}

/* --wdk: the directories of a WDK tree that hold headers, by role. */
struct wdk_dir {
	char *path;
	char *lower;
};

static void collect_header_dirs(const char *dir, int depth, struct strvec *out)
{
	if (depth > 8)
		return;
	DIR *d = opendir(dir);
	if (!d)
		return;
	bool has_header = false;
	struct strvec subdirs = STRVEC_INIT;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *child = path_join(dir, de->d_name);
		if (path_is_directory(child))
			strvec_push(&subdirs, child);
		else if (str_ends_with_nocase(de->d_name, ".h"))
			has_header = true;
		free(child);
	}
	closedir(d);
	if (has_header)
		strvec_push(out, dir);
	strvec_sort(&subdirs);
	for (size_t i = 0; i < subdirs.len; i++)
		collect_header_dirs(subdirs.items[i], depth + 1, out);
	strvec_clear(&subdirs);
}

/* The last path component, lower-cased, and whether a component of `lower`
 * equals `name`. */
static bool has_component(const char *lower, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = lower; (p = strstr(p, name)); p++)
		if ((p == lower || p[-1] == '/') && (p[n] == '/' || p[n] == '\0'))
			return true;
	return false;
}

static bool version_less(const char *a, const char *b)
{
	/* Compares dotted numbers field by field ("1.9" < "1.33"); strcmp otherwise. */
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			unsigned long x = strtoul(a, (char **)&a, 10), y = strtoul(b, (char **)&b, 10);
			if (x != y)
				return x < y;
		} else {
			if (*a != *b)
				return *a < *b;
			a++;
			b++;
		}
	}
	return *b != '\0';
}

/* Keeps, among dirs with the role component, those under the highest version. */
static void pick_role(const struct strvec *all, const char *role, const char *wdf_kind,
		      struct strvec *out)
{
	const char *best = NULL;
	for (size_t i = 0; i < all->len; i++) {
		char *lower = str_lower(all->items[i]);
		bool match = wdf_kind ? has_component(lower, "wdf") && has_component(lower, wdf_kind) &&
						strcmp(path_basename(lower), "wdf") != 0
				      : has_component(lower, role) && !strcmp(path_basename(lower), role);
		if (match && (!best || version_less(best, all->items[i])))
			best = all->items[i];
		free(lower);
	}
	if (best)
		strvec_push(out, best);
}

static void write_vfs_entry(FILE *f, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	fprintf(f, "  {\"name\": \"%s\", \"type\": \"directory\", \"contents\": [", dir);
	struct dirent *de;
	bool first = true;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *child = path_join(dir, de->d_name);
		if (path_is_regular_file(child)) {
			fprintf(f, "%s\n    {\"name\": \"%s\", \"type\": \"file\", \"external-contents\": \"%s\"}",
				first ? "" : ",", de->d_name, child);
			first = false;
		}
		free(child);
	}
	closedir(d);
	fprintf(f, "]}");
}

/* `dir`/`name` matched without regard to case, or NULL. */
static char *file_in_nocase(const char *dir, const char *name)
{
	char *spelled = path_entry_nocase(dir, name);
	char *found = spelled ? path_join(dir, spelled) : NULL;
	free(spelled);
	if (found && !path_is_regular_file(found)) {
		free(found);
		found = NULL;
	}
	return found;
}

/* The scratch directories of runs that were killed (SIGKILL, a lost
 * machine: no handler ran): entrycheck-PID-XXXXXX of this user whose process
 * is gone. Others' and live runs' are left alone. */
static void remove_stale_scratch(const char *tmp)
{
	DIR *d = opendir(tmp);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		char *end;
		if (strncmp(e->d_name, "entrycheck-", 11) || !isdigit((unsigned char)e->d_name[11]))
			continue;
		long pid = strtol(e->d_name + 11, &end, 10);
		if (*end != '-' || pid <= 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		char *path = path_join(tmp, e->d_name);
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid())
			path_remove_tree(path);
		free(path);
	}
	closedir(d);
}

/* A real WDK names its files in mixed case (SpecStrings.h) while code
 * includes them in any case; a case-insensitive VFS overlay lets clang find
 * them on a case-sensitive file system without copying anything. */
static int prepare_wdk(struct header_model *m, struct problems *problems)
{
	struct strvec all = STRVEC_INIT;
	collect_header_dirs(m->wdk_dir, 0, &all);
	/* Kernel: km (or ddk in old kits), KMDF, shared (or api), crt; user: um, UMDF, shared, ucrt. */
	pick_role(&all, "km", NULL, &m->wdk_kernel_dirs);
	pick_role(&all, "ddk", NULL, &m->wdk_kernel_dirs);
	pick_role(&all, NULL, "kmdf", &m->wdk_kernel_dirs);
	pick_role(&all, "um", NULL, &m->wdk_user_dirs);
	pick_role(&all, NULL, "umdf", &m->wdk_user_dirs);
	const char *common[] = { "shared", "api", "crt", "ucrt" };
	for (size_t i = 0; i < sizeof(common) / sizeof(*common); i++) {
		pick_role(&all, common[i], NULL, &m->wdk_kernel_dirs);
		pick_role(&all, common[i], NULL, &m->wdk_user_dirs);
	}
	if (m->wdk_kernel_dirs.len == 0 && all.len > 0)
		strvec_push_all(&m->wdk_kernel_dirs, &all); /* an unfamiliar layout: use every header dir */
	if (m->wdk_user_dirs.len == 0)
		strvec_push_all(&m->wdk_user_dirs, &m->wdk_kernel_dirs);
	for (size_t i = 0; i < m->wdk_kernel_dirs.len && !m->wdk_forced_include; i++)
		m->wdk_forced_include = file_in_nocase(m->wdk_kernel_dirs.items[i], "warning.h");
	if (all.len == 0) {
		problems_add(problems, PROBLEM_ERROR, m->wdk_dir, 0, 0,
			     "no header files found under this WDK directory");
		strvec_clear(&all);
		return -1;
	}

	m->vfs_overlay = path_join(m->work_dir, "wdk-vfs.yaml");
	FILE *f = fopen(m->vfs_overlay, "w");
	if (!f) {
		problems_add(problems, PROBLEM_ERROR, m->vfs_overlay, 0, 0, "cannot write: %s",
			     strerror(errno));
		strvec_clear(&all);
		return -1;
	}
	fprintf(f, "{\"version\": 0, \"case-sensitive\": \"false\", \"roots\": [\n");
	for (size_t i = 0; i < all.len; i++) {
		if (i)
			fprintf(f, ",\n");
		write_vfs_entry(f, all.items[i]);
	}
	fprintf(f, "\n]}\n");
	fclose(f);
	strvec_clear(&all);
	return 0;
}

int header_model_init(struct header_model *m, const struct model_options *opts,
		      struct problems *problems)
{
	memset(m, 0, sizeof(*m));
	m->platform = opts->platform;
	m->model_dir = header_model_find_overlay(opts->model_dir);
	if (!m->model_dir) {
		problems_add(problems, PROBLEM_ERROR, opts->model_dir, 0, 0,
			     "cannot find entrycheck's header model (entrycheck/wpp.h); "
			     "set ENTRYCHECK_MODEL_DIR to analyzer/wdk/include");
		return -1;
	}
	m->resource_dir = header_model_find_resource_dir(opts->resource_dir);
	if (!m->resource_dir) {
		problems_add(problems, PROBLEM_ERROR, opts->resource_dir, 0, 0,
			     "cannot find clang's resource directory (include/stddef.h); "
			     "pass --resource-dir $(clang -print-resource-dir)");
		return -1;
	}
	m->mingw_dir = header_model_find_mingw(opts->mingw_dir);
	if (opts->mingw_dir && !m->mingw_dir) {
		problems_add(problems, PROBLEM_ERROR, opts->mingw_dir, 0, 0,
			     "not a mingw-w64 include directory (no ddk/ntddk.h)");
		return -1;
	}
	if (opts->wdk_dir) {
		if (!path_is_directory(opts->wdk_dir)) {
			problems_add(problems, PROBLEM_ERROR, opts->wdk_dir, 0, 0,
				     "--wdk: no such directory");
			return -1;
		}
		m->wdk_dir = path_absolute(opts->wdk_dir, NULL);
	}
	if (!m->mingw_dir && !m->wdk_dir) {
		problems_add(problems, PROBLEM_ERROR, NULL, 0, 0,
			     "cannot find Windows DDK headers: install mingw-w64-common (Debian, Ubuntu) or "
			     "mingw-w64 (Homebrew), set ENTRYCHECK_MINGW_INCLUDE, or pass --wdk DIR");
		return -1;
	}

	const char *tmp = getenv("TMPDIR");
	tmp = tmp && tmp[0] ? tmp : "/tmp";
	remove_stale_scratch(tmp);
	char *name = alloc_printf("entrycheck-%ld-XXXXXX", (long)getpid());
	char *templ = path_join(tmp, name);
	free(name);
	/* No signal between creating the directory and registering it for removal. */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	bool made = mkdtemp(templ) != NULL;
	int made_errno = errno;
	if (made)
		cleanup_register(templ, true);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (!made) {
		problems_add(problems, PROBLEM_ERROR, templ, 0, 0,
			     "cannot create a scratch directory: %s", strerror(made_errno));
		free(templ);
		return -1;
	}
	m->work_dir = templ;
	if (m->wdk_dir && prepare_wdk(m, problems) != 0)
		return -1;
	return 0;
}

void header_model_release(struct header_model *m)
{
	if (m->work_dir) {
		cleanup_unregister(m->work_dir);
		path_remove_tree(m->work_dir);
	}
	free(m->model_dir);
	free(m->mingw_dir);
	free(m->wdk_dir);
	free(m->resource_dir);
	free(m->work_dir);
	free(m->vfs_overlay);
	free(m->wdk_forced_include);
	strvec_clear(&m->wdk_kernel_dirs);
	strvec_clear(&m->wdk_user_dirs);
	memset(m, 0, sizeof(*m));
}

void header_model_base_args(const struct header_model *m, bool cplusplus, struct strvec *args)
{
	strvec_push(args, "-x");
	strvec_push(args, cplusplus ? "c++" : "c");
	if (cplusplus)
		strvec_push(args, "-std=c++17");
	if (m->wdk_dir) {
		strvec_push(args, "--target=x86_64-pc-windows-msvc");
		strvec_push(args, "-ivfsoverlay");
		strvec_push(args, m->vfs_overlay);
	} else {
		strvec_push(args, "--target=x86_64-w64-mingw32");
		/* mingw's headers need __GNUC__, which MSVC compatibility drops. */
		strvec_push(args, "-fgnuc-version=4.2.1");
	}
	/* MSVC's preprocessor and dialect: driver macros rely on the comma before
	 * an empty __VA_ARGS__ vanishing, among others. */
	strvec_push(args, "-fms-compatibility");
	strvec_push(args, "-fms-extensions");
	if (cplusplus) /* user-mode C++ may use exceptions; MSVC compatibility turns them off */
		strvec_push(args, "-fcxx-exceptions");
	strvec_push(args, "-nostdlibinc");
	strvec_push(args, "-resource-dir");
	strvec_push(args, m->resource_dir);
	strvec_push(args, "-ferror-limit=0");
	/* Newer clangs make these errors; MSVC-era driver code relies on them. */
	strvec_push(args, "-Wno-error=implicit-function-declaration");
	strvec_push(args, "-Wno-error=implicit-int");
	strvec_push(args, "-Wno-error=int-conversion");
	strvec_push(args, "-Wno-error=incompatible-function-pointer-types");
	/* MSVC's preprocessor lets ## paste a ',' onto a name and keeps both
	 * tokens (DMF's module macros do); clang in MSVC mode makes it an error. */
	strvec_push(args, "-Wno-error=invalid-token-paste");
	/* MSVC narrows a case label to the switch's type: `switch (ULONG)` with
	 * `case CTL_CODE(0x8000, ...)`, an int that is negative. */
	if (cplusplus)
		strvec_push(args, "-Wno-c++11-narrowing");
	/* MSVC accepts a constexpr routine that can never be a constant
	 * expression (a reinterpret_cast of an address: ViGEmBus's pipe tests);
	 * clang makes it an error. */
	if (cplusplus)
		strvec_push(args, "-Wno-invalid-constexpr");
	strvec_push(args, "-Wno-unknown-pragmas");
	strvec_push(args, "-Wno-pragma-pack");
}

/* The macros an MSVC kernel build of each platform predefines (the WDK's
 * build settings); clang's target gives the compiler's own (_M_AMD64...). */
static const struct {
	const char *platform;
	const char *macros[4];
} arch_macros[] = {
	{ "x64", { "_WIN64", "_AMD64_", "AMD64" } },
	{ "Win32", { "_X86_", "i386=1" } },
	{ "x86", { "_X86_", "i386=1" } },
	{ "ARM64", { "_WIN64", "_ARM64_", "ARM64" } },
};

void header_model_mode_args(const struct header_model *m, enum flavour flavour, struct strvec *args)
{
	if (flavour != FLAVOUR_KERNEL)
		return;
	strvec_push(args, "-D_KERNEL_MODE=1");
	if (!m->wdk_dir)
		return; /* the model needs none of it: mingw's headers pick the architecture */
	const char *platform = m->platform ? m->platform : "x64";
	for (size_t i = 0; i < sizeof(arch_macros) / sizeof(*arch_macros); i++) {
		if (strcasecmp(arch_macros[i].platform, platform))
			continue;
		for (size_t k = 0; k < 4 && arch_macros[i].macros[k]; k++)
			strvec_pushf(args, "-D%s", arch_macros[i].macros[k]);
	}
	if (m->wdk_forced_include) {
		strvec_push(args, "-include");
		strvec_push(args, m->wdk_forced_include);
	}
}

void header_model_include_args(const struct header_model *m, enum flavour flavour,
			       struct strvec *args)
{
	const struct strvec *wdk = flavour == FLAVOUR_USER ? &m->wdk_user_dirs : &m->wdk_kernel_dirs;
	for (size_t i = 0; i < wdk->len; i++) {
		strvec_push(args, "-isystem");
		strvec_push(args, wdk->items[i]);
	}
	strvec_push(args, "-isystem");
	strvec_push(args, m->model_dir);
	if (m->mingw_dir) {
		strvec_push(args, "-isystem");
		strvec_pushf(args, "%s/ddk", m->mingw_dir);
		strvec_push(args, "-isystem");
		strvec_push(args, m->mingw_dir);
	}
}

char *header_model_prelude(const struct header_model *m, enum flavour flavour)
{
	if (m->wdk_dir || flavour == FLAVOUR_NONE)
		return NULL;
	return path_join(m->model_dir, flavour == FLAVOUR_USER ? "entrycheck/user.h"
								: "entrycheck/kernel.h");
}

/* Include scanning: a light look at `#include` lines, enough to pick the
 * flavour and to know which model headers a driver asked for. */

/* The name of a plain #include line, allocated, or NULL. */
static char *include_name(const char *line)
{
	struct include_directive d;
	if (!include_directive_parse(line, NULL, &d))
		return NULL;
	if (!strcmp(d.word, "include"))
		return d.name;
	free(d.name);
	return NULL;
}

static char *find_local_header(const char *dir, const char *name, const struct strvec *user_args)
{
	char *normalized = alloc_strdup(name);
	for (char *q = normalized; *q; q++)
		if (*q == '\\')
			*q = '/';
	/* A stub names the header it stands for by its absolute path. */
	char *candidate = path_is_absolute(normalized) ? alloc_strdup(normalized) : path_join(dir, normalized);
	if (path_is_regular_file(candidate)) {
		free(normalized);
		return candidate;
	}
	free(candidate);
	for (size_t i = 0; user_args && i + 1 < user_args->len; i++) {
		const char *a = user_args->items[i];
		if (strcmp(a, "-I") && strcmp(a, "-iquote") && strcmp(a, "-isystem"))
			continue;
		candidate = path_join(user_args->items[i + 1], normalized);
		if (path_is_regular_file(candidate)) {
			free(normalized);
			return candidate;
		}
		free(candidate);
	}
	free(normalized);
	return NULL;
}

/* How a conditional directive bears on _KERNEL_MODE: its branch is compiled
 * only in kernel mode (1), its #else is (-1), or neither (0). */
static int kernel_branch(const char *word, size_t n, const char *rest)
{
	const char *m = strstr(rest, "_KERNEL_MODE");
	if (!m || (m > rest && (isalnum((unsigned char)m[-1]) || m[-1] == '_')) ||
	    isalnum((unsigned char)m[12]) || m[12] == '_')
		return 0;
	if (n == 5 && !strncmp(word, "ifdef", 5))
		return 1;
	if (n == 6 && !strncmp(word, "ifndef", 6))
		return -1;
	if (n == 2 && !strncmp(word, "if", 2) && strstr(rest, "defined"))
		return strchr(rest, '!') ? -1 : 1;
	return 0;
}

/* The conditional branches open at a line, as they bear on _KERNEL_MODE. */
struct mode_branches {
	int stack[64];  /* per open #if: 1 compiled only in kernel mode, -1 only outside it, 0 either */
	int depth;      /* open #if's, also past the stack's end */
	int kernel, user; /* how many open branches are kernel-only, user-only */
};

/* Follows one preprocessor line `p` (after its '#'s blanks, `len` bytes). */
static void mode_branches_line(struct mode_branches *b, const char *p, size_t len)
{
	const char *w = p + 1 + strspn(p + 1, " \t");
	size_t n = 0;
	while (isalpha((unsigned char)w[n]))
		n++;
	if (!strncmp(w, "if", 2)) {
		char *rest = alloc_strndup(w + n, len - (size_t)(w + n - p));
		int v = kernel_branch(w, n, rest);
		free(rest);
		if (b->depth < 64) {
			b->stack[b->depth] = v;
			b->kernel += v == 1;
			b->user += v == -1;
		}
		b->depth++;
	} else if (b->depth > 0 && n == 4 && (!strncmp(w, "else", 4) || !strncmp(w, "elif", 4))) {
		if (b->depth <= 64) {
			int *v = &b->stack[b->depth - 1];
			b->kernel -= *v == 1;
			b->user -= *v == -1;
			*v = !strncmp(w, "else", 4) ? -*v : 0;
			b->kernel += *v == 1;
			b->user += *v == -1;
		}
	} else if (b->depth > 0 && n == 5 && !strncmp(w, "endif", 5)) {
		b->depth--;
		if (b->depth < 64) {
			b->kernel -= b->stack[b->depth] == 1;
			b->user -= b->stack[b->depth] == -1;
		}
	}
}

static void scan_text(const char *path, const char *text, const struct strvec *user_args,
		      struct include_scan *out, struct strvec *visited, int depth, bool user_only)
{
	char *dir = path_dirname(path);
	struct mode_branches b = { .depth = 0 };
	for (const char *line = text; line && *line;) {
		const char *p = line + strspn(line, " \t");
		const char *eol = strchr(p, '\n');
		if (*p == '#')
			mode_branches_line(&b, p, eol ? (size_t)(eol - p) : strlen(p));
		char *raw = include_name(line);
		if (raw) {
			/* A header included only outside kernel mode (`#ifndef
			 * _KERNEL_MODE #include <windows.h>`) does not make a file
			 * that kernel-mode builds compile a user-mode one. */
			bool user_branch = user_only || b.user > 0;
			struct strvec *names = user_branch ? &out->user_branch_names : &out->names;
			char *lower = str_lower(path_basename(raw));
			for (char *q = strrchr(lower, '\\'); q; q = NULL)
				memmove(lower, q + 1, strlen(q));
			if (!strvec_contains(names, lower))
				strvec_push(names, lower);
			char *local = depth < 6 && visited->len < 64 ? find_local_header(dir, raw, user_args) : NULL;
			if (local && !strvec_contains(visited, local)) {
				strvec_push(visited, local);
				struct source src;
				const char *sys_error;
				if (source_load(local, SOURCE_MAX_BYTES, &src, &sys_error) == SOURCE_OK) {
					scan_text(local, src.text, user_args, out, visited, depth + 1, user_branch);
					source_release(&src);
				}
			}
			free(local);
			free(lower);
			free(raw);
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	free(dir);
}

/* "#define NAME" or "#define NAME VALUE" on one line, as a -D flag. */
static char *object_like_define(const char *line)
{
	const char *p = line;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p++ != '#')
		return NULL;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncmp(p, "define", 6) || (p[6] != ' ' && p[6] != '\t'))
		return NULL;
	p += 6;
	while (*p == ' ' || *p == '\t')
		p++;
	const char *name = p;
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	if (p == name || *p == '(')
		return NULL;
	const char *name_end = p;
	while (*p == ' ' || *p == '\t')
		p++;
	const char *value = p;
	while (*p && *p != '\n' && *p != '\r' && strncmp(p, "//", 2) && strncmp(p, "/*", 2))
		p++;
	if (p > value && p[-1] == '\\')
		return NULL; /* continued lines: too clever for a -D */
	while (p > value && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	char *n = alloc_strndup(name, (size_t)(name_end - name));
	char *flag = p > value ? alloc_printf("-D%s=%.*s", n, (int)(p - value), value) : alloc_printf("-D%s=", n);
	free(n);
	return flag;
}

/* Macros that decide only whether headers define or declare their data
 * (DEFINE_GUID under INITGUID), not which declarations they make: the prelude
 * is built without them (built with them, it would define a GUID each time a
 * header is read, and fail), and the file's own #define still applies to what
 * it includes after. */
static const char *const storage_only_macros[] = { "INITGUID" };

static bool storage_only(const char *flag)
{
	for (size_t i = 0; i < sizeof(storage_only_macros) / sizeof(*storage_only_macros); i++) {
		size_t n = strlen(storage_only_macros[i]);
		if (!strncmp(flag + 2, storage_only_macros[i], n) && (flag[2 + n] == '=' || !flag[2 + n]))
			return true;
	}
	return false;
}

static void scan_leading_defines(const char *text, struct strvec *out)
{
	for (const char *line = text; line && *line;) {
		char *name = include_name(line);
		free(name);
		if (name)
			return;
		char *flag = object_like_define(line);
		if (flag && !storage_only(flag))
			strvec_push(out, flag);
		free(flag);
		line = strchr(line, '\n');
		if (line)
			line++;
	}
}

/* Whether a DriverEntry definition sits in a branch compiled only when
 * _KERNEL_MODE is defined, as MSVC's /kernel does for kernel-mode builds:
 * such a file is kernel code for its DriverEntry, whatever headers its other
 * branch includes (a sample built both as a program and as a driver). */
static bool entry_needs_kernel_mode(const char *text)
{
	struct mode_branches b = { .depth = 0 };
	for (const char *line = text; line && *line;) {
		const char *p = line + strspn(line, " \t");
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (*p == '#') {
			mode_branches_line(&b, p, len);
		} else if (b.kernel > 0) {
			const char *d = p;
			while ((d = strstr(d, "DriverEntry")) && d < p + len) {
				const char *after = d + 11 + strspn(d + 11, " \t\r");
				bool word = (d == line || !(isalnum((unsigned char)d[-1]) || d[-1] == '_'));
				if (word && (*after == '(' || *after == '\n' || !*after))
					return true;
				d += 11;
			}
		}
		line = eol ? eol + 1 : NULL;
	}
	return false;
}

static bool include_scan_has(const struct include_scan *scan, const char *lower_name)
{
	return strvec_contains(&scan->names, lower_name);
}

void header_model_scan(const char *path, const char *text, const struct strvec *user_args,
		       struct include_scan *out)
{
	struct strvec visited = STRVEC_INIT;
	memset(out, 0, sizeof(*out));
	scan_leading_defines(text, &out->leading_defines);
	strvec_push(&visited, path);
	scan_text(path, text, user_args, out, &visited, 0, false);
	strvec_clear(&visited);

	out->flavour = FLAVOUR_NONE;
	for (size_t i = 0; i < sizeof(kernel_headers) / sizeof(*kernel_headers); i++)
		if (include_scan_has(out, kernel_headers[i]))
			out->flavour = FLAVOUR_KERNEL;
	for (size_t i = 0; i < sizeof(user_headers) / sizeof(*user_headers); i++)
		if (include_scan_has(out, user_headers[i]) ||
		    (out->flavour == FLAVOUR_NONE && strvec_contains(&out->user_branch_names, user_headers[i])))
			out->flavour = FLAVOUR_USER;
	if (entry_needs_kernel_mode(text))
		out->flavour = FLAVOUR_KERNEL;
}

void include_scan_release(struct include_scan *scan)
{
	strvec_clear(&scan->names);
	strvec_clear(&scan->user_branch_names);
	strvec_clear(&scan->leading_defines);
}

char *header_model_shown(const struct header_model *m, char *text)
{
	size_t n = m->model_dir ? strlen(m->model_dir) : 0;
	while (n > 1 && m->model_dir[n - 1] == '/')
		n--;
	if (!text || !n || strncmp(text, m->model_dir, n) || text[n] != '/')
		return text;
	char *shown = alloc_printf("<entrycheck>%s", text + n);
	free(text);
	return shown;
}
