/* SPDX-License-Identifier: Apache-2.0 */
/* What entrycheck knows of the Windows driver interfaces beyond their
 * declarations, as tables: which macros test a status, which constants mean
 * success, which calls zero memory, and the dispatch table's field. The CFG
 * builder asks here, so it stays a generic builder and the knowledge has one
 * home. */
#ifndef ENTRYCHECK_DDI_H
#define ENTRYCHECK_DDI_H

#include <stdbool.h>

/* A macro that tests whether a status means success (NT_SUCCESS). */
bool ddi_is_status_test(const char *name);
/* A macro that tests whether a status is an error (NT_ERROR): true means
 * failure, false does not mean success (warnings fail NT_SUCCESS too). */
bool ddi_is_error_test(const char *name);
/* A constant that means success (STATUS_SUCCESS, NDIS_STATUS_SUCCESS, ...). */
bool ddi_is_success_constant(const char *name);
/* For a call that zeroes the memory its first argument points to: the index
 * of the argument that must be the constant 0 (memset's fill), -1 when none
 * must; -2 for any other call. */
int ddi_zeroing_fill(const char *name);
/* The definition of a flag macro of <ntifs.h> (FlagOn, SetFlag, ...), its
 * tokens separated by spaces, or NULL: the precompiled prelude that holds
 * the kit's macros lists none of them among a unit's own. */
const char *ddi_flag_macro(const char *name);
/* For a call that points a counted string's Buffer at a buffer it is given
 * (RtlInitEmptyUnicodeString(&s, buf, size)): the argument (0-based) that
 * becomes the Buffer of the string its first argument points to; -1 for any
 * other call. */
int ddi_string_buffer_arg(const char *name);
/* The field of DRIVER_OBJECT that holds the dispatch routines. */
bool ddi_is_dispatch_table(const char *field);

#endif
