/* SPDX-License-Identifier: Apache-2.0 */
/* What the rule kinds share: the kinds themselves (one struct kind each,
 * gathered in kinds/table.c) and helpers for matching calls, walking
 * DriverEntry's helpers and telling when a hidden body hides a finding. */
#ifndef ENTRYCHECK_KINDS_SHARED_H
#define ENTRYCHECK_KINDS_SHARED_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "cfg/cfg.h"
#include "facts/pointers.h"
#include "eval/history.h"
#include "rules/kind.h"

/* Whether `name` is the callee or the macro of `call`, or is in `list` (a
 * JSON array of strings, or one string) for string_in. */
bool call_named(const struct cfg_call *call, const char *name);
bool string_in(const char *s, const cJSON *list);
/* Compiling params: the strings of `list` (one string, or an array of
 * strings) appended to `out`; whether `call`'s callee or macro is in `names`;
 * the names joined with `sep` (the caller frees the result). */
void names_compile(struct strvec *out, const cJSON *list);
bool call_listed(const struct cfg_call *call, const struct strvec *names);
char *strvec_joined(const struct strvec *names, const char *sep);
/* The place passed as argument `arg` (1-based) when it is `&x`, `&x.f` or a
 * variable, or NULL. */
const struct cfg_place *call_arg_place(const struct cfg_call *call, int arg);
/* The places argument `arg` may denote: its own, or each alternative of a
 * `?:` that is one (at most `max`). */
size_t call_arg_places(const struct cfg_call *call, int arg, const struct cfg_place **out, size_t max);
/* The value stored last before item `at` of the path, in the frame of item
 * `at`, into `field` of `root` (a member path such as "DriverUnload"), or
 * NULL. */
const struct cfg_value *last_store_into(const struct path *p, size_t at, const char *root, const char *field);
/* Whether `e` stores (EVENT_STORE or EVENT_ASSIGN); and stores into `field`,
 * where a loop store through a pointer walked over the dispatch table counts
 * as a store into MajorFunction. */
bool event_is_store(const struct cfg_event *e);
bool event_stores_field(const struct cfg_event *e, const char *field);
/* Whether the value's text contains `name` or the value is the name. */
bool value_mentions(const struct cfg_value *v, const char *name);
int param_int(const cJSON *params, const char *key, int fallback);
const char *param_string(const cJSON *params, const char *key);

/* Calls `visit` for every event of DriverEntry and, transitively, of every
 * helper whose body is visible (each function once, PROGRAM_HELPER_DEPTH
 * calls deep at most: call_walk in facts/program.h),
 * for the kinds that judge events without paths. `unit` is the file's index. */
typedef void event_visitor(const struct check *c, size_t unit, const struct cfg *g,
			   const struct cfg_event *e, void *data);
void kind_visit_events(const struct check *c, event_visitor *visit, void *data);

/* Whether the path went through a call whose body is not visible (and not
 * --strict): a "missing" finding must not be reported then; adds a note
 * saying which call hid what. */
/* Summary keys are hashed, never shown: raw bytes cost less than text. */
static inline void key_int(struct strbuf *key, unsigned long long v)
{
	strbuf_add(key, (const char *)&v, sizeof(v));
}
static inline void key_ptr(struct strbuf *key, const void *p)
{
	strbuf_add(key, (const char *)&p, sizeof(p));
}

/* A summary for kinds that judge only the order of the calls, stores,
 * zeroings and opaque calls on a path (not branch outcomes): the sequence
 * of those items, so paths that differ only in which way tests went merge. */
void ordered_events_summary(const struct check *c, const struct path *p, struct strbuf *key);
#define ORDERED_EVENTS_READS \
	(HIST_BIT(HIST_CALL) | HIST_BIT(HIST_STORE) | HIST_BIT(HIST_ZERO) | HIST_BIT(HIST_OPAQUE))
bool path_hidden_by_opaque(const struct check *c, const struct path *p);
/* The same for the items [from, to) only, and when `var` is not NULL only
 * for invisible calls that are given `var` or its address (they could have
 * filled it in). */
bool span_hidden_by_opaque(const struct check *c, const struct path *p, size_t from, size_t to,
			   const char *var);
/* The note of a rule that steps back over the invisible call `opaque`. */
void note_stepped_back(const struct check *c, const struct hist_item *opaque);

/* Replaying a path: what the branches so far revealed about each call site's
 * outcome. */
struct replay {
	enum outcome *known;       /* by site */
	size_t nsites;
};
void replay_init(struct replay *r, const struct path *p);
/* Learns from `it` when it is a HIST_REFINE. */
void replay_apply(struct replay *r, const struct hist_item *it);
enum outcome replay_known(const struct replay *r, int site);
void replay_release(struct replay *r);

/* The line number as text. The caller frees it. */
char *line_text(unsigned line);

extern const struct kind kind_require_call, kind_guarded_by_success,
	kind_no_success_after_failure, kind_returns_status_of, kind_status_lost,
	kind_cleanup_on_failure, kind_order, kind_assigns_field, kind_paired_fields,
	kind_forbids_field, kind_init_before_use, kind_store_before_init, kind_checked_before_use,
	kind_fields_together, kind_struct_fields, kind_attributes_passed, kind_wdf_nonpnp,
	kind_extension_size, kind_escapes_without_copy, kind_signature, kind_role_declaration,
	kind_c_linkage, kind_dispatch_role, kind_model_note, kind_falls_off_end, kind_dispatch_index,
	kind_routine_role, kind_teardown_in_unload, kind_section_lifetime, kind_nothing_left;

/* How notes name a call: its callee, or the pointer it is made through, and
 * where: the line, with the file's name when not DriverEntry's. */
void call_described(const struct check *c, const struct cfg_call *call, char *buf, size_t size);
/* The unit whose function `g` is (memoized per graph in c->memo). */
bool graph_unit(const struct check *c, const struct cfg *g, size_t *unit);
/* What a call through a pointer, made in function `g` of unit `from`, reaches (facts/pointers.h),
 * once per call and check. */
enum pointer_target call_pointer_target(const struct check *c, size_t from, const struct cfg *g,
					const struct cfg_call *call, const struct pointer_targets **targets);
/* Whether every function of `t` has a body here. */
bool targets_visible(const struct check *c, const struct pointer_targets *t);
/* A routine of the kernel, which reaches only what it is given: declared
 * dllimport by the driver, or called through a pointer that only
 * MmGetSystemRoutineAddress filled. */
bool call_is_kernel_routine(const struct check *c, const struct cfg *g, const struct cfg_call *call);

#endif
