/* SPDX-License-Identifier: Apache-2.0 */
/* What the rule kinds share: helpers for matching calls, reading params,
 * walking DriverEntry's helpers and telling when a hidden body hides a
 * finding (kinds/shared.c), and the kinds themselves, one struct kind each,
 * gathered in kinds/table.c. */
#ifndef ENTRYCHECK_KINDS_SHARED_H
#define ENTRYCHECK_KINDS_SHARED_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/strbuf.h"
#include "base/strvec.h"
#include "cfg/cfg.h"
#include "facts/pointers.h"
#include "eval/history.h"
#include "rules/kind.h"

/* Summary keys are hashed, never shown: raw bytes cost less than text. */
static inline void key_int(struct strbuf *key, unsigned long long v)
{
	strbuf_add(key, (const char *)&v, sizeof(v));
}
static inline void key_ptr(struct strbuf *key, const void *p)
{
	strbuf_add(key, (const char *)&p, sizeof(p));
}

/* kinds/shared.c: calls and the names a rule lists */

/* Whether `name` is the callee or the macro of `call`. */
bool kinds_call_named(const struct cfg_call *call, const char *name);
/* Whether `s` is `list` (one string) or one of its strings (an array). */
bool kinds_name_listed(const char *s, const cJSON *list);
/* Compiling params: the strings of `list` (one string, or an array of
 * strings) appended to `out`; whether `call`'s callee or macro is in `names`;
 * the names joined with `sep` (the caller frees the result). */
void kinds_names_compile(struct strvec *out, const cJSON *list);
bool kinds_call_listed(const struct cfg_call *call, const struct strvec *names);
/* Whether some function of the program (every body a path can follow) calls
 * one of `names`: without, a kind that starts from such a call reports
 * nothing, and need not explore (kind_ops.may_report). */
bool kinds_program_calls(const struct check *c, const struct strvec *names);
char *kinds_names_joined(const struct strvec *names, const char *sep);
/* The place passed as argument `arg` (1-based) when it is `&x`, `&x.f` or a
 * variable, or NULL. */
const struct cfg_place *kinds_arg_place(const struct cfg_call *call, int arg);
/* The places argument `arg` may denote: its own, or each alternative of a
 * `?:` that is one (at most `max`). */
size_t kinds_arg_places(const struct cfg_call *call, int arg, const struct cfg_place **out, size_t max);
/* The integer, or string, param `key` of `params`: `fallback`, or NULL, when
 * it has none of that type. */
int kinds_param_int(const cJSON *params, const char *key, int fallback);
const char *kinds_param_string(const cJSON *params, const char *key);
/* How notes name a call: its callee, or the pointer it is made through, and
 * where: the line, with the file's name when not DriverEntry's. */
void kinds_call_described(const struct check *c, const struct cfg_call *call, char *buf, size_t size);
/* The line number as text. The caller frees it. */
char *kinds_line_number_text(unsigned line);

/* kinds/shared.c: stores */

/* The value stored last before item `at` of the path, in the frame of item
 * `at`, into `field` of `root` (a member path such as "DriverUnload"), or
 * NULL. */
const struct cfg_value *kinds_last_store_into(const struct path *p, size_t at, const char *root,
					      const char *field);
/* Whether `e` stores (EVENT_STORE or EVENT_ASSIGN); and stores into `field`,
 * where a loop store through a pointer walked over the dispatch table counts
 * as a store into MajorFunction. */
bool kinds_event_is_store(const struct cfg_event *e);
bool kinds_event_stores_field(const struct cfg_event *e, const char *field);
/* Whether the value's text contains `name` or the value is the name. */
bool kinds_value_mentions(const struct cfg_value *v, const char *name);
/* Adds to `names`, once each, the functions a value names by address (each
 * of a `?:`'s). */
void kinds_function_names(struct strvec *names, const struct cfg_value *v);
/* The functions global `name`'s initializer names (seen from `unit`), through
 * the globals it names in turn (a FLT_REGISTRATION names its operation table,
 * which names the callbacks), but for those in fields `skip` (NULL: none):
 * each given to `found` with its unit and index; `followed` holds the globals
 * (and whatever else the caller puts there) not to follow again. */
typedef void initializer_visit(size_t unit, size_t index, const char *name, void *data);
void kinds_initializer_functions(const struct program *prog, size_t unit, const char *name, const struct strvec *skip,
				 struct strvec *followed, initializer_visit *found, void *data);

/* kinds/shared.c: DriverEntry's helpers and calls through pointers */

/* Calls `visit` for every event of DriverEntry and, transitively, of every
 * helper whose body is visible (each function once, PROGRAM_HELPER_DEPTH
 * calls deep at most: call_walk in facts/program.h),
 * for the kinds that judge events without paths. `unit` is the file's index. */
typedef void event_visitor(const struct check *c, size_t unit, const struct cfg *g,
			   const struct cfg_event *e, void *data);
void kinds_visit_events(const struct check *c, event_visitor *visit, void *data);
/* The unit whose function `g` is (memoized per graph in c->memo). */
bool kinds_graph_unit(const struct check *c, const struct cfg *g, size_t *unit);
/* What a call through a pointer, made in function `g` of unit `from`, reaches (facts/pointers.h),
 * once per call and check. */
enum pointer_target kinds_pointer_target(const struct check *c, size_t from, const struct cfg *g,
					 const struct cfg_call *call, const struct pointer_targets **targets);
/* Whether every function of `t` has a body here. */
bool kinds_targets_visible(const struct check *c, const struct pointer_targets *t);
/* A routine of the kernel, which reaches only what it is given: declared
 * dllimport by the driver, or called through a pointer that only
 * MmGetSystemRoutineAddress filled. */
bool kinds_call_is_kernel_routine(const struct check *c, const struct cfg *g, const struct cfg_call *call);

/* kinds/shared.c: calls whose body is not visible */

/* Whether the path went through a call whose body is not visible (and not
 * --strict): a "missing" finding must not be reported then; adds a note
 * saying which call hid what. */
bool kinds_path_hidden_by_opaque(const struct check *c, const struct path *p);
/* The same for the items [from, to) only, and when `var` is not NULL only
 * for invisible calls that are given `var` or its address (they could have
 * filled it in). */
bool kinds_span_hidden_by_opaque(const struct check *c, const struct path *p, size_t from, size_t to,
				 const char *var);
/* The note of a rule that steps back over the invisible call `opaque`. */
void kinds_note_stepped_back(const struct check *c, const struct hist_item *opaque);
/* A summary for kinds that judge only the order of the calls, stores,
 * zeroings and opaque calls on a path (not branch outcomes): the sequence
 * of those items, so paths that differ only in which way tests went merge.
 * ORDERED_EVENTS_READS: the history items it reads. */
void kinds_ordered_events_summary(const struct check *c, const struct path *p, struct strbuf *key);
/* kinds_ordered_events_summary, then each call's site and the outcome the
 * path revealed of it (a creation that failed made nothing). */
void kinds_ordered_outcomes_summary(const struct check *c, const struct path *p, struct strbuf *key);
#define ORDERED_EVENTS_READS \
	(HIST_BIT(HIST_CALL) | HIST_BIT(HIST_STORE) | HIST_BIT(HIST_ZERO) | HIST_BIT(HIST_OPAQUE))

/* kinds/shared.c: what the branches of a path revealed */

/* Walking a path: what the branches so far revealed about each call site's
 * outcome. */
struct revealed {
	enum outcome *known;       /* by site */
	size_t nsites;
};
/* Room for the sites of `p`, none known; release with revealed_release. */
void revealed_init(struct revealed *r, const struct path *p);
/* Learns from `it` when it is a HIST_REFINE. */
void revealed_learn(struct revealed *r, const struct hist_item *it);
/* revealed_init, then what the whole path revealed. */
void revealed_of_path(struct revealed *r, const struct path *p);
enum outcome revealed_outcome(const struct revealed *r, int site);
void revealed_release(struct revealed *r);
/* Per item of `p`, for a call: what a branch revealed of that run of it,
 * the first refinement of its site before the site's next call (a loop's
 * later runs of a helper share one site, whose last refinement
 * revealed_of_path keeps). Freed by the caller. */
enum outcome *revealed_runs(const struct path *p);
/* Whether a site of `p` is revealed to succeed and to fail with no call of
 * it between: a loop ran the call again, and the path, which keeps an item
 * once, did not record that run (state_push_hist). Such a path cannot tell
 * how many times a call ran. */
bool revealed_runs_lost(const struct path *p);

/* The kinds, by the file that defines each; kinds/table.c registers them. */
extern const struct kind kind_abandoned_after_failure;                          /* abandoned.c */
extern const struct kind kind_extension_size, kind_escapes_without_copy;       /* arguments.c */
extern const struct kind kind_checked_before_use;                               /* checked.c */
extern const struct kind kind_require_call, kind_guarded_by_success,
	kind_no_success_after_failure, kind_returns_status_of, kind_status_lost; /* calls.c */
extern const struct kind kind_cleanup_on_failure;                               /* cleanup.c */
extern const struct kind kind_clears_flag;                                      /* clears.c */
extern const struct kind kind_signature, kind_role_declaration, kind_c_linkage, kind_model_note,
	kind_dispatch_role, kind_routine_role;                                  /* declarations.c */
extern const struct kind kind_falls_off_end;                                    /* endings.c */
extern const struct kind kind_assigns_field, kind_paired_fields, kind_forbids_field,
	kind_dispatch_index;                                                    /* fields.c */
extern const struct kind kind_lost_at_return;                                   /* leaked.c */
extern const struct kind kind_table_end;                                        /* tableend.c */
extern const struct kind kind_nothing_left;                                     /* leftover.c */
extern const struct kind kind_local_kept;                                       /* stacklocal.c */
extern const struct kind kind_used_after_release;                               /* released.c */
extern const struct kind kind_section_lifetime;                                 /* lifetime.c */
extern const struct kind kind_wdf_nonpnp;                                       /* nonpnp.c */
extern const struct kind kind_order;                                            /* order.c */
extern const struct kind kind_frees_owned;                                      /* owned.c */
extern const struct kind kind_release_mismatch;                                 /* mismatch.c */
extern const struct kind kind_callback_must_call;                               /* callbackcalls.c */
extern const struct kind kind_init_before_use, kind_fields_together, kind_struct_fields,
	kind_attributes_passed;                                                 /* prepared.c */
extern const struct kind kind_store_before_init;                                /* storeinit.c */
extern const struct kind kind_teardown_in_unload;                               /* teardown.c */

/* kinds/shared.c: the blocks of `g` reachable from `from` (exception edges
 * left out) marked in `mark`; `stack` holds g->nblocks + 1 entries. */
void kinds_reach(const struct cfg *g, int from, unsigned char *mark, int *stack);
/* The successor of the switch block `blk` of `g` on one of its parameters
 * that the constant the call `via` gives it selects (its case, else the
 * default), or -1; and whether any switch of `g` is one so selected. */
int kinds_switch_selected(const struct cfg *g, const struct cfg_block *blk, const struct cfg_call *via);
bool kinds_switch_selects(const struct cfg *g, const struct cfg_call *via);
/* Whether the switch block `blk` of `g` tests a parameter that the call
 * `via` gives a member of a global or of the caller's state
 * (`Teardown(&g_State, g_State.Stage)`): the stage the setup recorded, not
 * a choice the caller makes (`Delete(Disk, g_DiskKind)`). */
bool kinds_switch_on_recorded(const struct cfg *g, const struct cfg_block *blk, const struct cfg_call *via);

/* kinds/flags.c: whether `var`, a global (`global`) or a member of `this`
 * tested as `if (var)`, is never given a bit of `mask` (all ones: a value
 * other than 0; a flag word's bits for `if (var & BIT)`) in the code unit
 * `from`'s driver reaches: no store or `|=` of such a value, no store of a
 * value not known, its address given to no call, no initializer or default
 * member initializer of such a value. */
bool kinds_flag_never_set(const struct program *prog, size_t from, const char *var, bool global,
			  unsigned long long mask);
/* Whether the true side of the two-way branch `cond` is never taken: a
 * test `if (flag)` of such a flag, or `if (flags & BIT)` of such a bit. */
bool kinds_branch_never_taken(const struct program *prog, size_t from, const struct cfg *g, const struct cfg_cond *cond);

#endif
