/* SPDX-License-Identifier: Apache-2.0 */
/* Build files: the MSBuild projects (.vcxproj, project/msbuild.c) and WDK 7
 * `sources` files (project/sources.c) that compile the inputs, evaluated into
 * per-file flags and driver facts, and handed to the inputs that have no
 * compile database entry, as clang tooling takes flags from a database. */
#ifndef ENTRYCHECK_PROJECT_H
#define ENTRYCHECK_PROJECT_H

#include <stdbool.h>

#include "base/map.h"
#include "base/strvec.h"
#include "project/inputs.h"

struct problems;
struct project_dircache;

struct project_options {
	const char *configuration; /* --configuration, default "Release" */
	const char *platform;      /* --platform, default "x64" */
	bool verbose;              /* notes for imports and directories skipped */
	/* The boundary of what a build file may pull in (Imports, the nearest
	 * Directory.Build.props, forced includes): the tree, the real path of the
	 * git root holding the project, else of the path named that holds it, else
	 * the project's own directory (project_find_all sets it for each project;
	 * NULL: no boundary); and the folders --allow-outside-imports adds, as
	 * real paths (or NULL). */
	const char *tree;
	const struct strvec *outside_ok;
};

struct project_file {
	char *path;           /* absolute, as on disk */
	struct strvec args;   /* -I DIR, -DNAME, -UNAME, -include FILE (absolute paths) */
};

struct project {
	char *path;           /* the project file, absolute */
	const char *kind;     /* "msbuild" or "sources" */
	char *configuration;  /* msbuild: the "Configuration|Platform" evaluated, else NULL */
	struct driver_facts facts;
	struct project_file *files;
	size_t nfiles, cap;
	struct strindex paths; /* the paths ever added, numbered... */
	size_t *position;      /* ...with each one's place in `files`, or SIZE_MAX once removed */
	size_t position_cap;
};

struct project_set {
	struct project *items;
	size_t len, cap;
};

/* Evaluates one .vcxproj (project/msbuild.c). Returns 0, or -1 after adding a
 * problem when the file is not a readable MSBuild project. */
int msbuild_load(const char *path, const struct project_options *opts, struct project *out,
		 struct problems *problems);
/* Reads one WDK `sources` file (project/sources.c). Returns 0 or -1. */
int project_sources_load(const char *path, const struct project_options *opts, struct project *out,
			 struct problems *problems);

/* Finds the build files for `paths`: under each, in the subtrees of up to
 * three directories above it (up to the top of its source tree: .git,
 * README, LICENSE), and in the directories further above; evaluates each
 * into `out`, sorted by path, keeping those under a path or compiling a
 * file under one. Problems with a build file are notes: the inputs still run. */
void project_find_all(const struct strvec *paths, const struct project_options *opts,
		      struct project_set *out, struct problems *problems);
/* Gives every input without a compile database entry the flags and driver
 * facts of the project that compiles it: of several, the one whose file lies
 * nearest the input. */
void project_apply(const struct project_set *projects, struct input_set *inputs);
void project_set_release(struct project_set *set);

/* Helpers shared by the readers. */
/* `path` as MSBuild and nmake write it (backslashes, any letter case), made
 * absolute against `base` and matched on disk component by component without
 * regard to case; a component not on disk is kept as written. Folders are
 * read through `dirs` (project/dircache.h), each once, or from the disk each
 * time when it is NULL. Returns a new string. */
char *project_resolve_path(const char *path, const char *base, struct project_dircache *dirs);
/* The routine a linker entry symbol names (EntryPointSymbol, DRIVERENTRY=,
 * /ENTRY:), without stdcall decoration ("_Name@8" is Name): a new string, or
 * NULL for DriverEntry, for the WDK's stubs that call it (GsDriverEntry,
 * FxDriverEntry) and for what is not a C name. */
char *project_entry_symbol(const char *symbol);
/* Whether the file at `path`, which the build file `project` pulls in, lies
 * inside `opts->tree` or a folder of `opts->outside_ok`, links resolved (a
 * file that does not exist is inside: reading it fails anyway). When not, a
 * note in `problems` names the project, `what` it is and `raw` as written,
 * never the file's text. */
bool project_inside_tree(const struct project_options *opts, const char *project, const char *path,
			 const char *what, const char *raw, struct problems *problems);
/* Adds `file` to the project, or returns its existing entry. */
struct project_file *project_add_file(struct project *p, const char *abs_path);
/* Removes the entry of `abs_path`, if there is one; the last entry takes its place. */
void project_remove_file(struct project *p, const char *abs_path);
void project_release(struct project *p);

#endif
