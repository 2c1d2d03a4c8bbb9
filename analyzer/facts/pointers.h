/* SPDX-License-Identifier: Apache-2.0 */
/* What a call through a function pointer reaches, from every value the run
 * stores into that pointer: a pointer a driver fills only from
 * MmGetSystemRoutineAddress is a routine of the kernel (it reaches what it
 * is given, not the driver's globals); a member that the driver's code fills
 * with functions only (callbacks.EvtModulesAdd = ModulesAdd, a global
 * fp = Helper) calls one of them. */
#ifndef ENTRYCHECK_POINTERS_H
#define ENTRYCHECK_POINTERS_H

#include <stddef.h>

struct program;
struct cfg;
struct cfg_call;

enum pointer_target {
	POINTER_UNKNOWN,        /* any function, or no call through a pointer */
	POINTER_KERNEL,         /* only routines MmGetSystemRoutineAddress found */
	POINTER_FUNCTION,       /* one function of the driver's: targets[0] */
	POINTER_FUNCTIONS,      /* one of a few functions of the driver's (a member
				 * every module fills with its own): the targets */
};

#define POINTER_MAX_TARGETS 256

struct pointer_targets {
	size_t n;
	size_t unit[POINTER_MAX_TARGETS], index[POINTER_MAX_TARGETS];
};

/* For call `call` of function `g` of unit `from`, in the driver whose
 * DriverEntry is in unit `entry`; `out` (may be NULL) receives the functions
 * it may call. The stores counted into a local are its function's; into a
 * global or a member, those of from's directory and of the code a call from
 * the driver may reach (program_reaches: its folder, with a framework's call
 * of the callback the driver registered). */
enum pointer_target pointer_target(const struct program *p, size_t entry, size_t from, const struct cfg *g,
				   const struct cfg_call *call, struct pointer_targets *out);

#endif
