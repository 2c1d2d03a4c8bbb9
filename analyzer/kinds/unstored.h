/* SPDX-License-Identifier: Apache-2.0 */
/* A routine the driver declares with a role type (DRIVER_UNLOAD) and defines,
 * but never stores nor passes anywhere: the routine a DriverEntry meant to
 * register and forgot. */
#ifndef ENTRYCHECK_KINDS_UNSTORED_H
#define ENTRYCHECK_KINDS_UNSTORED_H

#include <stdbool.h>
#include <stddef.h>

struct program;
struct strvec;

/* Finds, among the driver's own files (those of the directory of unit
 * `from`, and those its build files compile with it), a function declared
 * with one of `role_types` (as a specifier or _Function_class_) whose
 * definition `from` resolves to, and whose name no function of those files
 * stores, passes or returns and no initializer names (a direct call is not a
 * registration). The files of other DriverEntry routines (drivers that share
 * the directory) are not searched. Sets *unit and *index; false when there
 * is none. Notes the reads it makes (facts/reads.h). */
bool unstored_routine(const struct program *prog, size_t from, const struct strvec *role_types, size_t *unit,
		      size_t *index);

#endif
