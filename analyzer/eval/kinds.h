/* The interface between the evaluator and the rule kinds (check_*.c). A
 * kind says which events matter to it; the evaluator records those, and the
 * outcomes the branches reveal, as a path's history; at each return of
 * DriverEntry the kind replays the history and reports findings. Kinds that
 * judge declarations rather than paths implement check_entry instead. */
#ifndef ENTRYCHECK_KINDS_H
#define ENTRYCHECK_KINDS_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "cfg/cfg.h"
#include "eval/evaluate.h"
#include "base/util.h"

struct rule;
struct program;
struct entry_point;
struct unit_facts;
struct function_facts;

enum outcome { OUTCOME_UNKNOWN, OUTCOME_SUCCESS, OUTCOME_FAILURE };

enum hist_kind {
	HIST_CALL,       /* a relevant call happened; `site` identifies it on this path */
	HIST_STORE,      /* a relevant store (EVENT_STORE or EVENT_ASSIGN) */
	HIST_ZERO,       /* a relevant zeroing */
	HIST_REFINE,     /* a branch revealed the outcome of `site` */
	HIST_EXAMINED,   /* the status of `site` was tested, returned or passed on */
	HIST_LOST,       /* the variable holding the status of `site` was overwritten unexamined */
	HIST_OPAQUE,     /* a call to a function whose body is not visible */
	HIST_RETURN,     /* DriverEntry returns: `outcome` classifies the value, `site` is the
			    * call whose status is returned unchanged, or -1 */
};

struct hist_item {
	enum hist_kind kind;
	const struct cfg *g;             /* the function the event is in */
	const struct cfg_event *event;   /* CALL, STORE, ZERO, RETURN, OPAQUE, LOST (the overwrite) */
	const struct cfg_cond *cond;     /* REFINE: the branch */
	unsigned frame;                  /* inlining frame: 0 is DriverEntry */
	int site;
	enum outcome outcome;
};

struct path {
	const struct hist_item *items;
	size_t len;
};

/* A rule applied to one DriverEntry. */
struct check {
	const struct rule *rule;
	const cJSON *params;
	const struct program *prog;
	const struct entry_point *entry;
	const struct unit_facts *unit;          /* DriverEntry's file */
	const struct function_facts *fn;        /* DriverEntry */
	bool strict;
	struct findings *out;
	struct problems *notes;
};

struct kind_ops {
	const char *name;
	/* Path kinds: which events to record, and the replay at each return. */
	bool (*relevant)(const struct check *c, const struct cfg *g, const struct cfg_event *e);
	void (*check_path)(const struct check *c, const struct path *p);
	/* Declaration kinds: once per DriverEntry. */
	void (*check_entry)(const struct check *c);
	/* Optional: writes to `key` everything about the history so far that a
	 * later finding on the path could depend on. Paths whose keys match then
	 * merge; check_path also runs on the history of a path merged away (it has
	 * no HIST_RETURN then), so findings made at events are still reported. */
	void (*summary)(const struct check *c, const struct path *p, struct strbuf *key);
};

const struct kind_ops *kind_find(const char *name);

/* Helpers for kinds. */

/* The call of a CALL event. */
const struct cfg_call *event_call(const struct cfg *g, const struct cfg_event *e);
/* Whether `name` is the callee or the macro of `call`, or is in `list` (a
 * JSON array of strings) for call_in. */
bool call_named(const struct cfg_call *call, const char *name);
bool call_in(const struct cfg_call *call, const cJSON *list);
bool string_in(const char *s, const cJSON *list);
/* The call names of a JSON array joined with " or ". The caller frees it. */
char *names_joined(const cJSON *list, const char *sep);
/* The root variable of argument `arg` (1-based) when it is `&x`, `&x.f` or a
 * plain pointer variable, or NULL. */
const char *call_arg_root(const struct cfg_call *call, int arg);
int param_int(const cJSON *params, const char *key, int fallback);
const char *param_string(const cJSON *params, const char *key);

/* Reports a finding of c->rule at `loc`. `vars` is a NULL-terminated list of
 * placeholder name/value pairs for the rule's message template. `related`
 * (may be NULL) is a secondary location with its text; `p` (may be NULL) is
 * the path whose history becomes the evidence. */
void report(const struct check *c, struct cfg_loc loc, const char *function, const struct path *p,
	    const struct cfg_loc *related, const char *related_text, const char *const *vars);

/* Calls `visit` for every event of DriverEntry and, transitively, of every
 * helper whose body is visible (each function once, 8 calls deep at most),
 * for the kinds that judge events without paths. `unit` is the file's index. */
typedef void event_visitor(const struct check *c, size_t unit, const struct cfg *g,
			   const struct cfg_event *e, void *data);
void kind_visit_events(const struct check *c, event_visitor *visit, void *data);

/* The path's closing HIST_RETURN, or NULL for a path merged away early. */
const struct hist_item *path_return(const struct path *p);
/* Where a return item reports: the return statement, or the function's name
 * when the path fell off its end. */
struct cfg_loc return_loc(const struct hist_item *ret);
/* Whether the path went through a call whose body is not visible (and not
 * --strict): a "missing" finding must not be reported then; adds a note
 * saying which call hid what. */
bool path_hidden_by_opaque(const struct check *c, const struct path *p);
/* The same for the items [from, to) only, and when `var` is not NULL only
 * for invisible calls that are given `var` or its address (they could have
 * filled it in). */
bool span_hidden_by_opaque(const struct check *c, const struct path *p, size_t from, size_t to,
			   const char *var);

/* The history item of a REFINE/CALL etc. for `site` that is the CALL, or NULL. */
const struct hist_item *site_call(const struct path *p, int site);

extern const struct kind_ops kind_require_call, kind_guarded_by_success,
	kind_no_success_after_failure, kind_returns_status_of, kind_status_lost,
	kind_cleanup_on_failure, kind_order, kind_assigns_field, kind_paired_fields,
	kind_forbids_field, kind_init_before_use, kind_store_before_init, kind_checked_before_use,
	kind_fields_together, kind_struct_fields, kind_attributes_passed, kind_wdf_nonpnp,
	kind_extension_size, kind_escapes_without_copy, kind_signature, kind_role_declaration,
	kind_c_linkage, kind_dispatch_role, kind_model_note;

#endif
