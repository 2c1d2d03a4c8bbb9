/*
 * ops.c - instance setup and the create callbacks for WrAudit.
 */
#include "wraudit.h"

#define WA_WRITE_MASK   (FILE_WRITE_DATA | FILE_APPEND_DATA)

NTSTATUS
WaInstanceSetup(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    switch (VolumeFilesystemType) {
    case FLT_FSTYPE_NTFS:
    case FLT_FSTYPE_REFS:
    case FLT_FSTYPE_FAT:
    case FLT_FSTYPE_EXFAT:
        return STATUS_SUCCESS;
    default:
        return STATUS_FLT_DO_NOT_ATTACH;
    }
}

FLT_PREOP_CALLBACK_STATUS
WaPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    ACCESS_MASK access;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (g_Wa.ClientPort == NULL || g_Wa.Paused) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (FlagOn(Data->Iopb->OperationFlags, SL_OPEN_PAGING_FILE) ||
        FlagOn(Data->Iopb->TargetFileObject->Flags, FO_VOLUME_OPEN)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    access = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    if ((access & WA_WRITE_MASK) == 0) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS
WaPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    NTSTATUS status;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PWA_MESSAGE msg;
    LARGE_INTEGER timeout;
    USHORT bytes;

    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (!NT_SUCCESS(Data->IoStatus.Status) || Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    msg = (PWA_MESSAGE)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(WA_MESSAGE), WA_TAG);
    if (msg != NULL) {
        bytes = nameInfo->Name.Length;
        if (bytes > sizeof(msg->Path)) {
            bytes = sizeof(msg->Path);
        }

        msg->ProcessId     = FltGetRequestorProcessId(Data);
        msg->DesiredAccess = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
        msg->PathLength    = bytes;
        RtlCopyMemory(msg->Path, nameInfo->Name.Buffer, bytes);

        timeout.QuadPart = -10LL * 1000 * WA_SEND_TIMEOUT_MS;
        status = FltSendMessage(g_Wa.Filter,
                                &g_Wa.ClientPort,
                                msg,
                                sizeof(WA_MESSAGE),
                                NULL,
                                NULL,
                                &timeout);
        if (!NT_SUCCESS(status) || status == STATUS_TIMEOUT) {
            DbgPrint("WrAudit: send failed/timed out 0x%08X\n", status);
        }

        ExFreePoolWithTag(msg, WA_TAG);
    }

    FltReleaseFileNameInformation(nameInfo);
    return FLT_POSTOP_FINISHED_PROCESSING;
}
