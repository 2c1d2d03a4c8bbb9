/* SPDX-License-Identifier: Apache-2.0 */
/* What the run's front end (front/frontend.c: the workers' indexes and the
 * precompiled preludes they share) and one unit's parse (front/unitparse.c:
 * the parse strategies and the diagnostics kept) share; front/frontend.h is
 * their interface to the rest. */
#ifndef ENTRYCHECK_FRONTEND_PARTS_H
#define ENTRYCHECK_FRONTEND_PARTS_H

#include <clang-c/Index.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/strvec.h"
#include "front/frontend.h"
#include "front/preludeflags.h"
#include "front/wdkmodel.h"

struct cache_dir;
struct header_index;
struct pch_entry;
/* Shared by the workers of a run: `lock` guards the PCH table, the unit
 * counter and the header index; each worker parses with its own CXIndex.
 * A prelude is built outside the lock, so that workers needing another one,
 * or one already built, go on meanwhile. */
struct frontend {
	CXIndex *indexes;     /* one per worker */
	unsigned workers;
	pthread_mutex_t lock;
	pthread_cond_t built; /* a prelude's entry stopped building */
	struct header_model *model;
	bool use_pch;
	struct strvec args;
	struct pch_entry *pchs;
	size_t npchs, cap;
	unsigned units;       /* numbers the per-unit stub directories */
	double pch_seconds;
	struct cache_dir *cache; /* preludes kept between runs, or NULL */
	unsigned pch_rejected; /* cached preludes whose MAC did not hold */
	bool keep_deps;       /* units list what they depend on: for the result cache (not --no-cache) */
	unsigned long long cache_stamp; /* what every cached prelude depends on besides its flags */
	unsigned pch_cached;  /* preludes taken from the cache */
	struct strvec roots;  /* the analyzed trees, for headers the search path misses */
	struct header_index *headers;  /* built on first need */
	struct prelude_names names[FLAVOUR_USER + 1]; /* per flavour, read on first need */
	bool names_read[FLAVOUR_USER + 1];
};

/* front/frontend.c: the shared state, under its lock where it changes */
/* Seconds on a monotonic clock, for the run's timings. */
double frontend_now_seconds(void);
/* What a libclang parse error means, for a problem's text. */
const char *frontend_error_text(enum CXErrorCode code);
/* The precompiled prelude for these flags (`args`, the user's among them
 * from `user_begin` to `user_end`), built on first use; NULL when there is
 * none or it failed to build (then files parse without). Valid until
 * frontend_free. */
const char *frontend_prelude_pch(struct frontend *fe, CXIndex index, enum flavour flavour,
				 const struct strvec *args, size_t user_begin, size_t user_end,
				 const char *for_file, struct problems *problems);
/* A prelude libclang could not read back: no file parses against it any more. */
void frontend_pch_unreadable(struct frontend *fe, const char *path);
/* The number of a unit's stub directory, unique in the run. */
unsigned frontend_next_unit(struct frontend *fe);

#endif
