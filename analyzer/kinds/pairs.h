/* SPDX-License-Identifier: Apache-2.0 */
/* Acquire/release pairs, as rules list them ("pairs" of DE006, which the
 * unload rule shares): compiled once per rule, matched against calls. */
#ifndef ENTRYCHECK_KINDS_PAIRS_H
#define ENTRYCHECK_KINDS_PAIRS_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "cfg/cfg.h"
#include "base/strvec.h"

/* An "acquire_arg"/"release_arg" test: {"index": N, "truthy": bool} or
 * {"index": N, "value": V}. */
struct arg_test {
	bool given;
	int index;                 /* 1-based; 0 when missing */
	bool truthy;
	bool has_value;
	long long value;
};

struct cleanup_pair {
	struct strvec acquire, release;
	struct strvec taken_by;    /* calls that take what was acquired when they succeed, given
				    * its object (WdfDeviceCreate(&init, ...): the framework owns a
				    * WDFDEVICE_INIT once the device exists, the driver frees it
				    * when the creation failed) */
	struct arg_test acquire_arg, release_arg;
	bool may_fail;             /* "success" is not "always" */
	bool returns_object;       /* "success": "pointer": what the call returns is what it acquires */
	bool unload;               /* the unload routine must undo it too */
	bool unload_when_kept;     /* ... only when the acquisition stores it where it outlives the
				    * call (a global, a member reached through a pointer): pool a
				    * local holds is the function's own business */
	const char *after_unload;  /* what stays behind when the unload routine forgets it (DE011's
				    * consequence), or NULL: the rule's own */
	int handle_arg;            /* the argument receiving what is acquired (&Cookie,
				    * &Handle, or the routine registered), 1-based, -1 the
				    * last; 0: the call's result */
	bool release_by_value;     /* the release takes the handle the acquisition stored through
				    * handle_arg (ObUnRegisterCallbacks(RegistrationHandle)), so
				    * given the address of the place holding it, it releases nothing */
};

struct pair_list {
	struct cleanup_pair *items;
	size_t len;
};

/* Appends the pairs of the JSON array `pairs`; with `unload_only`, only those
 * marked "unload": true. */
void pairs_compile(struct pair_list *out, const cJSON *pairs, bool unload_only);
/* Whether the acquisition `call` of `pair`, made in `g` (DriverEntry itself
 * when `entry`), stores what it acquires where it outlives the function: a
 * global, or a member reached through a pointer; or a local that `g` then
 * copies to such a place. */
bool pairs_call_keeps(const struct cleanup_pair *pair, const struct cfg *g, const struct cfg_call *call, bool entry);
/* Drops the pairs the unload routine must undo only when kept ("when_kept":
 * memory, which nothing calls back into). */
void pairs_drop_kept(struct pair_list *list);
/* Releases the pairs past the first `len`. */
void pairs_truncate(struct pair_list *list, size_t len);
void pairs_release(struct pair_list *list);
/* Whether the call releases, or acquires, what `pair` pairs. */
bool pairs_call_releases(const struct cleanup_pair *pair, const struct cfg_call *call);
bool pairs_call_acquires(const struct cleanup_pair *pair, const struct cfg_call *call);
/* Whether the call takes what `pair` acquires, when it succeeds ("taken_by"). */
bool pairs_call_takes(const struct cleanup_pair *pair, const struct cfg_call *call);

/* The argument (from 1) the acquisition `call` of `pair` names what it
 * acquires by (the pair's handle_arg; negative counts from the end), or 0. */
size_t pairs_handle_arg(const struct cleanup_pair *pair, const struct cfg_call *call);
/* The place the acquisition `call` of `pair` keeps what it acquires in
 * (its handle argument's, or where its result is stored), or NULL. */
const struct cfg_place *pairs_handle_place(const struct cleanup_pair *pair, const struct cfg_call *call);
/* How a summary tells a held acquisition made in inlining frame `frame`:
 * by the place it is kept in when that names one object on every path (a
 * global, or a variable of DriverEntry's own), so that N creations into one
 * variable make one state, not one per acquisition held first; else by its
 * program point. */
unsigned long long pairs_held_key(const struct cleanup_pair *pair, const struct cfg_call *call,
				 const struct cfg_event *event, unsigned frame);

/* The release as a message names it: "PsSetCreateProcessNotifyRoutine with
 * TRUE as argument 2". The caller frees it. */
char *pairs_release_text(const struct cleanup_pair *pair);

#endif
