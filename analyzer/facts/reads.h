/* SPDX-License-Identifier: Apache-2.0 */
/* What one evaluation read of the program, so that a later run can reuse its
 * findings when its own program answers every one of those reads the same
 * way (run/evalcache.c): the facts of each unit read, each name resolved
 * (found or not: a definition added elsewhere may change the answer), each
 * directory or whole-program scan, each question to the global-reads index.
 *
 * Reads are noted per thread between reads_begin and reads_end: the lookups
 * of facts/program.c note theirs; code that scans units itself says so with
 * reads_note_dir or reads_note_all. Outside a begin/end nothing is noted. */
#ifndef ENTRYCHECK_READS_H
#define ENTRYCHECK_READS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/map.h"

struct program;
struct bytes_in;
struct strbuf;

enum read_kind {
	READ_UNIT,      /* a unit's facts: `from` is its path */
	READ_RESOLVE,   /* a call to `name` (method of `scope`) from `from` */
	READ_GLOBAL,    /* the initialized global `name` as seen from `from` */
	READ_DIR,       /* every unit of the directory `name` and below it */
	READ_ALL,       /* every unit of the program */
	READ_GLOBAL_READ /* whether some function reads the global `name` */
};

struct program_read {
	enum read_kind kind;
	char *name, *scope, *from;
	unsigned long long answer; /* what the program answered, hashed */
};

struct program_reads {
	struct program_read *items;
	size_t len, cap;
	struct u64set seen;        /* the reads' keys */
	bool unkept;               /* a unit read has no facts hash: nothing to key on */
};

void reads_begin(struct program_reads *r);
void reads_end(void);
void reads_release(struct program_reads *r);

/* Noting reads (no-ops outside reads_begin/reads_end). */
void reads_note_unit(const struct program *p, size_t unit);
void reads_note_resolve(const struct program *p, const char *name, const char *scope, size_t from,
			bool found, size_t unit, size_t index);
void reads_note_global(const struct program *p, const char *name, size_t from, bool found, size_t unit);
void reads_note_dir(const struct program *p, const char *dir);
void reads_note_all(const struct program *p);
void reads_note_global_read(const char *name, bool read);

/* Whether `p` (with `global_reads`, eval_global_reads of it) answers every
 * read of `r` as the program they were noted on did. */
bool reads_hold(const struct program *p, const struct strindex *global_reads, const struct program_reads *r);

void reads_write(struct strbuf *out, const struct program_reads *r);
/* Fills `r`; marks `in` failed on bytes that make no reads. */
void reads_read(struct bytes_in *in, struct program_reads *r);

#endif
