/*
 * ops.c - instance setup, create/write callbacks, stream context cleanup
 */
#include "ctxfilter.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, CfInstanceSetup)
#endif

NTSTATUS
CfInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects, FLT_INSTANCE_SETUP_FLAGS Flags,
                DEVICE_TYPE VolumeDeviceType, FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    PCF_INSTANCE_CONTEXT ictx = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    if (VolumeFilesystemType != FLT_FSTYPE_NTFS && VolumeFilesystemType != FLT_FSTYPE_REFS) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    status = FltAllocateContext(FltObjects->Filter, FLT_INSTANCE_CONTEXT,
                                sizeof(CF_INSTANCE_CONTEXT), NonPagedPoolNx, (PFLT_CONTEXT *)&ictx);
    if (!NT_SUCCESS(status)) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    RtlZeroMemory(ictx, sizeof(*ictx));
    ictx->FsType = VolumeFilesystemType;

    status = FltSetInstanceContext(FltObjects->Instance, FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                   ictx, NULL);

    /* the instance holds its own reference now (or the set failed) */
    FltReleaseContext(ictx);

    if (!NT_SUCCESS(status)) {
        CF_LOG("FltSetInstanceContext 0x%08x\n", status);
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    return STATUS_SUCCESS;
}

VOID
CfStreamContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE ContextType)
{
    PCF_STREAM_CONTEXT sctx = (PCF_STREAM_CONTEXT)Context;
    PCF_EVENT ev;
    USHORT cb;

    UNREFERENCED_PARAMETER(ContextType);

    if (sctx->Writes > 0) {
        ev = (PCF_EVENT)ExAllocateFromNPagedLookasideList(&CfData.EventLookaside);
        if (ev != NULL) {
            RtlZeroMemory(ev, sizeof(*ev));
            ev->Writes = sctx->Writes;
            ev->Bytes = sctx->Bytes;
            cb = min(sctx->Name.Length, (USHORT)(sizeof(ev->Name) - sizeof(WCHAR)));
            if (sctx->Name.Buffer != NULL) {
                RtlCopyMemory(ev->Name, sctx->Name.Buffer, cb);
            }
            InterlockedIncrement(&CfData.Events);
            CF_LOG("%ws: %ld writes, %I64d bytes\n", ev->Name, ev->Writes, ev->Bytes);
            ExFreeToNPagedLookasideList(&CfData.EventLookaside, ev);
        }
    }

    if (sctx->Name.Buffer != NULL) {
        ExFreePoolWithTag(sctx->Name.Buffer, CF_TAG_NAME);
        sctx->Name.Buffer = NULL;
    }
}

FLT_POSTOP_CALLBACK_STATUS
CfPostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
             PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags)
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PCF_STREAM_CONTEXT sctx = NULL;
    PCF_STREAM_CONTEXT oldCtx = NULL;
    PCF_INSTANCE_CONTEXT ictx = NULL;
    BOOLEAN isDir = FALSE;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (!FltSupportsStreamContexts(FltObjects->FileObject)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltIsDirectory(FltObjects->FileObject, FltObjects->Instance, &isDir);
    if (!NT_SUCCESS(status) || isDir) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltAllocateContext(FltObjects->Filter, FLT_STREAM_CONTEXT,
                                sizeof(CF_STREAM_CONTEXT), NonPagedPoolNx, (PFLT_CONTEXT *)&sctx);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    RtlZeroMemory(sctx, sizeof(*sctx));

    status = FltGetFileNameInformation(Data, FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (NT_SUCCESS(status)) {
        sctx->Name.Buffer = (PWCH)ExAllocatePoolWithTag(NonPagedPoolNx,
                                                        nameInfo->Name.Length, CF_TAG_NAME);
        if (sctx->Name.Buffer != NULL) {
            sctx->Name.MaximumLength = nameInfo->Name.Length;
            RtlCopyUnicodeString(&sctx->Name, &nameInfo->Name);
        }
        FltReleaseFileNameInformation(nameInfo);
    }

    status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                 FLT_SET_CONTEXT_KEEP_IF_EXISTS, sctx, (PFLT_CONTEXT *)&oldCtx);
    if (status == STATUS_FLT_CONTEXT_ALREADY_DEFINED && oldCtx != NULL) {
        FltReleaseContext(oldCtx);
    } else if (NT_SUCCESS(status)) {
        if (NT_SUCCESS(FltGetInstanceContext(FltObjects->Instance, (PFLT_CONTEXT *)&ictx))) {
            InterlockedIncrement(&ictx->Streams);
            FltReleaseContext(ictx);
        }
    }

    /* drop our allocation reference in every case */
    FltReleaseContext(sctx);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS
CfPreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext)
{
    PCF_STREAM_CONTEXT sctx = NULL;

    *CompletionContext = NULL;

    if (NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                       (PFLT_CONTEXT *)&sctx))) {
        InterlockedIncrement(&sctx->Writes);
        InterlockedAdd64(&sctx->Bytes, Data->Iopb->Parameters.Write.Length);
        FltReleaseContext(sctx);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
