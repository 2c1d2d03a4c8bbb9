/* compmgr.h - CompMgr activity monitor: a table of components brought up in order */
#pragma once

#include <ntddk.h>

#define CM_POOL_TAG             'rgMC'
#define CM_EVENT_TAG            'vEMC'
#define CM_DEVICE_NAME          L"\\Device\\CompMgr"
#define CM_SYMLINK_NAME         L"\\??\\CompMgr"
#define CM_DEFAULT_MAX_EVENTS   1024
#define CM_MAX_EXCLUDE_BYTES    4096

/* lite build: -DCM_FEATURE_IMAGES=0 */
#ifndef CM_FEATURE_IMAGES
#define CM_FEATURE_IMAGES       1
#endif

#define CM_LOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[compmgr] " fmt "\n", __VA_ARGS__)
#define CM_ERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[compmgr!] " fmt "\n", __VA_ARGS__)

typedef enum _CM_STATE { CmStateStopped = 0, CmStateStarting, CmStateRunning, CmStateStopping } CM_STATE;

typedef enum _CM_EVENT_KIND { CmEventProcessCreate = 1, CmEventProcessExit, CmEventImageLoad } CM_EVENT_KIND;

typedef struct _CM_EVENT {
    LIST_ENTRY    Link;
    CM_EVENT_KIND Kind;
    LARGE_INTEGER Time;
    HANDLE        ProcessId;
    PVOID         Extra;            /* parent pid or image base */
} CM_EVENT, *PCM_EVENT;

typedef NTSTATUS (*PCM_COMPONENT_INIT)(_In_ PDRIVER_OBJECT DriverObject, _In_ PCUNICODE_STRING RegistryPath);
typedef VOID     (*PCM_COMPONENT_UNINIT)(VOID);

typedef struct _CM_COMPONENT {
    PCSTR                Name;
    PCM_COMPONENT_INIT   Init;
    PCM_COMPONENT_UNINIT Uninit;
} CM_COMPONENT;

typedef struct _CM_GLOBALS {
    volatile CM_STATE     State;
    struct {
        ULONG  MaxEvents;
        PWCHAR ExcludeList;         /* REG_MULTI_SZ copy, owned */
        ULONG  ExcludeListBytes;
    } Config;
    PDEVICE_OBJECT        ControlDevice;
    BOOLEAN               SymlinkCreated;
    NPAGED_LOOKASIDE_LIST EventPool;
    LIST_ENTRY            EventList;
    KSPIN_LOCK            EventLock;
    ULONG                 EventCount;
    volatile LONG         Dropped;
} CM_GLOBALS;

extern CM_GLOBALS g_Cm;

/* components.c */
NTSTATUS CmStartComponents(_In_ PDRIVER_OBJECT DriverObject, _In_ PCUNICODE_STRING RegistryPath);
VOID     CmStopComponents(VOID);

/* notify.c */
NTSTATUS CmProcNotifyInit(_In_ PDRIVER_OBJECT DriverObject, _In_ PCUNICODE_STRING RegistryPath);
VOID     CmProcNotifyUninit(VOID);
#if CM_FEATURE_IMAGES
NTSTATUS CmImageNotifyInit(_In_ PDRIVER_OBJECT DriverObject, _In_ PCUNICODE_STRING RegistryPath);
VOID     CmImageNotifyUninit(VOID);
#endif
