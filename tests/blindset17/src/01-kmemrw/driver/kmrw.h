/*
 * kmrw.h - private declarations for kmrw.sys
 */
#pragma once

#include <ntifs.h>
#include <ntddk.h>
#include <ntimage.h>
#include "../shared/kmrw_ioctl.h"

#define KMRW_TAG                'wrmK'
#define KMRW_DEVICE_NAME        L"\\Device\\kmrw"
#define KMRW_DOS_NAME           L"\\DosDevices\\kmrw"
#define KMRW_ALTITUDE           L"321410.8844"

#define KmrwLog(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[kmrw] " fmt "\n", __VA_ARGS__)

#if DBG
#define KmrwTrace(fmt, ...)  KmrwLog(fmt, __VA_ARGS__)
#else
#define KmrwTrace(fmt, ...)  ((void)0)
#endif

/*
 * Not in the WDK headers, exported by ntoskrnl on every supported build.
 */
NTKERNELAPI
NTSTATUS
NTAPI
MmCopyVirtualMemory(
    _In_ PEPROCESS SourceProcess,
    _In_ PVOID SourceAddress,
    _In_ PEPROCESS TargetProcess,
    _Out_ PVOID TargetAddress,
    _In_ SIZE_T BufferSize,
    _In_ KPROCESSOR_MODE PreviousMode,
    _Out_ PSIZE_T ReturnSize
    );

typedef PVOID (NTAPI *PFN_PS_GET_PROCESS_SECTION_BASE)(PEPROCESS Process);
typedef PPEB  (NTAPI *PFN_PS_GET_PROCESS_PEB)(PEPROCESS Process);
typedef PCHAR (NTAPI *PFN_PS_GET_PROCESS_IMAGE_NAME)(PEPROCESS Process);

typedef struct _KMRW_OFFSETS {
    ULONG                           BuildNumber;
    BOOLEAN                         Valid;
    PFN_PS_GET_PROCESS_SECTION_BASE PsGetProcessSectionBaseAddress;
    PFN_PS_GET_PROCESS_PEB          PsGetProcessPeb;
    PFN_PS_GET_PROCESS_IMAGE_NAME   PsGetProcessImageFileName;
    ULONG                           ImageFileNameOffset;
} KMRW_OFFSETS;

typedef struct _KMRW_PROTECTED {
    LIST_ENTRY  Link;
    HANDLE      ProcessId;
    ACCESS_MASK StripMask;
} KMRW_PROTECTED, *PKMRW_PROTECTED;

typedef struct _KMRW_GLOBALS {
    PDEVICE_OBJECT  DeviceObject;

    FAST_MUTEX      ProtectLock;
    LIST_ENTRY      ProtectedList;
    ULONG           ProtectedCount;
    volatile LONG64 HandlesStripped;

    PVOID           ObRegistrationHandle;

    PETHREAD        ResolverThread;
    KEVENT          ResolverDone;
    KEVENT          ResolverStop;

    KMRW_OFFSETS    Offsets;
} KMRW_GLOBALS;

extern KMRW_GLOBALS g_Kmrw;

/* main.c */
DRIVER_INITIALIZE   DriverEntry;
DRIVER_UNLOAD       KmrwUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH     KmrwDispatchCreateClose;
DRIVER_DISPATCH     KmrwDispatchUnsupported;

/* ioctl.c */
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH     KmrwDispatchDeviceControl;

/* memory.c */
NTSTATUS KmrwCopyProcessMemory(_In_ HANDLE ProcessId, _In_ PVOID Address,
                               _In_ PVOID UserBuffer, _In_ SIZE_T Size,
                               _In_ BOOLEAN Write, _Out_ PSIZE_T Copied);
NTSTATUS KmrwQueryModuleBase(_In_ HANDLE ProcessId, _In_opt_ PCWSTR ModuleName,
                             _Out_ PULONG64 Base, _Out_ PULONG64 SizeOfImage);

/* protect.c */
NTSTATUS KmrwRegisterObCallbacks(VOID);
VOID     KmrwUnregisterObCallbacks(VOID);
VOID     KmrwProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                           _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);
NTSTATUS KmrwProtectProcess(_In_ HANDLE ProcessId, _In_ ACCESS_MASK StripMask);
NTSTATUS KmrwUnprotectProcess(_In_ HANDLE ProcessId);
VOID     KmrwFreeProtectedList(VOID);

/* resolver.c */
NTSTATUS KmrwStartResolver(VOID);
VOID     KmrwStopResolver(VOID);
