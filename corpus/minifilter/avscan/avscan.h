/*
 * avscan.h - shared definitions for the avscan minifilter, which asks a
 * user-mode scanning service (over a filter communication port) whether a
 * file may be opened for execute.
 */

#ifndef AVSCAN_H
#define AVSCAN_H

#include <fltKernel.h>

#define AVSCAN_TAG              'nacS'
#define AVSCAN_PORT_NAME        L"\\AvScanPort"
#define AVSCAN_READ_BUFFER_SIZE 4096
#define AVSCAN_REPLY_TIMEOUT_MS 3000

/* Message layout shared with the service (see avscansvc/protocol.h). */
typedef struct _AVSCAN_NOTIFICATION {
    ULONG BytesToScan;
    ULONG Reserved;
    UCHAR Contents[AVSCAN_READ_BUFFER_SIZE];
} AVSCAN_NOTIFICATION, *PAVSCAN_NOTIFICATION;

typedef struct _AVSCAN_REPLY {
    BOOLEAN SafeToOpen;
} AVSCAN_REPLY, *PAVSCAN_REPLY;

typedef struct _AVSCAN_GLOBALS {
    PDRIVER_OBJECT DriverObject;
    PFLT_FILTER    Filter;
    PFLT_PORT      ServerPort;
    PFLT_PORT      ClientPort;
    PEPROCESS      ServiceProcess;
    NPAGED_LOOKASIDE_LIST NotificationLookaside;
} AVSCAN_GLOBALS;

extern AVSCAN_GLOBALS AvScanData;

DRIVER_INITIALIZE DriverEntry;

/* registration.c */
NTSTATUS AvScanRegister(_In_ PDRIVER_OBJECT DriverObject);
NTSTATUS FLTAPI AvScanUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

/* operations.c would hold these in the full product; kept here for size. */
FLT_PREOP_CALLBACK_STATUS FLTAPI
AvScanPreCreate(_Inout_ PFLT_CALLBACK_DATA Data,
                _In_ PCFLT_RELATED_OBJECTS FltObjects,
                _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

FLT_POSTOP_CALLBACK_STATUS FLTAPI
AvScanPostCreate(_Inout_ PFLT_CALLBACK_DATA Data,
                 _In_ PCFLT_RELATED_OBJECTS FltObjects,
                 _In_opt_ PVOID CompletionContext,
                 _In_ FLT_POST_OPERATION_FLAGS Flags);

NTSTATUS FLTAPI
AvScanInstanceSetup(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
                    _In_ DEVICE_TYPE VolumeDeviceType,
                    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);

#endif /* AVSCAN_H */
