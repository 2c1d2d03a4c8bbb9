/*++

Module Name:

    fsmon.c

Abstract:

    File create monitor. Every successful IRP_MJ_CREATE from user mode is
    reported to the fsmon service over a filter communication port.

Environment:

    Kernel mode

--*/

#include "fsmon.h"

FSMON_DATA FsData;

DRIVER_INITIALIZE DriverEntry;

NTSTATUS FLTAPI FsUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

NTSTATUS FLTAPI FsInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType);

NTSTATUS FLTAPI FsInstanceQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);

FLT_POSTOP_CALLBACK_STATUS FLTAPI FsPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FsUnload)
#pragma alloc_text(PAGE, FsInstanceSetup)
#pragma alloc_text(PAGE, FsInstanceQueryTeardown)
#endif

CONST FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE, 0, NULL, FsPostCreate },
    { IRP_MJ_OPERATION_END }
};

CONST FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),           //  Size
    FLT_REGISTRATION_VERSION,           //  Version
    0,                                  //  Flags
    NULL,                               //  Context
    Callbacks,                          //  Operation callbacks
    FsUnload,                           //  MiniFilterUnload
    FsInstanceSetup,                    //  InstanceSetup
    FsInstanceQueryTeardown,            //  InstanceQueryTeardown
    NULL,                               //  InstanceTeardownStart
    NULL,                               //  InstanceTeardownComplete
    NULL,                               //  GenerateFileName
    NULL,                               //  NormalizeNameComponent
    NULL                                //  NormalizeContextCleanup
};

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    FSMON_TRACE(TRACE_INFO, "entered");

    RtlZeroMemory(&FsData, sizeof(FsData));
    FsData.DriverObject = DriverObject;

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &FsData.Filter);

    if (NT_SUCCESS(status)) {

        status = FsPortCreate();

        if (NT_SUCCESS(status)) {

            status = FltStartFiltering(FsData.Filter);

            if (!NT_SUCCESS(status)) {
                FSMON_TRACE(TRACE_ERR, "FltStartFiltering 0x%08X", status);
                FsPortClose();
            }

        } else {
            FltUnregisterFilter(FsData.Filter);
            FsData.Filter = NULL;
        }
    } else {
        FSMON_TRACE(TRACE_ERR, "FltRegisterFilter 0x%08X", status);
    }

    return status;
}

NTSTATUS FLTAPI
FsUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    FSMON_TRACE(TRACE_INFO, "unloading");

    FsPortClose();
    FltUnregisterFilter(FsData.Filter);
    FsData.Filter = NULL;

    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
FsInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    if (VolumeFilesystemType != FLT_FSTYPE_NTFS && VolumeFilesystemType != FLT_FSTYPE_REFS) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
FsInstanceQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    return STATUS_SUCCESS;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI
FsPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    NTSTATUS                    status;
    PFLT_FILE_NAME_INFORMATION  nameInfo = NULL;
    PFSMON_MESSAGE              msg;
    USHORT                      bytes;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->RequestorMode == KernelMode ||
        FsData.ClientPort == NULL ||
        IoThreadToProcess(Data->Thread) == FsData.ClientProcess) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    msg = (PFSMON_MESSAGE)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(FSMON_MESSAGE), FSMON_TAG);
    if (msg != NULL) {
        msg->ProcessId   = HandleToULong(PsGetCurrentProcessId());
        msg->ThreadId    = HandleToULong(PsGetCurrentThreadId());
        msg->Disposition = (Data->Iopb->Parameters.Create.Options >> 24) & 0xFF;
        msg->Information = (ULONG)Data->IoStatus.Information;
        KeQuerySystemTime(&msg->Time);

        bytes = min(nameInfo->Name.Length, (USHORT)((FSMON_MAX_PATH - 1) * sizeof(WCHAR)));
        RtlCopyMemory(msg->Path, nameInfo->Name.Buffer, bytes);
        msg->PathLength = bytes;

        FsPortSend(msg);
        ExFreePoolWithTag(msg, FSMON_TAG);
    } else {
        InterlockedIncrement(&FsData.Lost);
    }

    FltReleaseFileNameInformation(nameInfo);
    return FLT_POSTOP_FINISHED_PROCESSING;
}
