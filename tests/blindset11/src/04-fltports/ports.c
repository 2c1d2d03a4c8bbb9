/*
 * ports.c - the two communication ports
 */
#include "fltports.h"

static NTSTATUS FLTAPI
FpControlConnect(
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

    g_Fp.ControlClientPort = ClientPort;
    *ConnectionPortCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
FpControlDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(g_Fp.Filter, &g_Fp.ControlClientPort);
}

static NTSTATUS FLTAPI
FpControlMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    )
{
    FP_COMMAND_MESSAGE msg;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || InputBufferLength < sizeof(msg)) {
        return STATUS_INVALID_PARAMETER;
    }

    __try {
        RtlCopyMemory(&msg, InputBuffer, sizeof(msg));
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (msg.Command) {
    case FpCmdEnable:
        InterlockedExchange(&g_Fp.Enabled, 1);
        break;
    case FpCmdDisable:
        InterlockedExchange(&g_Fp.Enabled, 0);
        break;
    case FpCmdSetVerbose:
        InterlockedExchange(&g_Fp.Verbose, (LONG)msg.Argument);
        break;
    default:
        return STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
FpEventConnect(
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

    g_Fp.EventClientPort = ClientPort;
    *ConnectionPortCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
FpEventDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(g_Fp.Filter, &g_Fp.EventClientPort);
}

NTSTATUS
FpCreatePorts(_In_ PFLT_FILTER Filter)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING controlName = RTL_CONSTANT_STRING(FP_CONTROL_PORT_NAME);
    UNICODE_STRING eventName = RTL_CONSTANT_STRING(FP_EVENT_PORT_NAME);
    NTSTATUS status;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FP_LOG("FltBuildDefaultSecurityDescriptor 0x%08X", status);
        return status;
    }

    InitializeObjectAttributes(&oa, &controlName,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);

    status = FltCreateCommunicationPort(Filter, &g_Fp.ControlServerPort, &oa, NULL,
                                        FpControlConnect, FpControlDisconnect,
                                        FpControlMessage, 1);
    if (!NT_SUCCESS(status)) {
        FP_LOG("control port 0x%08X", status);
        FltFreeSecurityDescriptor(sd);
        return status;
    }

    InitializeObjectAttributes(&oa, &eventName,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);

    status = FltCreateCommunicationPort(Filter, &g_Fp.EventServerPort, &oa, NULL,
                                        FpEventConnect, FpEventDisconnect,
                                        NULL, 1);

    /* the ports keep their own copy of the descriptor */
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        FP_LOG("event port 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
FpClosePorts(VOID)
{
    if (g_Fp.EventServerPort != NULL) {
        FltCloseCommunicationPort(g_Fp.EventServerPort);
        g_Fp.EventServerPort = NULL;
    }
    if (g_Fp.ControlServerPort != NULL) {
        FltCloseCommunicationPort(g_Fp.ControlServerPort);
        g_Fp.ControlServerPort = NULL;
    }
}

VOID
FpSendEvent(_In_ PFP_EVENT Event)
{
    LARGE_INTEGER timeout;

    if (g_Fp.EventClientPort == NULL) {
        return;
    }
    timeout.QuadPart = -10 * 1000 * 50; /* 50 ms, never block the open for long */
    (VOID)FltSendMessage(g_Fp.Filter, &g_Fp.EventClientPort, Event, sizeof(*Event),
                         NULL, NULL, &timeout);
}
