/* SPDX-License-Identifier: Apache-2.0 */
/* The Windows headers entrycheck parses driver code against: our overlay
 * (analyzer/wdk/include) on top of mingw-w64's DDK headers, or a real WDK
 * tree given with --wdk. Knows where they are, which flags select them, which
 * prelude to precompile, and whether a file is kernel- or user-mode code. */
#ifndef ENTRYCHECK_WDKMODEL_H
#define ENTRYCHECK_WDKMODEL_H

#include <stdbool.h>

#include "base/strvec.h"

struct problems;

/* What a file is, judged from the headers it includes. */
enum flavour {
	FLAVOUR_NONE,    /* includes no Windows header we know */
	FLAVOUR_KERNEL,  /* ntddk.h, wdm.h, ntifs.h, fltKernel.h, wdf.h, ndis.h, ... */
	FLAVOUR_USER,    /* windows.h: user-mode drivers (UMDF 2) */
};

struct model_options {
	const char *model_dir;    /* overlay; NULL: $ENTRYCHECK_MODEL_DIR, then the build's */
	const char *mingw_dir;    /* mingw-w64 include dir; NULL: $ENTRYCHECK_MINGW_INCLUDE, then searched */
	const char *wdk_dir;      /* a real WDK tree, or NULL */
	const char *resource_dir; /* clang resource dir; NULL: $ENTRYCHECK_RESOURCE_DIR, then the build's */
	const char *platform;     /* x64 (NULL), Win32/x86 or ARM64: the architecture macros for --wdk */
};

struct header_model {
	char *model_dir;
	char *mingw_dir;          /* NULL when only a WDK is used */
	char *wdk_dir;
	char *resource_dir;
	char *work_dir;           /* this run's scratch directory: stubs, PCHs, VFS overlay */
	char *vfs_overlay;        /* case-insensitive view of the WDK tree, or NULL */
	struct strvec wdk_kernel_dirs, wdk_user_dirs;
	char *wdk_forced_include; /* the kit's warning.h, force-included by its kernel builds; or NULL */
	const char *platform;
};

/* Locates every piece; returns 0, or -1 after adding an error to `problems`
 * (no Windows headers at all, a bad --wdk tree, no scratch directory).
 * Release with header_model_release, which also deletes the scratch directory. */
int header_model_init(struct header_model *m, const struct model_options *opts,
		      struct problems *problems);
void header_model_release(struct header_model *m);

/* Where each piece is found, as header_model_init looks for it: `option`
 * (the command line) when given, then the environment, then the installed
 * data next to the executable, then the build's defaults. NULL when not
 * found (an explicit option that is wrong does not fall back). Caller frees. */
char *header_model_find_overlay(const char *option);
char *header_model_find_mingw(const char *option);
char *header_model_find_resource_dir(const char *option);

/* `text` (a path, or a diagnostic starting with one) with a leading path in
 * the overlay written "<entrycheck>/...": relative to the current directory
 * it would say nothing to the user. Takes `text` (NULL stays NULL); caller
 * frees the result. */
char *header_model_shown(const struct header_model *m, char *text);

/* Appends the flags that come before the user's: language, target, dialect,
 * resource dir and warning policy. */
void header_model_base_args(const struct header_model *m, bool cplusplus, struct strvec *args);
/* Appends what a kernel-mode driver build adds on its own, after the base
 * flags and before the user's (whose -D/-U win): _KERNEL_MODE (MSVC's
 * /kernel), and with --wdk the architecture macros and the kit's forced
 * warning.h. Nothing for the other flavours. */
void header_model_mode_args(const struct header_model *m, enum flavour flavour, struct strvec *args);
/* Appends the header search path that comes after the user's -I paths:
 * --wdk, then the overlay, then mingw-w64. */
void header_model_include_args(const struct header_model *m, enum flavour flavour,
			       struct strvec *args);
/* The prelude header to precompile for `flavour`, or NULL when there is none
 * (FLAVOUR_NONE, or a real WDK whose headers do not all coexist). */
char *header_model_prelude(const struct header_model *m, enum flavour flavour);

/* The includes a source file makes, followed through the local headers it
 * includes (same directory or the user's -I paths), as lower-case base names. */
struct include_scan {
	struct strvec names;          /* headers included, lower case, also through local headers */
	struct strvec user_branch_names; /* those included only outside kernel mode (#ifndef _KERNEL_MODE) */
	enum flavour flavour;
	/* Object-like macros the main file defines before its first #include
	 * (NDIS630_MINIPORT, POOL_NX_OPTIN, ...), as -D flags: they select what
	 * the Windows headers declare, so the precompiled prelude must see them. */
	struct strvec leading_defines;
};

void header_model_scan(const char *path, const char *text, const struct strvec *user_args,
		       struct include_scan *out);
void include_scan_release(struct include_scan *scan);

#endif
