/* What a call through a function pointer reaches, from every value the run
 * stores into that pointer: a pointer a driver fills only from
 * MmGetSystemRoutineAddress is a routine of the kernel (it reaches what it
 * is given, not the driver's globals); a member that the driver's code fills
 * with one function only (callbacks.EvtModulesAdd = ModulesAdd, a global
 * fp = Helper) calls that function. */
#ifndef ENTRYCHECK_POINTERS_H
#define ENTRYCHECK_POINTERS_H

#include <stddef.h>

struct program;
struct cfg;
struct cfg_call;

enum pointer_target {
	POINTER_UNKNOWN,        /* any function, or no call through a pointer */
	POINTER_KERNEL,         /* only routines MmGetSystemRoutineAddress found */
	POINTER_FUNCTION,       /* one function of the driver's: *unit, *index */
};

/* For call `call` of function `g` of unit `from`, in the driver whose
 * DriverEntry is in unit `entry`. The stores counted into a local are its
 * function's; into a global or a member, those of the two units' directories
 * and of the shared code outside other drivers' directories (a framework's
 * call of the callback the driver registered). */
enum pointer_target pointer_target(const struct program *p, size_t entry, size_t from, const struct cfg *g,
				   const struct cfg_call *call, size_t *unit, size_t *index);

#endif
