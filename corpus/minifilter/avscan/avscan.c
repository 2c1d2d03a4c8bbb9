/*
 * avscan.c - DriverEntry and the create-path callbacks of avscan.
 * Registration with the filter manager and the communication port live in
 * registration.c.
 */

#include "avscan.h"

AVSCAN_GLOBALS AvScanData;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, AvScanInstanceSetup)
#pragma alloc_text(PAGE, AvScanPreCreate)
#endif

NTSTATUS
DriverEntry(                                                // expect-entry: minifilter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    /* Global initialization first ... */
    RtlZeroMemory(&AvScanData, sizeof(AvScanData));
    AvScanData.DriverObject = DriverObject;

    ExInitializeNPagedLookasideList(&AvScanData.NotificationLookaside,
                                    NULL, NULL, 0,
                                    sizeof(AVSCAN_NOTIFICATION), AVSCAN_TAG, 0);

    /* ... then register, open the port and start filtering. */
    status = AvScanRegister(DriverObject);
    if (!NT_SUCCESS(status)) {
        ExDeleteNPagedLookasideList(&AvScanData.NotificationLookaside);
        return status;
    }

    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
AvScanInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);

    PAGED_CODE();

    /* Network redirectors are scanned by the server side. */
    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
AvScanPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    PAGED_CODE();

    /* Never scan opens made by the scanning service itself. */
    if (IoThreadToProcess(Data->Thread) == AvScanData.ServiceProcess) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI
AvScanPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    PAVSCAN_NOTIFICATION notification;
    AVSCAN_REPLY reply;
    ULONG replyLength = sizeof(reply);
    LARGE_INTEGER timeout;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        AvScanData.ClientPort == NULL) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    notification = (PAVSCAN_NOTIFICATION)ExAllocateFromNPagedLookasideList(
        &AvScanData.NotificationLookaside);
    if (notification == NULL) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    /* Content capture (FltReadFile of the first page) elided here. */
    notification->BytesToScan = 0;

    timeout.QuadPart = -10000LL * AVSCAN_REPLY_TIMEOUT_MS;
    status = FltSendMessage(AvScanData.Filter, &AvScanData.ClientPort,
                            notification, sizeof(*notification),
                            &reply, &replyLength, &timeout);
    if (status == STATUS_SUCCESS && !reply.SafeToOpen) {
        FltCancelFileOpen(FltObjects->Instance, FltObjects->FileObject);
        Data->IoStatus.Status = STATUS_VIRUS_INFECTED;
        Data->IoStatus.Information = 0;
    }

    ExFreeToNPagedLookasideList(&AvScanData.NotificationLookaside, notification);
    return FLT_POSTOP_FINISHED_PROCESSING;
}
