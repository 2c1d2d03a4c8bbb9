/* SPDX-License-Identifier: Apache-2.0 */
/* What to analyze: the source files named on the command line or found by
 * walking directories, each with its own compiler flags from a compilation
 * database (compile_commands.json) when one is given. */
#ifndef ENTRYCHECK_INPUTS_H
#define ENTRYCHECK_INPUTS_H

#include <stdbool.h>

#include "base/map.h"
#include "base/strvec.h"

struct problems;

/* What a build file says about the driver (project/project.h); a NULL field
 * was not said. */
struct driver_facts {
	char *project;            /* the build file, absolute */
	char *driver_type;        /* DriverType (KMDF, UMDF, WDM, Miniport...) or TARGETTYPE's */
	char *configuration_type; /* ConfigurationType: Driver, Application, StaticLibrary... */
	char *kmdf_version;       /* "MAJOR.MINOR", or "MAJOR" when the minor is not given */
	char *umdf_version;
	char *target_version;     /* TargetVersion: Windows10, Windows7... */
	char *wpp_scan;           /* the WPP scan configuration file, absolute (a .vcxproj's
				   * WppScanConfigurationData, RUN_WPP's -scan:), or NULL */
	char *wpp_funcs;          /* RUN_WPP's -func: trace functions, one a line, or NULL */
	char *wpp_trace_function; /* a .vcxproj's WppTraceFunction metadata as written (';'
				   * apart; front/wpp.c splits it), or NULL */
	struct strvec etw_manifests; /* the ETW instrumentation manifests a .vcxproj's
				   * MessageCompile items name, absolute ... */
	struct strvec etw_headers; /* ... and the header mc.exe generates from each, by name */
	char *entry_point;        /* the routine the linker enters when the build names one
				   * other than DriverEntry (EntryPointSymbol, DRIVERENTRY=,
				   * /ENTRY:), undecorated; else NULL */
};

void driver_facts_copy(struct driver_facts *to, const struct driver_facts *from);
void driver_facts_release(struct driver_facts *facts);

struct input {
	char *path;        /* absolute and normalized */
	char *display;     /* as shown to the user: relative to the cwd when under it */
	char *directory;   /* where relative flags were resolved: the database entry's, else the cwd */
	struct strvec args; /* the file's own flags (-I, -D, -U, -include, -std), absolute paths */
	bool cplusplus;
	bool in_database;
	bool in_project;   /* args and facts came from a build file */
	struct driver_facts facts;
	char *scope;       /* the driver's folder (run/scope.h): where its helpers and the
			    * headers standing in for missing includes are looked for; NULL:
			    * not worked out (the whole run) */
	struct strvec projects; /* every build file that compiles it (a library of several) */
};

struct input_set {
	struct input *items;
	size_t len, cap;
	char *database;    /* the compile_commands.json used, or NULL */
	struct strindex by_path; /* path -> position in items, while collecting (a tree may
			    * have tens of thousands of files) */
};

/* Collects the inputs for `paths` (files or directories, walked recursively
 * for .c .cpp .cc .cxx in any letter case; hidden directories are skipped).
 * With `compile_commands` (a directory or a compile_commands.json file) each
 * file takes its flags from the database, and with no paths every file of the
 * database is analyzed. Inputs are sorted by path and unique.
 * Returns 0, or -1 after adding an error to `problems` for each path that does
 * not exist and for a database that cannot be loaded; a bad database is fatal
 * (nothing is collected), a missing path only drops that path. */
int inputs_collect(const struct strvec *paths, const char *compile_commands, struct input_set *out,
		   struct problems *problems);
bool inputs_is_source_name(const char *name);
/* Fills `out` with the entry routines besides DriverEntry that count in `in`:
 * `configured` (the run's, may be NULL) and the one its build file names. */
void inputs_entry_names(const struct input *in, const struct strvec *configured, struct strvec *out);
bool inputs_is_cplusplus_name(const char *name);
/* Drops the inputs a pattern of `patterns` matches (--exclude, "exclude"):
 * a pattern without '/' matches any file or directory name on the path, one
 * with '/' the path relative to the current directory or a tail of it.
 * Returns how many were dropped. */
size_t inputs_exclude(struct input_set *set, const struct strvec *patterns);
/* The same, saying so: a file `named` (absolute paths given on the command
 * line) that a pattern drops gets a warning naming the pattern and where it
 * came from (`origins`, parallel to `patterns`, may be NULL); and when nothing
 * is left of what was found, an error (nothing to analyze is no pass).
 * Returns how many were dropped, or -1 after that error. */
long inputs_exclude_reporting(struct input_set *set, const struct strvec *patterns,
			      const struct strvec *origins, const struct strvec *named,
			      struct problems *problems);
void inputs_release(struct input_set *set);

/* Keeps the preprocessor-relevant flags of a compiler command line (GCC,
 * clang or MSVC cl style), making include paths absolute against `directory`.
 * `argv[0]` is the compiler and is skipped, and so is everything else
 * (the source file, -c, -o, code generation and warning flags). */
void inputs_translate_flags(const char *const *argv, size_t argc, const char *directory,
			    struct strvec *out);

#endif
