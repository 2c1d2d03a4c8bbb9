/* SPDX-License-Identifier: Apache-2.0 */
/* A project's WPP configuration, as the WPP preprocessor (tracewpp) reads it:
 * the `begin_wpp config` ... `end_wpp` comment blocks of its trace header,
 * whose FUNC lines declare the trace functions the code calls
 * (`// FUNC Trace{FLAGS=MYDRIVER_ALL_INFO}(LEVEL, MSG, ...);`). A WDK build
 * generates a macro for each into the .tmh header the source includes; the
 * stub entrycheck puts in place of that header defines the same macros, so a
 * trace call is a call of no effect on driver state, and a FUNC whose
 * project defines WPP_<keys>_<args>_PRE/_POST expands around it as tracewpp's
 * would (such a "trace" can return). */
#ifndef ENTRYCHECK_WPP_H
#define ENTRYCHECK_WPP_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strvec.h"

struct wpp_func {
	char *name;
	struct strvec keys;        /* the braces' KEY=VALUE pairs: keys ... */
	struct strvec values;      /* ... and their values */
	struct strvec args;        /* the named arguments but MSG, in order */
	bool msg;                  /* MSG: a format string follows the named arguments */
	bool varargs;              /* ...: the format's arguments follow */
};

struct wpp_config {
	struct wpp_func *funcs;
	size_t len, cap;
	struct strvec prefixed;    /* USEPREFIX/USESUFFIX names: formatting only */
	struct strvec custom_types;/* CUSTOM_TYPE names: formatting only */
	struct strvec pre, post;   /* the conditions whose WPP_<condition>_PRE, _POST the
				      scanned text #defines, wherever it does */
};

/* Adds the FUNCs of the configuration blocks in `text` (a header or a source
 * file), and the conditions of its WPP_<condition>_PRE and _POST #defines; a
 * FUNC line it cannot read is left out, as tracewpp would reject it. */
void wpp_config_scan(struct wpp_config *c, const char *text);
/* Adds one FUNC as a -func: option spells it (`TraceEvents(LEVEL,FLAGS,MSG,...)`). */
bool wpp_config_add_func(struct wpp_config *c, const char *spec);
struct driver_facts;
/* The trace functions the build names: RUN_WPP's -func: options or a
 * .vcxproj's WppTraceFunction, then the configuration blocks of the scan file
 * (the source may not include it). */
void wpp_config_from_project(struct wpp_config *c, const struct driver_facts *facts);
/* The text of a .tmh stub: the WPP model and a macro for each FUNC. A FUNC
 * expands between its condition's PRE and POST when the project defines
 * both: before the stub (tested there), or after it, as the scan saw; a use
 * expands them as they are defined where it is, as tracewpp's header does. */
char *wpp_tmh_content(const struct wpp_config *c);
void wpp_config_release(struct wpp_config *c);

#endif /* ENTRYCHECK_WPP_H */
