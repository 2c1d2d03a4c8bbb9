/* SPDX-License-Identifier: Apache-2.0 */
/* The per-file results kept between runs: what parsing a file gave (its
 * facts, CFGs included, and its problems), keyed by everything that shaped
 * it, so that an unchanged file is not parsed again. Rules are evaluated
 * anew each run, so rule files and gate options do not invalidate it. Safe
 * to use from parse workers at once, and from runs in parallel. */
#ifndef ENTRYCHECK_RESULTCACHE_H
#define ENTRYCHECK_RESULTCACHE_H

#include <stdbool.h>

#include "base/problems.h"
#include "base/strvec.h"
#include "facts/entry.h"
#include "front/frontend.h"
#include "project/inputs.h"

struct resultcache;

/* What, besides an input's own flags and texts, shapes its results. */
struct resultcache_options {
	const char *requested_dir;          /* --cache-dir, or NULL */
	const struct header_model *model;
	const struct strvec *run_args;      /* the command line's flags, for every input */
	const struct strvec *entry_names;   /* configured entry points, or NULL */
	bool verbose, use_pch;
	struct frontend *fe;                /* for the trees' signature */
};

/* NULL when there is no writable cache directory. */
struct resultcache *resultcache_open(const struct resultcache_options *opts);
/* Writes the entries made and trims the cache to its bound. */
void resultcache_close(struct resultcache *c);
/* Entries found whose MAC did not hold (misses, parsed and written again). */
unsigned resultcache_rejected(struct resultcache *c);

/* One input's lookup. `key` is worked out here and kept for the store. */
struct result_lookup {
	unsigned long long key;
	bool keyed;                         /* the input could be keyed (a regular, readable file) */
	const char *within;                 /* the input's driver folder, where its stubs were
					       looked for (front/headers.h), or NULL */
};

/* Fills `facts` and appends the file's problems to `problems` from the
 * cache and returns true, or returns false (then parse the file). */
bool resultcache_load(struct resultcache *c, const struct input *in, struct result_lookup *look,
		      struct unit_facts *facts, struct problems *problems);
/* Keeps what parsing `in` gave, after a miss; returns the hash of the facts
 * kept (unit_facts.facts_hash), or 0 when nothing was kept. A hit fills the
 * facts' hash itself. */
unsigned long long resultcache_store(struct resultcache *c, const struct result_lookup *look,
				     const struct parsed_unit *unit, const struct unit_facts *facts,
				     const struct problems *problems);

/* Decodes an entry's body (what follows its MAC) without checking its
 * dependencies: 0 with `facts` filled (release with unit_facts_release) and
 * the problems appended, or -1. For the fuzzer, which feeds it any bytes. */
int resultcache_decode(const unsigned char *data, size_t len, struct unit_facts *facts,
		       struct problems *problems);

#endif
