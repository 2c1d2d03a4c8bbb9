/* SPDX-License-Identifier: Apache-2.0 */
/* The order kind's params, compiled once per rule (kinds/order.c), and
 * what its rules read without naming registrations (kinds/orderreaders.c). */
#ifndef ENTRYCHECK_KINDS_ORDERPARAMS_H
#define ENTRYCHECK_KINDS_ORDERPARAMS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/strvec.h"

struct check;
struct callback_reads;

/* A registration whose routine may run as soon as it returns: the routine is
 * its argument `arg`, or, with `fields`, a function the path stored in one
 * of those fields before the call (OB_OPERATION_REGISTRATION's PreOperation). */
struct callback_arg {
	struct strvec calls;
	int arg;
	int also[4];               /* further arguments that are routines too (a port's callbacks) */
	size_t nalso;
	struct strvec fields;
	int remove_arg;            /* 1-based; a nonzero constant there removes instead (0: none) */
	int context_arg;           /* 1-based: the context pointer the routine is given... */
	int context_param;         /* ...as its parameter (1-based); 0: none */
	/* With set_by: `arg` is an object (a timer's KDPC), and the routine is
	 * the one a call of `set_by` gave that object (KeInitializeDpc's). */
	struct strvec set_by;
	int set_object, set_routine;
	int set_context;           /* 1-based: that call's context pointer (KeInitializeDpc's 3rd), 0: none */
	/* With set_by's `through`: `arg` is a handle a call of `through` made
	 * (its argument through_object) from a configuration (its argument
	 * through_config) that set_by gave the routine, in the same function
	 * (WdfTimerCreate(&cfg, &attr, &g.Timer) after WDF_TIMER_CONFIG_INIT(&cfg, OnTick)). */
	struct strvec through;
	int through_config, through_object;
};

/* Calls that initialize the global whose address is their argument `arg`
 * (InitializeListHead(&g_List)): a store to it. */
struct initializer {
	struct strvec calls;
	int arg;
};

/* A registration that names the routines the system may call once the
 * driver is started (FltRegisterFilter's FLT_REGISTRATION): the functions
 * its arguments `args` name, through the initializers of the globals they
 * point to or the stores the calling function makes to a local one. */
struct reader_arg {
	struct strvec calls;
	int args[8];
	size_t nargs;
};

/* The params, compiled once per rule. */
struct order_params {
	struct strvec first;       /* the calls that must come first (or after) */
	bool global_store;         /* "then": "global-store"; else the dispatch stores */
	struct strvec then_calls;  /* "then": "call": these calls */
	struct strvec since;       /* "since": a then call counts only after one of these... */
	struct strvec made_by;     /* ...and not on an object one of these made on the path; */
	struct strvec own_device;  /* these then calls count only on the routine's own device */
	bool after;                /* "mode": "after" */
	bool only_if_succeeded;
	/* "not_callbacks": fields whose routine runs only once DriverEntry has
	 * returned (an unload routine): it races with nothing DriverEntry does. */
	struct strvec not_callbacks;
	/* "callbacks": the routines each registration gives; without it, every
	 * function whose address the driver takes is a callback. */
	struct callback_arg *cbs;
	size_t ncbs;
	struct initializer *inits;
	size_t ninits;
	/* "readers": without "callbacks", the registrations whose routines read
	 * the globals; without either, every function whose address the
	 * driver's files take. */
	struct reader_arg *readers;
	size_t nreaders;
	/* "unless_tested": a place a callback tests (`if (g_Buffer)`, `if
	 * (!g_Ready) return`) is one it expects to find unset. */
	bool unless_tested;
	/* "report_at": "call": the finding is the registration, once. */
	bool at_call;
	/* "success_only": only paths on which DriverEntry returns success (a
	 * store on a failure path is teardown, made as the registration goes). */
	bool success_only;
	/* "skip_zero_stores": a store of 0 or NULL to a global, zero since the
	 * driver was loaded, initializes nothing a callback could miss. */
	bool skip_zero;
};

/* Without "callbacks": what every function whose address the driver's
 * files take reads (or, with "readers", what the routines those
 * registrations name read), memoized per check (orderreaders.c). */
const struct callback_reads *kinds_order_all_reads(const struct check *c);

#endif
