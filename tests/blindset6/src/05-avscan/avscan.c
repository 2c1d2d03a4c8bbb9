/*++
    avscan.c - registration, DriverEntry and the create path.
--*/
#include "avscan.h"

AVS_GLOBALS AvsData;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, AvsUnload)
#pragma alloc_text(PAGE, AvsInstanceSetup)
#endif

CONST FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE, 0, NULL, AvsPostCreate },
    { IRP_MJ_OPERATION_END }
};

CONST FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,                       // Context
    Callbacks,
    AvsUnload,
    AvsInstanceSetup,
    NULL,                       // InstanceQueryTeardown
    NULL,                       // InstanceTeardownStart
    NULL,                       // InstanceTeardownComplete
    NULL, NULL, NULL            // name provider callbacks
};

NTSTATUS
AvsInstanceSetup(
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

    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS
AvsReadHead(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Out_ PAVS_NOTIFICATION Notification
    )
{
    LARGE_INTEGER offset;
    ULONG bytesRead = 0;
    NTSTATUS status;

    offset.QuadPart = 0;
    status = FltReadFile(FltObjects->Instance,
                         FltObjects->FileObject,
                         &offset,
                         AVS_READ_SIZE,
                         Notification->Contents,
                         FLTFL_IO_OPERATION_NON_CACHED | FLTFL_IO_OPERATION_DO_NOT_UPDATE_BYTE_OFFSET,
                         &bytesRead,
                         NULL,
                         NULL);
    Notification->BytesToScan = bytesRead;
    return status;
}

FLT_POSTOP_CALLBACK_STATUS
AvsPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    PAVS_NOTIFICATION notification = NULL;
    BOOLEAN safe = TRUE;
    ACCESS_MASK access;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Information == FILE_DOES_NOT_EXIST) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (IoThreadToProcess(Data->Thread) == AvsData.ServiceProcess) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    access = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    if (!FlagOn(access, FILE_EXECUTE)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    notification = (PAVS_NOTIFICATION)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                      sizeof(AVS_NOTIFICATION),
                                                      AVS_TAG_MESSAGE);
    if (notification == NULL) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (NT_SUCCESS(AvsReadHead(FltObjects, notification))) {
        InterlockedIncrement(&AvsData.ScansRequested);
        (VOID)AvsSendScanRequest(notification, &safe);
    }

    if (!safe) {
        InterlockedIncrement(&AvsData.ScansDenied);
        FltCancelFileOpen(FltObjects->Instance, FltObjects->FileObject);
        Data->IoStatus.Status = STATUS_VIRUS_INFECTED;
        Data->IoStatus.Information = 0;
    }

    ExFreePoolWithTag(notification, AVS_TAG_MESSAGE);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

NTSTATUS
AvsUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    FltCloseCommunicationPort(AvsData.ServerPort);
    FltUnregisterFilter(AvsData.Filter);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&AvsData, sizeof(AvsData));
    AvsData.DriverObject = DriverObject;

    __try {

        status = FltRegisterFilter(DriverObject,
                                   &FilterRegistration,
                                   &AvsData.Filter);
        IF_FAILED_LEAVE(status);

        status = AvsCreateServerPort(AvsData.Filter, &AvsData.ServerPort);
        IF_FAILED_LEAVE(status);

        status = FltStartFiltering(AvsData.Filter);
        IF_FAILED_LEAVE(status);

        AvsData.FilteringStarted = TRUE;

    } __finally {

        if (!NT_SUCCESS(status)) {

            if (AvsData.ServerPort != NULL) {
                FltCloseCommunicationPort(AvsData.ServerPort);
                AvsData.ServerPort = NULL;
            }

            if (AvsData.Filter != NULL && AvsData.FilteringStarted) {
                FltUnregisterFilter(AvsData.Filter);
                AvsData.Filter = NULL;
            }
        }
    }

    return status;
}
