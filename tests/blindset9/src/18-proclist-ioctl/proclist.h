/*
 * ProcList - returns a snapshot of running processes (pid, parent, threads, name)
 * to a user mode client via IOCTL. Snapshot memory is allocated once at load
 * and grown when the system has more processes than fit.
 */
#pragma once

#include <ntifs.h>
#include "macros.h"

#define PL_TAG               'tsLP'
#define PL_INITIAL_CAPACITY  512
#define PL_NAME_CHARS        64

#define PL_DEVICE_TYPE       0x9100
#define IOCTL_PL_REFRESH     CTL_CODE(PL_DEVICE_TYPE, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PL_GET         CTL_CODE(PL_DEVICE_TYPE, 0x801, METHOD_OUT_DIRECT, FILE_READ_ACCESS)

typedef struct _PL_ENTRY {
    ULONG ProcessId;
    ULONG ParentId;
    ULONG Threads;
    ULONG SessionId;
    WCHAR Name[PL_NAME_CHARS];
} PL_ENTRY, *PPL_ENTRY;

typedef struct _PL_SNAPSHOT {
    ULONG    Capacity;
    ULONG    Count;
    PL_ENTRY Entries[1];
} PL_SNAPSHOT, *PPL_SNAPSHOT;

typedef struct _PL_GLOBALS {
    PDEVICE_OBJECT Device;
    FAST_MUTEX     Lock;        /* protects Snapshot */
    PPL_SNAPSHOT   Snapshot;
} PL_GLOBALS;

extern PL_GLOBALS g_Pl;

/* snapshot.c */
PPL_SNAPSHOT PlAllocateSnapshot(_In_ ULONG Capacity);
NTSTATUS     PlRefreshSnapshot(VOID);
NTSTATUS     PlCopySnapshot(_Out_writes_bytes_(Length) PVOID Buffer, _In_ ULONG Length, _Out_ PULONG Written);

/* the documented prototype lives in winternl.h only */
NTSYSAPI NTSTATUS NTAPI ZwQuerySystemInformation(
    _In_ ULONG SystemInformationClass,
    _Out_writes_bytes_opt_(SystemInformationLength) PVOID SystemInformation,
    _In_ ULONG SystemInformationLength,
    _Out_opt_ PULONG ReturnLength);
