/*++
    avscan - on-access scanning minifilter.
    Sends the first bytes of files being opened for execute to the user-mode
    scan service and denies the open when the service says so.
--*/
#pragma once

#include <fltKernel.h>
#include <dontuse.h>

#define AVS_PORT_NAME      L"\\AvScanPort"
#define AVS_TAG_MESSAGE    'mSvA'
#define AVS_TAG_CONTEXT    'cSvA'
#define AVS_READ_SIZE      4096
#define AVS_TIMEOUT_MS     3000

#define IF_FAILED_LEAVE(_status)                \
    if (!NT_SUCCESS(_status)) {                 \
        __leave;                                \
    }

typedef struct _AVS_NOTIFICATION {
    ULONG  BytesToScan;
    ULONG  Reserved;
    UCHAR  Contents[AVS_READ_SIZE];
} AVS_NOTIFICATION, *PAVS_NOTIFICATION;

typedef struct _AVS_REPLY {
    BOOLEAN SafeToOpen;
} AVS_REPLY, *PAVS_REPLY;

typedef struct _AVS_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    PFLT_FILTER     Filter;
    PFLT_PORT       ServerPort;
    PFLT_PORT       ClientPort;
    PEPROCESS       ServiceProcess;
    BOOLEAN         FilteringStarted;
    volatile LONG   ScansRequested;
    volatile LONG   ScansDenied;
} AVS_GLOBALS, *PAVS_GLOBALS;

extern AVS_GLOBALS AvsData;

//
// comm.c
//
NTSTATUS
AvsCreateServerPort(
    _In_ PFLT_FILTER Filter,
    _Out_ PFLT_PORT *ServerPort
    );

NTSTATUS
AvsSendScanRequest(
    _In_ PAVS_NOTIFICATION Notification,
    _Out_ PBOOLEAN SafeToOpen
    );

//
// avscan.c
//
DRIVER_INITIALIZE DriverEntry;

NTSTATUS
AvsUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    );

NTSTATUS
AvsInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    );

FLT_POSTOP_CALLBACK_STATUS
AvsPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    );
