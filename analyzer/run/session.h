/* SPDX-License-Identifier: Apache-2.0 */
/* The front half every command shares (run/session.c): the front end opened
 * once for a run, the inputs parsed in batches on worker threads, each unit
 * handed to a visitor and disposed of at once. run/run.c drives it. */

#ifndef ENTRYCHECK_SESSION_H
#define ENTRYCHECK_SESSION_H

#include <stdbool.h>

#include "base/strvec.h"
#include "front/frontend.h"
#include "rules/settings.h"
#include "run/resultcache.h"
#include "run/run.h"
#include "run/select.h"

/* What each parsed input is handed to, before the unit is released: `take`
 * runs on a parse worker (one file's problems go to `problems`, its own list)
 * and returns what to keep of the unit, or NULL; `keep`, when set, then gets
 * those in input order on the calling thread, whatever the number of workers. */
struct unit_visitor {
	void *(*take)(const struct parsed_unit *unit, void *data, struct problems *problems, int *rc);
	void (*keep)(void *taken, void *data);
	void *data;
	bool facts;               /* take returns a struct unit_facts: the result cache may
				   * keep it, and give it for an unchanged file without a parse */
};

/* The front half every command that parses shares, kept open while a run
 * parses its groups one after the other: the header model, the inputs with
 * their projects' and nearest configurations' flags (`tree` caches those
 * configurations), the parser, the result cache and the selection of what
 * matters (run/select.h): a group starts from its inputs that name an entry
 * point (with --parse-all, from all its inputs) and adds what they reach,
 * wherever it lies. The cfg command parses every input, without selection. */
struct front_session {
	const struct run_options *opts;
	struct input_set *inputs;
	struct run_stats *stats;
	struct header_model model;
	struct frontend *fe;
	struct resultcache *cache;
	unsigned workers;
	bool selective;
	struct selection sel;
	bool *start;              /* per input: what the selection wanted first */
	bool *counted;            /* per input: parsed (or taken from the cache) in some group */
	bool *tried;              /* per input: handed to the parser in some group */
	struct strvec entry_names; /* configured entry routines besides DriverEntry */
	int rc;
};

/* What a session parses for, named at the call: session_open(..., (struct
 * session_mode){ .facts = true, .selective = true }, ...). */
struct session_mode {
	bool facts;      /* the visitor takes unit facts: open the result cache */
	bool selective;  /* parse what the selection wants, not every input */
	bool parse_all;  /* with `selective`: it wants every input of a group */
};

/* Opens the front end for a run: the header model, the caches, the inputs'
 * build files and settings, for what `mode` says. Returns -1 when nothing
 * can run (the model, a bad compile database). */
int session_open(struct front_session *s, const struct run_options *opts, struct input_set *inputs,
		 struct run_stats *stats, struct settings_tree *tree, struct session_mode mode,
		 unsigned workers, struct problems *problems);
/* Parses the inputs of one group (`group`: per input, or NULL for all) and
 * hands each to `visit`; with a selection, round after round what the units
 * (`grown`, which `visit` fills) reach. */
void session_parse(struct front_session *s, const bool *group, const struct unit_visitor *visit,
		   const struct run_result *grown, struct problems *problems);
/* Returns 1 when some input could not be parsed or a visit failed, else 0. */
int session_close(struct front_session *s);
/* The whole front half in one go, every input one group (the cfg command). */
int session_parse_inputs(const struct run_options *opts, struct input_set *inputs, struct run_stats *stats,
			 struct settings_tree *tree, const struct unit_visitor *visit, unsigned workers,
			 struct problems *problems);
/* --jobs, or as many workers as processors. */
unsigned session_workers(const struct run_options *opts);

#endif
