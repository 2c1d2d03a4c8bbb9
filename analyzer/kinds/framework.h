/* SPDX-License-Identifier: Apache-2.0 */
/* A driver framework's objects (KMDF) for the cleanup-on-failure kind
 * (cleanup.c): the cleanup callbacks the framework runs when it deletes an
 * object, with the driver object's tree when DriverEntry fails after
 * WdfDriverCreate succeeded, or one object the driver deletes itself
 * (WdfObjectDelete). */
#ifndef ENTRYCHECK_KINDS_FRAMEWORK_H
#define ENTRYCHECK_KINDS_FRAMEWORK_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strvec.h"
#include "eval/history.h"
#include <cjson/cJSON.h>

struct check;
struct revealed;

/* Calls that create an object, and their attributes argument (1-based). */
struct object_creation {
	struct strvec calls;
	int arg;
};

/* The rule's "framework_cleanup": the calls that create the framework's
 * object (`calls`, attributes argument `arg`), those that create its
 * children, the fields of the attributes naming the callbacks its deletion
 * runs (cleanup, then destroy), and the calls that delete one object
 * (`deletes`, the object as `delete_arg`). */
struct framework_cleanup {
	struct strvec calls;
	int arg;
	struct strvec fields;
	struct object_creation *children;
	size_t nchildren;
	struct strvec deletes;
	int delete_arg;
};

void framework_compile(struct framework_cleanup *fw, const cJSON *params);
void framework_clear(struct framework_cleanup *fw);
/* The attributes argument of a call creating a child of the framework's
 * object, or 0. */
int framework_child_arg(const struct framework_cleanup *fw, const struct cfg_call *call);
/* Adds to `out` the routines last stored in the callback fields of the
 * attributes that the call at item `at` is passed as argument `arg`. */
void framework_callbacks(const struct framework_cleanup *fw, const struct path *p, size_t at,
			 const struct cfg_call *call, int arg, struct strvec *out);
/* Whether `routine`, or a helper it calls, calls one of `releases`; and one of `callbacks`. */
bool framework_routine_calls(const struct check *c, const char *routine, const struct strvec *releases);
bool framework_callbacks_call(const struct check *c, const struct strvec *callbacks, const struct strvec *releases);
/* Adds to `out` the callbacks of the object that the deletion at item `del`
 * of the path deletes: those given to the last call before it that created
 * the object (and did not fail to). */
void framework_deleted_callbacks(const struct framework_cleanup *fw, const struct path *p,
				 const struct revealed *r, size_t del, struct strvec *out);

#endif
