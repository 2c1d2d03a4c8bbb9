/* SPDX-License-Identifier: Apache-2.0 */
/* Declarations of <ntddk.h> that mingw-w64's lacks, read after it (the
 * prelude, entrycheck/kernel.h): what they take is ntddk.h's own types. */
#ifndef ENTRYCHECK_NTDDK_EXTRA_H
#define ENTRYCHECK_NTDDK_EXTRA_H

/* The load-image notify with flags (Windows 10 1709), removed with
 * PsRemoveLoadImageNotifyRoutine like the plain one. */
#define PS_IMAGE_NOTIFY_CONFLICTING_ARCHITECTURE 0x1
NTSTATUS PsSetLoadImageNotifyRoutineEx(PLOAD_IMAGE_NOTIFY_ROUTINE NotifyRoutine, ULONG_PTR Flags);

#endif /* ENTRYCHECK_NTDDK_EXTRA_H */
