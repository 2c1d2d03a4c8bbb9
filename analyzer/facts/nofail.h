/* SPDX-License-Identifier: Apache-2.0 */
/* Kernel routines that cannot fail with the arguments a call gives them:
 * one fact that every rule's path exploration uses (the explorer gives
 * such a call no failure branch) and that DE005 reads (its status cannot
 * be lost). Read from the call alone: constant arguments, literals. */
#ifndef ENTRYCHECK_FACTS_NOFAIL_H
#define ENTRYCHECK_FACTS_NOFAIL_H

#include <stdbool.h>

#include "cfg/cfg.h"

/* Whether `call` returns success whatever happens, by what its documentation
 * says of the arguments it is given: ExInitializeLookasideListEx with a
 * valid constant pool type and flags; a string copy whose source is a
 * literal that fits the destination's constant size. */
bool facts_call_cannot_fail(const struct cfg_call *call);

/* Whether `call` references, in KernelMode and with no object type or
 * *PsThreadType, the object of the handle it is given as its 1st argument:
 * ObReferenceObjectByHandle(WithTag). On the handle a system thread's
 * creation filled (facts_thread_creation) it fails only when that creation
 * did: the handle is the thread's, and KernelMode checks no access. */
bool facts_references_thread_handle(const struct cfg_call *call);
/* Whether `call` creates a system thread, filling the handle it is given
 * the address of (PsCreateSystemThread, IoCreateSystemThread). */
bool facts_thread_creation(const struct cfg_call *call);

/* The characters of a string literal as written ("idle", L"a" "b"), its
 * terminating NUL left out; -1 when the text is no plain literal. */
long facts_literal_chars(const char *text);

#endif
