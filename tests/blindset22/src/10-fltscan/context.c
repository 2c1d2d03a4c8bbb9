/*++

Module Name:

    context.c

Abstract:

    Instance setup, context registration and the I/O callbacks of FltScan.

      IRP_MJ_CREATE   post: scan executable-type files on open, cancel the
                            open if the scanner says so; attach a stream
                            context when the file is opened for write.
      IRP_MJ_WRITE    pre:  mark the stream as modified.
      IRP_MJ_CLEANUP  pre:  rescan modified streams (report only).

Environment:

    Kernel mode

--*/

#include "fltscan.h"

static FLT_PREOP_CALLBACK_STATUS FLTAPI
FsPreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);

static FLT_POSTOP_CALLBACK_STATUS FLTAPI
FsPostCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects,
             PVOID CompletionContext, FLT_POST_OPERATION_FLAGS Flags);

static FLT_PREOP_CALLBACK_STATUS FLTAPI
FsPreWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);

static FLT_PREOP_CALLBACK_STATUS FLTAPI
FsPreCleanup(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID *CompletionContext);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, FsInstanceSetup)
#pragma alloc_text(PAGE, FsInstanceQueryTeardown)
#pragma alloc_text(PAGE, FsPreCreate)
#pragma alloc_text(PAGE, FsPostCreate)
#pragma alloc_text(PAGE, FsPreCleanup)
#endif

const FLT_CONTEXT_REGISTRATION FsContextRegistration[] = {
    { FLT_INSTANCE_CONTEXT, 0, NULL, sizeof(FS_INSTANCE_CONTEXT), FS_TAG_CONTEXT },
    { FLT_STREAM_CONTEXT,   0, NULL, sizeof(FS_STREAM_CONTEXT),   FS_TAG_CONTEXT },
    { FLT_CONTEXT_END }
};

const FLT_OPERATION_REGISTRATION FsOperationRegistration[] = {
    { IRP_MJ_CREATE,  0, FsPreCreate,  FsPostCreate },
    { IRP_MJ_WRITE,   0, FsPreWrite,   NULL },
    { IRP_MJ_CLEANUP, 0, FsPreCleanup, NULL },
    { IRP_MJ_OPERATION_END }
};

static const UNICODE_STRING FsScannedExtensions[] = {
    RTL_CONSTANT_STRING(L"exe"),
    RTL_CONSTANT_STRING(L"dll"),
    RTL_CONSTANT_STRING(L"sys"),
    RTL_CONSTANT_STRING(L"scr"),
    RTL_CONSTANT_STRING(L"ps1"),
    RTL_CONSTANT_STRING(L"bat"),
    RTL_CONSTANT_STRING(L"cmd"),
    RTL_CONSTANT_STRING(L"js"),
};

static BOOLEAN
FsIsScannedExtension(
    _In_ PCUNICODE_STRING Extension
    )
{
    ULONG i;

    for (i = 0; i < RTL_NUMBER_OF(FsScannedExtensions); i++) {
        if (RtlEqualUnicodeString(Extension, &FsScannedExtensions[i], TRUE)) {
            return TRUE;
        }
    }
    return FALSE;
}

//
// Instance management
//

_Use_decl_annotations_
NTSTATUS FLTAPI
FsInstanceSetup(
    PCFLT_RELATED_OBJECTS FltObjects,
    FLT_INSTANCE_SETUP_FLAGS Flags,
    DEVICE_TYPE VolumeDeviceType,
    FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    NTSTATUS status;
    PFS_INSTANCE_CONTEXT ctx = NULL;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(Flags);

    if (VolumeDeviceType == FILE_DEVICE_NETWORK_FILE_SYSTEM ||
        (VolumeFilesystemType != FLT_FSTYPE_NTFS &&
         VolumeFilesystemType != FLT_FSTYPE_REFS &&
         VolumeFilesystemType != FLT_FSTYPE_FAT &&
         VolumeFilesystemType != FLT_FSTYPE_EXFAT)) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    status = FltAllocateContext(FltObjects->Filter,
                                FLT_INSTANCE_CONTEXT,
                                sizeof(FS_INSTANCE_CONTEXT),
                                NonPagedPoolNx,
                                (PFLT_CONTEXT *)&ctx);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ctx->IsNetwork = FALSE;
    ctx->SectorSize = 0;

    status = FltSetInstanceContext(FltObjects->Instance,
                                   FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                   ctx,
                                   NULL);

    //
    // The instance holds its own reference if the set succeeded; ours is
    // dropped either way.
    //
    FltReleaseContext(ctx);

    return NT_SUCCESS(status) ? STATUS_SUCCESS : status;
}

_Use_decl_annotations_
NTSTATUS FLTAPI
FsInstanceQueryTeardown(
    PCFLT_RELATED_OBJECTS FltObjects,
    FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    return STATUS_SUCCESS;
}

//
// Stream context helpers
//

static NTSTATUS
FsGetOrCreateStreamContext(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Outptr_ PFS_STREAM_CONTEXT *Context
    )
{
    NTSTATUS status;
    PFS_STREAM_CONTEXT ctx = NULL;
    PFS_STREAM_CONTEXT existing = NULL;

    *Context = NULL;

    status = FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                 (PFLT_CONTEXT *)&ctx);
    if (NT_SUCCESS(status)) {
        *Context = ctx;
        return status;
    }
    if (status != STATUS_NOT_FOUND) {
        return status;
    }

    status = FltAllocateContext(FltObjects->Filter, FLT_STREAM_CONTEXT,
                                sizeof(FS_STREAM_CONTEXT), NonPagedPoolNx,
                                (PFLT_CONTEXT *)&ctx);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ctx->Modified = FALSE;
    ctx->Blocked = FALSE;

    status = FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                 FLT_SET_CONTEXT_KEEP_IF_EXISTS, ctx,
                                 (PFLT_CONTEXT *)&existing);
    if (NT_SUCCESS(status)) {
        *Context = ctx;
        return status;
    }

    FltReleaseContext(ctx);

    if (status == STATUS_FLT_CONTEXT_ALREADY_DEFINED && existing != NULL) {
        // somebody beat us to it; use theirs (already referenced for us)
        *Context = existing;
        return STATUS_SUCCESS;
    }
    return status;
}

//
// Callbacks
//

static
_Use_decl_annotations_
FLT_PREOP_CALLBACK_STATUS FLTAPI
FsPreCreate(
    PFLT_CALLBACK_DATA Data,
    PCFLT_RELATED_OBJECTS FltObjects,
    PVOID *CompletionContext
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(FltObjects);

    *CompletionContext = NULL;

    // volume opens and paging-file opens are never scanned
    if (FlagOn(Data->Iopb->OperationFlags, SL_OPEN_TARGET_DIRECTORY) ||
        FlagOn(Data->Iopb->OperationFlags, SL_OPEN_PAGING_FILE) ||
        FlagOn(Data->Iopb->TargetFileObject->Flags, FO_VOLUME_OPEN)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

static
_Use_decl_annotations_
FLT_POSTOP_CALLBACK_STATUS FLTAPI
FsPostCreate(
    PFLT_CALLBACK_DATA Data,
    PCFLT_RELATED_OBJECTS FltObjects,
    PVOID CompletionContext,
    FLT_POST_OPERATION_FLAGS Flags
    )
{
    NTSTATUS status;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PFS_STREAM_CONTEXT streamCtx = NULL;
    BOOLEAN isDirectory = FALSE;
    BOOLEAN block = FALSE;
    ACCESS_MASK access;

    PAGED_CODE();
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) ||
        !NT_SUCCESS(Data->IoStatus.Status) ||
        Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltIsDirectory(FltObjects->FileObject, FltObjects->Instance, &isDirectory);
    if (!NT_SUCCESS(status) || isDirectory) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltParseFileNameInformation(nameInfo);
    if (!NT_SUCCESS(status) || !FsIsScannedExtension(&nameInfo->Extension)) {
        goto Done;
    }

    (VOID)FsPortScanFile(Data, &nameInfo->Name, FsScanOnOpen, &block);

    if (block) {
        FS_LOG("blocking open of %wZ", &nameInfo->Name);
        FltCancelFileOpen(FltObjects->Instance, FltObjects->FileObject);
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        goto Done;
    }

    //
    // Track writes so the file gets rescanned at cleanup.
    //
    access = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    if (FlagOn(access, FILE_WRITE_DATA | FILE_APPEND_DATA)) {
        status = FsGetOrCreateStreamContext(FltObjects, &streamCtx);
        if (NT_SUCCESS(status)) {
            InterlockedExchange(&streamCtx->Blocked, FALSE);
            FltReleaseContext(streamCtx);
        }
    }

Done:
    FltReleaseFileNameInformation(nameInfo);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static
_Use_decl_annotations_
FLT_PREOP_CALLBACK_STATUS FLTAPI
FsPreWrite(
    PFLT_CALLBACK_DATA Data,
    PCFLT_RELATED_OBJECTS FltObjects,
    PVOID *CompletionContext
    )
{
    PFS_STREAM_CONTEXT ctx = NULL;

    *CompletionContext = NULL;

    // paging writes are the lazy writer / mapped page writer flushing data
    // we already saw as cached writes
    if (FlagOn(Data->Iopb->IrpFlags, IRP_PAGING_IO)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                       (PFLT_CONTEXT *)&ctx))) {
        InterlockedExchange(&ctx->Modified, TRUE);
        FltReleaseContext(ctx);
    }

    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static
_Use_decl_annotations_
FLT_PREOP_CALLBACK_STATUS FLTAPI
FsPreCleanup(
    PFLT_CALLBACK_DATA Data,
    PCFLT_RELATED_OBJECTS FltObjects,
    PVOID *CompletionContext
    )
{
    NTSTATUS status;
    PFS_STREAM_CONTEXT ctx = NULL;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    BOOLEAN block = FALSE;

    PAGED_CODE();

    *CompletionContext = NULL;

    status = FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                 (PFLT_CONTEXT *)&ctx);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (InterlockedExchange(&ctx->Modified, FALSE)) {
        status = FltGetFileNameInformation(Data,
                                           FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                           &nameInfo);
        if (NT_SUCCESS(status)) {
            (VOID)FsPortScanFile(Data, &nameInfo->Name, FsScanOnCleanup, &block);
            InterlockedExchange(&ctx->Blocked, block);
            if (block) {
                FS_LOG("modified file %wZ flagged by scanner", &nameInfo->Name);
            }
            FltReleaseFileNameInformation(nameInfo);
        }
    }

    FltReleaseContext(ctx);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
