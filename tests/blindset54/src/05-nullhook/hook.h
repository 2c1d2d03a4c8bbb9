/*
 * hook.h - nullhook
 *
 * Counts everything that gets written to / read from NUL by patching
 * the dispatch table of \Driver\Null. Classic IRP hook from the
 * tutorials, plus a control device so the counters can be read.
 */
#pragma once

#include <ntifs.h>

#define NH_TAG              'kHlN'
#define NH_TARGET_DRIVER    L"\\Driver\\Null"
#define NH_DEVICE_NAME      L"\\Device\\NullHook"
#define NH_LINK_NAME        L"\\DosDevices\\NullHook"

#define IOCTL_NH_QUERY      CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_NH_RESET      CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define DBGP(fmt, ...)      DbgPrint("nullhook: " fmt "\n", ##__VA_ARGS__)

#define HOOK_SLOT(drv, mj)  ((PVOID volatile *)&(drv)->MajorFunction[(mj)])

/* not in the WDK headers but exported by ntoskrnl since forever */
NTKERNELAPI
NTSTATUS
ObReferenceObjectByName(
    _In_ PUNICODE_STRING ObjectName,
    _In_ ULONG Attributes,
    _In_opt_ PACCESS_STATE AccessState,
    _In_opt_ ACCESS_MASK DesiredAccess,
    _In_ POBJECT_TYPE ObjectType,
    _In_ KPROCESSOR_MODE AccessMode,
    _Inout_opt_ PVOID ParseContext,
    _Out_ PVOID *Object
    );

extern POBJECT_TYPE *IoDriverObjectType;

typedef struct _NH_STATS {
    volatile LONG     Writes;
    volatile LONG     Reads;
    volatile LONG64   BytesWritten;
    volatile LONG64   BytesRead;
} NH_STATS, *PNH_STATS;

typedef struct _NH_OPTIONS {
    ULONG CountReads;
    ULONG Verbose;
} NH_OPTIONS, *PNH_OPTIONS;

typedef struct _NH_GLOBALS {
    PDRIVER_OBJECT   Target;
    PDRIVER_DISPATCH OrigWrite;
    PDRIVER_DISPATCH OrigRead;
    PNH_STATS        Stats;
    PDEVICE_OBJECT   CtlDevice;
    NH_OPTIONS       Options;
    volatile LONG    InHook;         /* threads currently inside a hook */
} NH_GLOBALS;

extern NH_GLOBALS g_Nh;

/* ctl.c */
NTSTATUS NhCtlCreate(_In_ PDRIVER_OBJECT DriverObject);
VOID     NhCtlDelete(VOID);
NTSTATUS NhReadOptions(_In_ PUNICODE_STRING RegistryPath, _Inout_ PNH_OPTIONS Options);
DRIVER_DISPATCH NhCtlDispatch;
