/*
 * callbacks.c - instance setup (attaches a small per-volume context) and the
 * post-create callback that reports successful opens to user mode.
 */
#include "mflog.h"

static VOID MfContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE ContextType);

static FLT_POSTOP_CALLBACK_STATUS
MfPostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
             PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags);

const FLT_OPERATION_REGISTRATION MfCallbacks[] = {
    { IRP_MJ_CREATE, 0, NULL, MfPostCreate },
    { IRP_MJ_OPERATION_END }
};

const FLT_CONTEXT_REGISTRATION MfContexts[] = {
    { FLT_INSTANCE_CONTEXT, 0, MfContextCleanup, sizeof(MFLOG_INSTANCE_CONTEXT), MFLOG_CTX_TAG },
    { FLT_CONTEXT_END }
};

static VOID MfContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE ContextType)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(ContextType);
    /* nothing allocated inside the context */
}

NTSTATUS MfInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                         DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    PMFLOG_INSTANCE_CONTEXT ctx = NULL;
    UCHAR buffer[sizeof(FILE_FS_VOLUME_INFORMATION) + 64];
    PFILE_FS_VOLUME_INFORMATION vol = (PFILE_FS_VOLUME_INFORMATION)buffer;
    ULONG got;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);

    if (VolumeDeviceType == FILE_DEVICE_CD_ROM_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    status = FltAllocateContext(FltObjects->Filter, FLT_INSTANCE_CONTEXT,
                                sizeof(MFLOG_INSTANCE_CONTEXT), NonPagedPoolNx, (PFLT_CONTEXT *)&ctx);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(ctx, sizeof(*ctx));
    ctx->IsNetwork = (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM);

    if (NT_SUCCESS(FltQueryVolumeInformation(FltObjects->Instance, NULL, vol, sizeof(buffer),
                                             FileFsVolumeInformation, &got))) {
        ctx->VolumeSerial = vol->VolumeSerialNumber;
    }

    status = FltSetInstanceContext(FltObjects->Instance, FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx, NULL);
    /* the instance holds its own reference now (or the set failed): drop ours */
    FltReleaseContext(ctx);

    if (status == STATUS_FLT_CONTEXT_ALREADY_DEFINED) {
        status = STATUS_SUCCESS;
    }
    return status;
}

NTSTATUS MfInstanceQueryTeardown(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    return STATUS_SUCCESS;
}

static FLT_POSTOP_CALLBACK_STATUS
MfPostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
             PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PMFLOG_INSTANCE_CONTEXT ctx = NULL;
    MFLOG_MESSAGE msg;
    USHORT len;

    UNREFERENCED_PARAMETER(CompletionContext);

    if ((Flags & FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status) ||
        InterlockedCompareExchange(&g.Connected, 0, 0) == 0) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                              &nameInfo))) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    RtlZeroMemory(&msg, sizeof(msg));
    msg.ProcessId = (ULONG)FltGetRequestorProcessId(Data);
    msg.Disposition = (Data->Iopb->Parameters.Create.Options >> 24) & 0xFF;

    if (NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, (PFLT_CONTEXT *)&ctx))) {
        msg.VolumeSerial = ctx->VolumeSerial;
        FltReleaseContext(ctx);
    }

    len = nameInfo->Name.Length;
    if (len > (MFLOG_MAX_NAME - 1) * sizeof(WCHAR)) {
        len = (MFLOG_MAX_NAME - 1) * sizeof(WCHAR);
    }
    RtlCopyMemory(msg.Name, nameInfo->Name.Buffer, len);
    msg.NameLength = len;
    FltReleaseFileNameInformation(nameInfo);

    CommSend(&msg);
    return FLT_POSTOP_FINISHED_PROCESSING;
}
