/* SPDX-License-Identifier: Apache-2.0 */
/* Stand-ins for includes the search path does not find. A stub is a file of
 * the missing name in a per-unit directory that the parse searches with -I:
 * it includes the header found by another route (the same name in another
 * letter case, the nearest file of that name in the analyzed tree, our WPP
 * model for a generated .tmh, our model of the header mc.exe generates from
 * one of the project's ETW manifests), or is empty. Every stub the parse used is
 * reported as a note; none is made silently.
 *
 * Stubs are made before the first parse from the includes a text scan finds
 * (the main file and the user headers it reaches), so most files parse once,
 * and after each parse from clang's "file not found" errors for what the
 * scan could not see (computed includes). */
#ifndef ENTRYCHECK_STUBS_H
#define ENTRYCHECK_STUBS_H

#include <pthread.h>
#include <clang-c/Index.h>

#include "base/strvec.h"
#include "front/wpp.h"

struct header_index;
struct problems;

struct stub_note {
	char *stub;              /* the stub file */
	char *file;              /* the including file, as shown */
	unsigned line, column;
	char *message;
	bool empty;              /* the stub is empty: the header's declarations are unknown */
};

struct stubs {
	const char *root;                 /* this unit's stub root: no stub is made outside it */
	const char *dir;                  /* the stub directory, searched with -I: deep enough in
					     the root that "../x.h" stays in it (STUB_DEPTH levels) */
	const struct strvec *args;        /* the parse's flags: -I, -iquote, -isystem */
	const char *builtin_dir;          /* clang's own headers (resource dir/include), or NULL */
	const struct strvec *roots;       /* analyzed trees, for the header index */
	const char *within;               /* the driver's folder: only its headers may stand in, or
					     NULL for the whole index */
	struct header_index **index;      /* built on first need, shared by the run */
	pthread_mutex_t *index_lock;      /* guards *index when workers share it, or NULL */
	const char *cwd;
	struct strvec names;              /* include names already handled */
	struct stub_note *pending;        /* notes of stubs the parse may not use */
	size_t npending, cap;
	struct strvec missing;            /* headers the parse used an empty stub for */
	struct wpp_config wpp;            /* the trace functions of the WPP configuration blocks
					     the scan read: a .tmh stub defines them */
	struct strvec tmh;                /* the .tmh stubs made, each with its include name */
	const struct strvec *etw_manifests; /* the project's ETW manifests and the headers */
	const struct strvec *etw_headers;   /* mc.exe generates from them, or NULL */
};

/* Makes stubs for the includes of `path` (whose text is `text`) and of the
 * user headers they reach, to be reported once a parse shows them used. */
void stubs_prescan(struct stubs *s, const char *path, const char *text);
/* Makes a stub for each "file not found" error of `tu` not handled yet, with
 * its note added to `problems` at once. Returns how many it made. */
int stubs_from_diagnostics(struct stubs *s, CXTranslationUnit tu, struct problems *problems);
/* Adds the notes of the pre-made stubs that `tu` used. */
/* Whether `tu` read an empty stand-in: a header whose content is unknown. */
bool stubs_used_empty(const struct stubs *s, CXTranslationUnit tu);
void stubs_report(struct stubs *s, CXTranslationUnit tu, struct problems *problems);
void stubs_release(struct stubs *s);

#endif
