/* SPDX-License-Identifier: Apache-2.0 */
/* The libclang boundary: turns one input into a translation unit parsed as
 * Windows x64 driver code against the header model. Substitutes stubs for
 * missing includes (WPP's generated .tmh headers above all), precompiles the
 * model's prelude once per flag set, and keeps every clang diagnostic. */
#ifndef ENTRYCHECK_FRONTEND_H
#define ENTRYCHECK_FRONTEND_H

#include <clang-c/Index.h>
#include <stdbool.h>

#include "base/source.h"
#include "base/strvec.h"
#include "front/synth.h"
#include "front/wdkmodel.h"

struct header_model;
struct input;
struct problems;

struct frontend_options {
	bool use_pch;                /* precompile the model prelude (ignored with --wdk) */
	const struct strvec *args;   /* the command line's -I, -D, -U and --extra-arg flags */
	const struct strvec *roots;  /* absolute directories of the analyzed trees, or NULL */
	unsigned workers;            /* threads that parse at once, each with its own index; 0 is 1 */
	bool no_cache;               /* --no-cache: build the preludes for this run only */
	const char *cache_dir;       /* --cache-dir, or NULL for the user's cache directory */
};

struct unit_diagnostic {
	enum CXDiagnosticSeverity severity;
	char *file;                  /* expansion location's file, or NULL */
	unsigned line, column, offset;
	bool in_main_file;
	char *message;
};

struct parsed_unit {
	const struct input *input;
	CXTranslationUnit tu;
	struct source source;
	struct include_scan includes;
	struct unit_diagnostic *diags;
	size_t ndiags;
	struct strvec stubbed;       /* include names that were missing and replaced */
	struct strvec missing;       /* of those, the ones read as empty: declarations unknown */
	struct synth synth;          /* declarations assumed for names nothing declared */
	struct strvec read;          /* absolute paths of the other files the parse read, outside
				      * the header model and the run's scratch directory: what the
				      * unit's facts depend on besides its own text (sorted) */
	struct strvec shadows;       /* absolute paths where a file would have been read instead of
				      * one of those (or of a model header) had it existed: the
				      * misses of the include searches (front/unitdeps.h, sorted) */
	bool deps_complete;          /* false: an include's name could not be read back, so the
				      * unit's dependencies are not all known */
	bool used_pch;
	double seconds;              /* wall time of its parses, every round */
};

struct frontend;

/* front/frontend.c: the run's front end, shared by its workers */
/* Creates a front end over `model` (borrowed; must outlive it). */
struct frontend *frontend_new(struct header_model *model, const struct frontend_options *opts);
void frontend_free(struct frontend *fe);

/* Seconds spent building precompiled preludes so far. */
double frontend_pch_seconds(struct frontend *fe);
/* Preludes taken from the cache so far. */
unsigned frontend_pch_cached(struct frontend *fe);
/* Cached preludes found with a MAC that did not hold (removed, built again). */
unsigned frontend_pch_rejected(struct frontend *fe);
/* The directory preludes are cached in, or NULL (none, or --no-cache). */
const char *frontend_cache_dir(const struct frontend *fe);
/* The signature of the analyzed trees' files under `within` (the input's
 * driver folder, or NULL) a stub for the missing include `name` may have
 * been made from (front/headers.h); the index is built on first need and
 * shared with the parses. */
unsigned long long frontend_header_signature(struct frontend *fe, const char *name, const char *within);
/* The version of the libclang loaded at run time ("Debian clang version
 * 14.0.6"), which may differ from the one built against. Caller frees. */
char *frontend_libclang_version(void);

/* front/unitparse.c: one input's parse */
/* Parses `in` on worker `worker` (below opts.workers; workers may parse at
 * once, each on its own thread, and a unit stays on the thread that parsed
 * it). Returns 0 with `out` filled (release with parsed_unit_release), or -1
 * after adding an error naming the file to `problems` (unreadable, binary,
 * libclang failure). Missing includes become notes. */
int frontend_parse_on(struct frontend *fe, unsigned worker, const struct input *in,
		      struct parsed_unit *out, struct problems *problems);
void parsed_unit_release(struct parsed_unit *u);

#endif
