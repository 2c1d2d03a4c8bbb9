/*++

Module Name:

    port.c

Abstract:

    Filter communication port shared with the ScanGuard service, and the
    create/write callbacks that use it.

--*/
#include "scanguard.h"

static NTSTATUS FLTAPI SgPortConnect(
    _In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext, _Outptr_result_maybenull_ PVOID *ConnectionPortCookie);
static VOID FLTAPI SgPortDisconnect(_In_opt_ PVOID ConnectionCookie);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, SgCreatePort)
#pragma alloc_text(PAGE, SgClosePort)
#pragma alloc_text(PAGE, SgPortConnect)
#pragma alloc_text(PAGE, SgPortDisconnect)
#endif

NTSTATUS
SgCreatePort(
    _In_ PFLT_FILTER Filter
    )
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName;
    PSECURITY_DESCRIPTOR sd = NULL;
    NTSTATUS status;

    PAGED_CODE();

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitUnicodeString(&portName, SG_PORT_NAME);
    InitializeObjectAttributes(&oa, &portName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, sd);

    status = FltCreateCommunicationPort(Filter,
                                        &SgData.ServerPort,
                                        &oa,
                                        NULL,
                                        SgPortConnect,
                                        SgPortDisconnect,
                                        NULL,
                                        SG_MAX_CONNECTIONS);
    if (!NT_SUCCESS(status)) {
        SgData.ServerPort = NULL;
        return status;
    }

    FltFreeSecurityDescriptor(sd);
    return STATUS_SUCCESS;
}

VOID
SgClosePort(
    VOID
    )
{
    PAGED_CODE();

    if (SgData.ServerPort != NULL) {
        FltCloseCommunicationPort(SgData.ServerPort);
        SgData.ServerPort = NULL;
    }
}

static NTSTATUS FLTAPI
SgPortConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionPortCookie
    )
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    PAGED_CODE();

    SgData.UserProcess = PsGetCurrentProcess();
    SgData.ClientPort = ClientPort;
    *ConnectionPortCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
SgPortDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    PAGED_CODE();

    FltCloseClientPort(SgData.Filter, &SgData.ClientPort);
    SgData.UserProcess = NULL;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
SgPreCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    // Never scan for the service itself.
    if (IoThreadToProcess(Data->Thread) == SgData.UserProcess) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }
    return FLT_PREOP_SUCCESS_WITH_CALLBACK;
}

FLT_POSTOP_CALLBACK_STATUS FLTAPI
SgPostCreate(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_opt_ PVOID CompletionContext,
    _In_ FLT_POST_OPERATION_FLAGS Flags
    )
{
    PSG_STREAM_CONTEXT streamCtx = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (!NT_SUCCESS(Data->IoStatus.Status) || FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = FltAllocateContext(FltObjects->Filter, FLT_STREAM_CONTEXT,
                                sizeof(SG_STREAM_CONTEXT), NonPagedPoolNx, &streamCtx);
    if (NT_SUCCESS(status)) {
        RtlZeroMemory(streamCtx, sizeof(*streamCtx));
        streamCtx->ScanGeneration = SgData.Generation;
        (VOID)FltSetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                  FLT_SET_CONTEXT_KEEP_IF_EXISTS, streamCtx, NULL);
        FltReleaseContext(streamCtx);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

FLT_PREOP_CALLBACK_STATUS FLTAPI
SgPreWrite(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    PSG_STREAM_CONTEXT streamCtx = NULL;

    UNREFERENCED_PARAMETER(Data);
    *CompletionContext = NULL;

    if (NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject,
                                       (PFLT_CONTEXT *)&streamCtx))) {
        streamCtx->Modified = TRUE;
        FltReleaseContext(streamCtx);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
