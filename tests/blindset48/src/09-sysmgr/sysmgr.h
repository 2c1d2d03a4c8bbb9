/*
 * sysmgr.h - SysMgr: system health agent. Keeps a small in-memory status
 * block, adds it to crash dumps and stamps the registry at shutdown.
 */
#pragma once

#include <ntddk.h>

#define SM_TAG              'rgMS'
#define SM_DEVICE_NAME      L"\\Device\\SysMgr"
#define SM_LINK_NAME        L"\\DosDevices\\SysMgr"

/* compile-time features */
#ifndef SM_FEATURE_BUGCHECK
#define SM_FEATURE_BUGCHECK 1
#endif
#ifndef SM_FEATURE_IMAGES
#define SM_FEATURE_IMAGES   1
#endif

/* run-time feature bits (registry "Features") */
#define SM_FEAT_SHUTDOWN    0x00000001
#define SM_FEAT_BUGCHECK    0x00000002
#define SM_FEAT_IMAGES      0x00000004
#define SM_FEAT_DEFAULT     (SM_FEAT_SHUTDOWN | SM_FEAT_BUGCHECK | SM_FEAT_IMAGES)

#define SM_TRACE(fmt, ...)  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "SysMgr: " fmt "\n", __VA_ARGS__))

typedef enum _SM_STATE {
    SmStateStopped = 0,
    SmStateStarting,
    SmStateRunning,
    SmStateShutdown,
    SmStateStopping
} SM_STATE;

#define SM_DUMP_SIGNATURE   'RGMS'

typedef struct _SM_STATUS_BLOCK {           /* lives in nonpaged .data, copied into dumps */
    ULONG         Signature;
    ULONG         State;
    ULONG         ImageLoads;
    ULONG         Features;
    LARGE_INTEGER StartTime;
} SM_STATUS_BLOCK;

typedef struct _SM_GLOBALS {
    volatile LONG   State;
    ULONG           Features;               /* run-time mask */
    UNICODE_STRING  ServiceKey;             /* owned copy of RegistryPath */
    PDEVICE_OBJECT  ControlDevice;
    BOOLEAN         LinkCreated;
    SM_STATUS_BLOCK Status;
#if SM_FEATURE_BUGCHECK
    KBUGCHECK_REASON_CALLBACK_RECORD BugCheckRecord;
    SM_STATUS_BLOCK DumpCopy;
#endif
} SM_GLOBALS;

extern SM_GLOBALS g_Sm;

typedef NTSTATUS (*PSM_INIT)(_In_ PDRIVER_OBJECT DriverObject);
typedef VOID     (*PSM_UNINIT)(VOID);

typedef struct _SM_COMPONENT {
    PCSTR      Name;
    ULONG      Feature;                     /* 0 = always on */
    PSM_INIT   Init;
    PSM_UNINIT Uninit;
} SM_COMPONENT;

/* components.c */
NTSTATUS SmStartComponents(_In_ PDRIVER_OBJECT DriverObject);
VOID     SmStopComponents(VOID);

/* bugcheck.c */
#if SM_FEATURE_BUGCHECK
NTSTATUS SmBugCheckInit(_In_ PDRIVER_OBJECT DriverObject);
VOID     SmBugCheckUninit(VOID);
#endif

/* driver.c */
DRIVER_DISPATCH SmDispatchCreateClose;
DRIVER_DISPATCH SmDispatchShutdown;
