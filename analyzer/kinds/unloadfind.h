/* SPDX-License-Identifier: Apache-2.0 */
/* Which unload routines a path of DriverEntry registers, for the
 * teardown-in-unload kind: a function stored in a field that names one
 * (DriverObject->DriverUnload, config.EvtDriverUnload), or named in that
 * field of the structure a registration call is given
 * (FLT_REGISTRATION.FilterUnloadCallback of FltRegisterFilter), from the
 * path's stores or a global's initializer, read in the file of the
 * function that makes the registration. */
#ifndef ENTRYCHECK_KINDS_UNLOADFIND_H
#define ENTRYCHECK_KINDS_UNLOADFIND_H

#include <stddef.h>

#include "base/strvec.h"

struct check;
struct hist_item;
struct path;

struct registration {
	struct strvec calls;
	int arg;
	const char *field;          /* NULL: the argument is the routine itself */
	struct strvec when_reaches; /* the routine counts only when it reaches one of these */
};

struct unload_sources {
	struct strvec fields;       /* fields whose function is an unload routine */
	struct registration *regs;
	size_t nregs;
	struct strvec shutdown_when; /* after one of these calls (a file system registering
				      * itself), the IRP_MJ_SHUTDOWN routine tears down too */
	struct strvec slots;        /* MajorFunction slots whose routine tears down too
				     * (IRP_MJ_PNP, for IRP_MN_REMOVE_DEVICE) */
};

/* The unload routines a path registers, each with the unit its name is
 * seen from: DriverEntry's, or the file whose structure names it (a static
 * routine of a helper's file). */
struct unloads {
	struct strvec names;
	size_t *from;
	size_t cap;
};

/* Fills `out` with the path's unload routines; returns the registration
 * call whose structure cannot be read (written inside a macro's
 * expansion), or NULL. */
const struct hist_item *kinds_unload_routines(const struct check *c, const struct unload_sources *sources,
					      const struct path *p, struct unloads *out);
void kinds_unloads_clear(struct unloads *u);

#endif
