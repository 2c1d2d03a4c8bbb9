/*++

Module Name:

    ops.c

Abstract:

    Operation callbacks. A stream context caches the normalized name and
    whether the extension is excluded, so the write/set-info paths never
    query names.

Environment:

    Kernel mode

--*/

#include "fsflt.h"

static NTSTATUS
FsfCreateStreamContext (
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ PFLT_FILE_NAME_INFORMATION NameInfo,
    _Outptr_ PFSF_STREAM_CONTEXT *Context
    )
{
    NTSTATUS status;
    PFSF_STREAM_CONTEXT ctx;
    PFSF_STREAM_CONTEXT existing = NULL;

    *Context = NULL;

    status = FltAllocateContext( FltObjects->Filter,
                                 FLT_STREAM_CONTEXT,
                                 sizeof( FSF_STREAM_CONTEXT ),
                                 NonPagedPoolNx,
                                 (PFLT_CONTEXT *)&ctx );

    if (!NT_SUCCESS( status )) {

        return status;
    }

    RtlZeroMemory( ctx, sizeof( *ctx ) );
    ctx->Excluded = FsfConfigIsExcluded( &NameInfo->Extension );

    ctx->FileName.MaximumLength = NameInfo->Name.Length;
    ctx->FileName.Buffer = ExAllocatePoolZero( NonPagedPoolNx,
                                               NameInfo->Name.Length,
                                               FSF_POOL_TAG_NAME );

    if (ctx->FileName.Buffer == NULL) {

        FltReleaseContext( ctx );
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlCopyUnicodeString( &ctx->FileName, &NameInfo->Name );

    status = FltSetStreamContext( FltObjects->Instance,
                                  FltObjects->FileObject,
                                  FLT_SET_CONTEXT_KEEP_IF_EXISTS,
                                  ctx,
                                  (PFLT_CONTEXT *)&existing );

    if (status == STATUS_FLT_CONTEXT_ALREADY_DEFINED) {

        FltReleaseContext( ctx );
        *Context = existing;
        return STATUS_SUCCESS;
    }

    if (!NT_SUCCESS( status )) {

        FltReleaseContext( ctx );
        return status;
    }

    *Context = ctx;
    return STATUS_SUCCESS;
}

VOID
FsfStreamContextCleanup (
    _In_ PFLT_CONTEXT Context,
    _In_ FLT_CONTEXT_TYPE ContextType
    )
{
    PFSF_STREAM_CONTEXT ctx = Context;

    UNREFERENCED_PARAMETER( ContextType );

    if (ctx->FileName.Buffer != NULL) {

        ExFreePoolWithTag( ctx->FileName.Buffer, FSF_POOL_TAG_NAME );
        ctx->FileName.Buffer = NULL;
    }
}

FLT_PREOP_CALLBACK_STATUS
FsfPreCreate (
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    UNREFERENCED_PARAMETER( FltObjects );

    *CompletionContext = NULL;

    //
    //  Skip paging file and volume opens, and opens by our own client.
    //

    if (FlagOn( Data->Iopb->OperationFlags, SL_OPEN_PAGING_FILE ) ||
        FlagOn( Data->Iopb->TargetFileObject->Flags, FO_VOLUME_OPEN ) ||
        IoGetCurrentProcess() == Globals.ClientProcess) {

        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS
FsfPostCreate (
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    NTSTATUS status;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PFSF_STREAM_CONTEXT ctx = NULL;

    UNREFERENCED_PARAMETER( CompletionContext );

    if (FlagOn( Flags, FLTFL_POST_OPERATION_DRAINING ) ||
        !NT_SUCCESS( Data->IoStatus.Status ) ||
        Data->IoStatus.Status == STATUS_REPARSE) {

        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltGetFileNameInformation( Data,
                                        FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                        &nameInfo );

    if (!NT_SUCCESS( status )) {

        FSF_DBG_PRINT( FSFDBG_OPS,
                       ("FsFlt!FsfPostCreate: name query 0x%08x\n", status) );
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltParseFileNameInformation( nameInfo );

    if (!NT_SUCCESS( status )) {

        goto Exit;
    }

    status = FsfCreateStreamContext( FltObjects, nameInfo, &ctx );

    if (!NT_SUCCESS( status )) {

        FSF_DBG_PRINT( FSFDBG_CONTEXT,
                       ("FsFlt!FsfPostCreate: context 0x%08x\n", status) );
        goto Exit;
    }

    if (!ctx->Excluded && Data->IoStatus.Information == FILE_CREATED) {

        FsfCommPostEvent( FsfEventCreate, &ctx->FileName );
    }

Exit:

    if (ctx != NULL) {

        FltReleaseContext( ctx );
    }

    FltReleaseFileNameInformation( nameInfo );
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS
FsfPreWrite (
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    PFSF_STREAM_CONTEXT ctx;

    UNREFERENCED_PARAMETER( Data );

    *CompletionContext = NULL;

    if (!Globals.Config.MonitorWrites) {

        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (!NT_SUCCESS( FltGetStreamContext( FltObjects->Instance,
                                          FltObjects->FileObject,
                                          (PFLT_CONTEXT *)&ctx ) )) {

        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    //
    //  Report the first write on each stream only.
    //

    if (!ctx->Excluded && InterlockedIncrement( &ctx->WriteCount ) == 1) {

        FsfCommPostEvent( FsfEventWrite, &ctx->FileName );
    }

    FltReleaseContext( ctx );
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

FLT_PREOP_CALLBACK_STATUS
FsfPreSetInformation (
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    PFSF_STREAM_CONTEXT ctx;
    FSF_EVENT_KIND kind;

    *CompletionContext = NULL;

    switch (Data->Iopb->Parameters.SetFileInformation.FileInformationClass) {

    case FileRenameInformation:
    case FileRenameInformationEx:
        if (!Globals.Config.MonitorRenames) {
            return FLT_PREOP_SUCCESS_NO_CALLBACK;
        }
        kind = FsfEventRename;
        break;

    case FileDispositionInformation:
    case FileDispositionInformationEx:
        kind = FsfEventDelete;
        break;

    default:
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (!NT_SUCCESS( FltGetStreamContext( FltObjects->Instance,
                                          FltObjects->FileObject,
                                          (PFLT_CONTEXT *)&ctx ) )) {

        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (!ctx->Excluded) {

        FsfCommPostEvent( kind, &ctx->FileName );
    }

    FltReleaseContext( ctx );
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
