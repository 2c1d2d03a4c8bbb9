//
// callbacks.cpp - instance setup, create / read / write / cleanup
//
#include "handlectx.h"

namespace hctx {

NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS objs, FLT_INSTANCE_SETUP_FLAGS,
                              DEVICE_TYPE devType, FLT_FILESYSTEM_TYPE fsType)
{
    PAGED_CODE();

    if (devType != FILE_DEVICE_DISK_FILE_SYSTEM)
        return STATUS_FLT_DO_NOT_ATTACH;

    InstanceContext* ictx = nullptr;
    NTSTATUS status = FltAllocateContext(objs->Filter, FLT_INSTANCE_CONTEXT,
                                         sizeof(InstanceContext), NonPagedPoolNx,
                                         reinterpret_cast<PFLT_CONTEXT*>(&ictx));
    if (!NT_SUCCESS(status))
        return STATUS_FLT_DO_NOT_ATTACH;

    ictx->FsType = fsType;
    ictx->Handles = 0;

    status = FltSetInstanceContext(objs->Instance, FLT_SET_CONTEXT_KEEP_IF_EXISTS, ictx, nullptr);
    FltReleaseContext(ictx);

    if (!NT_SUCCESS(status)) {
        HERR("FltSetInstanceContext 0x%08X", status);
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

static bool IsWatchedFile(PFLT_CALLBACK_DATA data)
{
    PFLT_FILE_NAME_INFORMATION name = nullptr;
    bool watched = false;

    if (!NT_SUCCESS(FltGetFileNameInformation(data, FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT, &name)))
        return false;

    if (NT_SUCCESS(FltParseFileNameInformation(name)) && name->Extension.Length)
        watched = Filter::Extensions->Match(&name->Extension);

    FltReleaseFileNameInformation(name);
    return watched;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS objs,
                                             PVOID, FLT_POST_OPERATION_FLAGS flags)
{
    if (FlagOn(flags, FLTFL_POST_OPERATION_DRAINING))
        return FLT_POSTOP_FINISHED_PROCESSING;

    if (!NT_SUCCESS(data->IoStatus.Status) || data->IoStatus.Status == STATUS_REPARSE)
        return FLT_POSTOP_FINISHED_PROCESSING;

    if (data->RequestorMode == KernelMode || !IsWatchedFile(data))
        return FLT_POSTOP_FINISHED_PROCESSING;

    HandleContext* hctx = nullptr;
    NTSTATUS status = FltAllocateContext(objs->Filter, FLT_STREAMHANDLE_CONTEXT,
                                         sizeof(HandleContext), NonPagedPoolNx,
                                         reinterpret_cast<PFLT_CONTEXT*>(&hctx));
    if (!NT_SUCCESS(status))
        return FLT_POSTOP_FINISHED_PROCESSING;

    RtlZeroMemory(hctx, sizeof(*hctx));
    hctx->ProcessId = FltGetRequestorProcessId(data);
    KeQuerySystemTime(&hctx->OpenTime);

    status = FltSetStreamHandleContext(objs->Instance, objs->FileObject,
                                       FLT_SET_CONTEXT_KEEP_IF_EXISTS, hctx, nullptr);
    if (!NT_SUCCESS(status)) {
        // STATUS_FLT_CONTEXT_ALREADY_DEFINED: somebody beat us, fine
        FltReleaseContext(hctx);
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    InstanceContext* ictx = nullptr;
    if (NT_SUCCESS(FltGetInstanceContext(objs->Instance, reinterpret_cast<PFLT_CONTEXT*>(&ictx)))) {
        InterlockedIncrement(&ictx->Handles);
        FltReleaseContext(ictx);
    }

    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI PreReadWrite(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS objs, PVOID*)
{
    HandleContext* hctx = nullptr;

    // paging I/O has no user handle behind it
    if (FlagOn(data->Iopb->IrpFlags, IRP_PAGING_IO))
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    if (!NT_SUCCESS(FltGetStreamHandleContext(objs->Instance, objs->FileObject,
                                              reinterpret_cast<PFLT_CONTEXT*>(&hctx))))
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    if (data->Iopb->MajorFunction == IRP_MJ_READ) {
        InterlockedIncrement(&hctx->Reads);
        InterlockedAdd64(&hctx->BytesRead, data->Iopb->Parameters.Read.Length);
    } else {
        InterlockedIncrement(&hctx->Writes);
        InterlockedAdd64(&hctx->BytesWritten, data->Iopb->Parameters.Write.Length);
    }

    FltReleaseContext(hctx);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI PreCleanup(PFLT_CALLBACK_DATA data, PCFLT_RELATED_OBJECTS objs, PVOID*)
{
    HandleContext* hctx = nullptr;

    UNREFERENCED_PARAMETER(data);

    if (NT_SUCCESS(FltGetStreamHandleContext(objs->Instance, objs->FileObject,
                                             reinterpret_cast<PFLT_CONTEXT*>(&hctx)))) {
        HLOG("pid %lu closed handle: %ld reads (%lld bytes), %ld writes (%lld bytes)",
             hctx->ProcessId, hctx->Reads, hctx->BytesRead, hctx->Writes, hctx->BytesWritten);
        FltReleaseContext(hctx);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

VOID FLTAPI ContextCleanup(PFLT_CONTEXT context, FLT_CONTEXT_TYPE type)
{
    if (type == FLT_INSTANCE_CONTEXT) {
        auto ictx = static_cast<InstanceContext*>(context);
        HLOG("instance going away, %ld handles tracked (fs %d)", ictx->Handles, ictx->FsType);
    }
    // nothing allocated inside the contexts, filter manager frees the memory
}

} // namespace hctx
