/*++

Module Name:

    policy.c

Abstract:

    Operation callbacks implementing the rename/delete policy, and the
    control port used by the management service to read statistics.
    (Delete-on-close at create time is handled by directory ACLs.)

Environment:

    Kernel mode

--*/

#include "fltpolicy.h"

static NTSTATUS
FpPortConnect (
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionCookie
    );

static VOID
FpPortDisconnect (
    _In_opt_ PVOID ConnectionCookie
    );

static NTSTATUS
FpPortMessage (
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, FpPostCreate)
#pragma alloc_text(PAGE, FpPreSetInformation)
#pragma alloc_text(PAGE, FpCreateControlPort)
#pragma alloc_text(PAGE, FpPortConnect)
#pragma alloc_text(PAGE, FpPortDisconnect)
#pragma alloc_text(PAGE, FpPortMessage)
#endif

//
//  Helpers
//

static BOOLEAN
FpIsProtectedExtension (
    _In_ PCUNICODE_STRING Extension
    )
{
    ULONG i;
    UNICODE_STRING candidate;

    if (Extension->Length == 0 || FpGlobals.Extensions == NULL) {
        return FALSE;
    }

    for (i = 0; i < FpGlobals.ExtensionCount; i++) {
        candidate.Buffer = FpGlobals.Extensions[i].Buffer;
        candidate.Length = FpGlobals.Extensions[i].Length;
        candidate.MaximumLength = FpGlobals.Extensions[i].Length;

        if (RtlEqualUnicodeString(&candidate, Extension, TRUE)) {
            return TRUE;
        }
    }

    return FALSE;
}

//
//  Post-create: attach a stream context to protected streams.
//

FLT_POSTOP_CALLBACK_STATUS
FpPostCreate (
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    NTSTATUS status;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PFP_STREAM_CONTEXT streamContext = NULL;

    UNREFERENCED_PARAMETER(CompletionContext);

    PAGED_CODE();

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (!NT_SUCCESS(Data->IoStatus.Status) || Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    if (FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DIRECTORY_FILE) ||
        FlagOn(FltObjects->FileObject->Flags, FO_VOLUME_OPEN) ||
        !FltSupportsStreamContexts(FltObjects->FileObject)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltParseFileNameInformation(nameInfo);

    if (NT_SUCCESS(status) && FpIsProtectedExtension(&nameInfo->Extension)) {

        status = FpGetOrCreateStreamContext(Data, &nameInfo->Name, &streamContext);

        if (NT_SUCCESS(status)) {
            InterlockedIncrement(&FpGlobals.ProtectedOpens);
            FltReleaseContext(streamContext);
        } else {
            FP_TRACE(FP_DBG_CONTEXT, "no stream context for %wZ, status 0x%08X",
                     &nameInfo->Name, status);
        }
    }

    FltReleaseFileNameInformation(nameInfo);

    return FLT_POSTOP_FINISHED_PROCESSING;
}

//
//  Pre-set-information: deny renames and deletes of protected streams.
//

FLT_PREOP_CALLBACK_STATUS
FpPreSetInformation (
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    NTSTATUS status;
    PFP_STREAM_CONTEXT streamContext = NULL;
    PVOID infoBuffer = Data->Iopb->Parameters.SetFileInformation.InfoBuffer;
    BOOLEAN isRename = FALSE;
    BOOLEAN isDelete = FALSE;
    FLT_PREOP_CALLBACK_STATUS result = FLT_PREOP_SUCCESS_NO_CALLBACK;

    *CompletionContext = NULL;

    PAGED_CODE();

    switch (Data->Iopb->Parameters.SetFileInformation.FileInformationClass) {

    case FileRenameInformation:
    case FileRenameInformationEx:
        isRename = TRUE;
        break;

    case FileDispositionInformation:
        isDelete = ((PFILE_DISPOSITION_INFORMATION)infoBuffer)->DeleteFile;
        break;

    case FileDispositionInformationEx:
        isDelete = BooleanFlagOn(((PFILE_DISPOSITION_INFORMATION_EX)infoBuffer)->Flags,
                                 FILE_DISPOSITION_DELETE);
        break;

    default:
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (!isRename && !isDelete) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (Data->RequestorMode == KernelMode) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (FpGlobals.ClientProcess != NULL &&
        FltGetRequestorProcess(Data) == FpGlobals.ClientProcess) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                 (PFLT_CONTEXT *)&streamContext);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    if (streamContext->Protected) {

        if (isRename) {
            InterlockedIncrement(&streamContext->RenameAttempts);
            InterlockedIncrement(&FpGlobals.DeniedRenames);
        } else {
            InterlockedIncrement(&streamContext->DeleteAttempts);
            InterlockedIncrement(&FpGlobals.DeniedDeletes);
        }

        FP_TRACE(FP_DBG_POLICY, "denied %s of %wZ",
                 isRename ? "rename" : "delete", &streamContext->FileName);

        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        result = FLT_PREOP_COMPLETE;
    }

    FltReleaseContext(streamContext);

    return result;
}

//
//  Control port
//

NTSTATUS
FpCreateControlPort (
    VOID
    )
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName = RTL_CONSTANT_STRING(FP_PORT_NAME);

    PAGED_CODE();

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &portName,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);

    status = FltCreateCommunicationPort(FpGlobals.Filter,
                                        &FpGlobals.ServerPort,
                                        &oa,
                                        NULL,
                                        FpPortConnect,
                                        FpPortDisconnect,
                                        FpPortMessage,
                                        1);

    //
    //  The port keeps its own copy of the descriptor.
    //
    FltFreeSecurityDescriptor(sd);

    return status;
}

static NTSTATUS
FpPortConnect (
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    PAGED_CODE();

    FLT_ASSERT(FpGlobals.ClientPort == NULL);

    FpGlobals.ClientPort = ClientPort;
    FpGlobals.ClientProcess = PsGetCurrentProcess();
    *ConnectionCookie = NULL;

    return STATUS_SUCCESS;
}

static VOID
FpPortDisconnect (
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    PAGED_CODE();

    FpGlobals.ClientProcess = NULL;
    FltCloseClientPort(FpGlobals.Filter, &FpGlobals.ClientPort);
}

static NTSTATUS
FpPortMessage (
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    )
{
    FP_COMMAND command;
    FP_STATISTICS stats;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(PortCookie);

    PAGED_CODE();

    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || InputBufferLength < sizeof(FP_COMMAND)) {
        return STATUS_INVALID_PARAMETER;
    }

    __try {
        command = *(FP_COMMAND *)InputBuffer;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    if (command != FpCmdGetStatistics) {
        return STATUS_INVALID_PARAMETER;
    }

    if (OutputBuffer == NULL || OutputBufferLength < sizeof(FP_STATISTICS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    stats.ProtectedOpens = FpGlobals.ProtectedOpens;
    stats.DeniedRenames = FpGlobals.DeniedRenames;
    stats.DeniedDeletes = FpGlobals.DeniedDeletes;

    __try {
        RtlCopyMemory(OutputBuffer, &stats, sizeof(stats));
        *ReturnOutputBufferLength = sizeof(stats);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }

    return status;
}
