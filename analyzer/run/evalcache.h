/* SPDX-License-Identifier: Apache-2.0 */
/* The per-DriverEntry evaluation results kept between runs: an entry's
 * findings and notes, keyed by the tool, the rule set, the options that
 * change evaluation and the entry itself, and kept with what the evaluation
 * read of the program (facts/reads.h). A later run reuses them when its
 * program answers every one of those reads the same way: an unchanged tree
 * evaluates nothing again, and a changed file only the entries whose
 * evaluation read it. Safe to use from evaluation workers at once. */
#ifndef ENTRYCHECK_EVALCACHE_H
#define ENTRYCHECK_EVALCACHE_H

#include <stdbool.h>

#include "base/map.h"
#include "base/problems.h"
#include "eval/evaluate.h"
#include "facts/classify.h"
#include "facts/reads.h"
#include "findings/finding.h"
#include "rules/rules.h"

struct evalcache;
struct program;

/* NULL when there is no writable cache directory. `rules` and `opts` must
 * outlive the cache. */
struct evalcache *evalcache_open(const char *requested_dir, const struct rule_set *rules,
				 const struct eval_options *opts);
/* Trims the cache to its bound. */
void evalcache_close(struct evalcache *c);
/* Entries found whose MAC did not hold (misses, evaluated and written again). */
unsigned evalcache_rejected(const struct evalcache *c);

/* Fills `out` and `notes` with what an earlier evaluation of `entry` gave
 * and returns true when it still holds for `prog` (`global_reads`:
 * eval_global_reads of it), or returns false. */
bool evalcache_load(struct evalcache *c, const struct program *prog, const struct strindex *global_reads,
		    const struct entry_point *entry, struct findings *out, struct problems *notes);
/* Keeps what evaluating `entry` gave, and what it read. */
void evalcache_store(struct evalcache *c, const struct entry_point *entry, const struct program_reads *reads,
		     const struct findings *found, const struct problems *notes);

/* Decodes an entry's body (what follows its MAC) without checking its
 * reads: 0 with the findings and notes appended (the caller releases them
 * either way), or -1. For the fuzzer, which feeds it any bytes. */
int evalcache_decode(const unsigned char *data, size_t len, const struct rule_set *rules, struct findings *found,
		     struct problems *notes);

#endif
