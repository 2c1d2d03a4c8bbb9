/* SPDX-License-Identifier: Apache-2.0 */
/* One contract for every report: an emitter takes the run's result and the
 * options of the output, and returns the whole report as an allocated string
 * (the caller writes it and frees it). Emitters only format: what a finding
 * says, its fingerprint and its fix are worked out before (findings/). */
#ifndef ENTRYCHECK_EMIT_H
#define ENTRYCHECK_EMIT_H

#include <stdbool.h>

struct run_result;

struct emit_options {
	bool msvc;                  /* text: MSBuild style instead of GCC style */
	bool color;                 /* text: ANSI colors (the caller decides: a terminal, NO_COLOR unset) */
	const char *automation_id;  /* sarif: run.automationDetails.id; NULL: none */
	const char *srcroot;        /* sarif: the directory artifact URIs are relative to (%SRCROOT%);
				     * NULL: the top of the git work tree holding the inputs */
	const char *srcroot_uri;    /* sarif: originalUriBaseIds["%SRCROOT%"].uri; NULL: that
				     * directory as a file URI; "none": originalUriBaseIds left out */
	bool short_help;            /* sarif: a rule's help is its requirement and link, not its page */
};

typedef char *(*emit_fn)(const struct run_result *r, const struct emit_options *opts);

#endif
