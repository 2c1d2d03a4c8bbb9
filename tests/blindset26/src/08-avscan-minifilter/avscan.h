/*++

Module Name:    avscan.h

Abstract:       AvScan on-access scanning minifilter. Opens are forwarded
                to the user-mode scan service (AvScanSvc) over a filter
                communication port; the verdict is enforced in post-create.
--*/

#pragma once

#include <fltKernel.h>
#include <ntstrsafe.h>
#include "trace.h"

#define AV_POOL_TAG             'nScA'
#define AV_PORT_NAME            L"\\AvScanPort"
#define AV_DEFAULT_TIMEOUT_MS   3000
#define AV_MAX_PATH_CHARS       520

//
// One bit per DriverEntry stage. AvTeardown only undoes stages whose bit
// is set, so it serves every DriverEntry failure point and the unload
// callback alike.
//
#define AV_INIT_CONFIG          0x00000001
#define AV_INIT_LOOKASIDE       0x00000002
#define AV_INIT_FILTER          0x00000004
#define AV_INIT_PORT            0x00000008
#define AV_INIT_FILTERING       0x00000010

#define AV_SET_INIT(_f)         SetFlag(g_Av.InitFlags, (_f))
#define AV_IS_INIT(_f)          FlagOn(g_Av.InitFlags, (_f))
#define AV_CLEAR_INIT(_f)       ClearFlag(g_Av.InitFlags, (_f))

typedef enum _AV_VERDICT {
    AvVerdictClean = 0,
    AvVerdictInfected = 1,
    AvVerdictUnknown = 2
} AV_VERDICT;

#pragma pack(push, 8)
typedef struct _AV_SCAN_MESSAGE {
    ULONG           ProcessId;
    USHORT          PathLength;         // bytes
    WCHAR           Path[AV_MAX_PATH_CHARS];
} AV_SCAN_MESSAGE, *PAV_SCAN_MESSAGE;

typedef struct _AV_SCAN_REPLY {
    ULONG           Verdict;            // AV_VERDICT
    ULONG           Reserved;
} AV_SCAN_REPLY, *PAV_SCAN_REPLY;
#pragma pack(pop)

typedef struct _AV_REQUEST {            // lookaside entry
    AV_SCAN_MESSAGE Message;
    AV_SCAN_REPLY   Reply;
} AV_REQUEST, *PAV_REQUEST;

typedef struct _AV_GLOBALS {
    ULONG                   InitFlags;
    PFLT_FILTER             Filter;
    PFLT_PORT               ServerPort;
    PFLT_PORT               ClientPort;
    PEPROCESS               ServiceProcess;
    NPAGED_LOOKASIDE_LIST   RequestLookaside;
    UNICODE_STRING          RegistryPath;   // owned copy of the DriverEntry argument
    ULONG                   ScanTimeoutMs;
    BOOLEAN                 AllowUnload;
    volatile LONG           ScansIssued;
    volatile LONG           ScansBlocked;
} AV_GLOBALS, *PAV_GLOBALS;

extern AV_GLOBALS g_Av;

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
NTSTATUS FLTAPI AvFilterUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

/* comm.c */
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS AvCommCreatePort(_In_ PFLT_FILTER Filter, _Outptr_ PFLT_PORT *ServerPort);
_IRQL_requires_(PASSIVE_LEVEL)
VOID AvCommClosePort(_Inout_ PFLT_PORT *ServerPort);
_IRQL_requires_max_(APC_LEVEL)
AV_VERDICT AvCommScan(_In_ PFLT_CALLBACK_DATA Data);

/* ops.c */
FLT_PREOP_CALLBACK_STATUS FLTAPI AvPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
FLT_POSTOP_CALLBACK_STATUS FLTAPI AvPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);
NTSTATUS FLTAPI AvInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType, _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);
NTSTATUS FLTAPI AvInstanceQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);
