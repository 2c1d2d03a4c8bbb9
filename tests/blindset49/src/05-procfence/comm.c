/*
 * comm.c - ProcFence service port
 */
#include "procfence.h"

static NTSTATUS PfConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext, _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionCookie);
static VOID PfDisconnect(_In_opt_ PVOID ConnectionCookie);
static NTSTATUS PfMessage(_In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer, _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength, _Out_ PULONG ReturnOutputBufferLength);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, PfPortOpen)
#pragma alloc_text(PAGE, PfPortClose)
#pragma alloc_text(PAGE, PfConnect)
#pragma alloc_text(PAGE, PfDisconnect)
#pragma alloc_text(PAGE, PfMessage)
#endif

NTSTATUS
PfPortOpen(
    VOID
    )
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name;

    PAGED_CODE();

    RtlInitUnicodeString(&name, PF_PORT_NAME);
    FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);

    /* default descriptor: SYSTEM and Administrators only */
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);

    status = FltCreateCommunicationPort(g_Pf.Filter,
                                        &g_Pf.ServerPort,
                                        &oa,
                                        NULL,
                                        PfConnect,
                                        PfDisconnect,
                                        PfMessage,
                                        1);
    FltFreeSecurityDescriptor(sd);
    if (!NT_SUCCESS(status)) {
        g_Pf.ServerPort = NULL;
    }
    return status;
}

VOID
PfPortClose(
    VOID
    )
{
    PAGED_CODE();

    if (g_Pf.ServerPort != NULL) {
        FltCloseCommunicationPort(g_Pf.ServerPort);
        g_Pf.ServerPort = NULL;
    }
}

static NTSTATUS
PfConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionCookie
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    PAGED_CODE();

    /* the service itself is always trusted */
    status = PfTrust(PsGetCurrentProcessId());
    if (!NT_SUCCESS(status)) {
        return status;
    }

    g_Pf.ClientPort = ClientPort;
    *ConnectionCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID
PfDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    PAGED_CODE();

    FltCloseClientPort(g_Pf.Filter, &g_Pf.ClientPort);
}

static NTSTATUS
PfMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    )
{
    PF_MESSAGE msg;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    PAGED_CODE();

    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || InputBufferLength < sizeof(PF_MESSAGE)) {
        return STATUS_INVALID_PARAMETER;
    }

    /* the buffer is the caller's user-mode buffer */
    __try {
        msg = *(PPF_MESSAGE)InputBuffer;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (msg.Command) {
    case PfCmdTrustPid:
        status = PfTrust(ULongToHandle(msg.ProcessId));
        break;
    case PfCmdUntrustPid:
        PfUntrust(ULongToHandle(msg.ProcessId));
        break;
    default:
        status = STATUS_INVALID_PARAMETER;
        break;
    }

    return status;
}
