/*
 * port.c - filter communication port to the user-mode agent (fsagent.exe)
 */
#include "fsmon.h"

NTSTATUS
FsmPortConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionCookie
    );

VOID
FsmPortDisconnect(
    _In_opt_ PVOID ConnectionCookie
    );

NTSTATUS
FsmPortMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, FsmPortCreate)
#pragma alloc_text(PAGE, FsmPortConnect)
#pragma alloc_text(INIT, FsmPortDisconnect)
#pragma alloc_text(PAGE, FsmPortMessage)
#pragma alloc_text(PAGE, FsmPortClose)
#endif

NTSTATUS
FsmPortConnect(
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

    /* MaxConnections is 1, so there is never a previous client here */
    g_Fsm.ClientPort = ClientPort;
    g_Fsm.ClientPid = HandleToULong(PsGetCurrentProcessId());
    *ConnectionCookie = NULL;

    FSM_LOG("agent pid %lu connected", g_Fsm.ClientPid);
    return STATUS_SUCCESS;
}

VOID
FsmPortDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    PAGED_CODE();

    FSM_LOG("agent pid %lu disconnected", g_Fsm.ClientPid);

    FltCloseClientPort(g_Fsm.Filter, &g_Fsm.ClientPort);
    g_Fsm.ClientPid = 0;
}

NTSTATUS
FsmPortMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    )
{
    ULONG command = 0;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    PAGED_CODE();

    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || InputBufferLength < sizeof(FSM_COMMAND)) {
        return STATUS_INVALID_PARAMETER;
    }

    /* buffer is a raw user address */
    __try {
        ProbeForRead(InputBuffer, InputBufferLength, sizeof(ULONG));
        command = ((PFSM_COMMAND)InputBuffer)->Command;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (command) {
    case 1: InterlockedExchange(&g_Fsm.Paused, 1); break;
    case 2: InterlockedExchange(&g_Fsm.Paused, 0); break;
    default: return STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
FsmPortCreate(
    _In_ PFLT_FILTER Filter
    )
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName = RTL_CONSTANT_STRING(FSM_PORT_NAME);

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FSM_LOG("FltBuildDefaultSecurityDescriptor 0x%08X", status);
        goto out;
    }

    InitializeObjectAttributes(&oa, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);

    status = FltCreateCommunicationPort(Filter,
                                        &g_Fsm.ServerPort,
                                        &oa,
                                        NULL,
                                        FsmPortConnect,
                                        FsmPortDisconnect,
                                        FsmPortMessage,
                                        1);

    /* the port object keeps its own copy of the descriptor */
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        FSM_LOG("FltCreateCommunicationPort 0x%08X", status);
        g_Fsm.ServerPort = NULL;
        goto out;
    }

    FSM_LOG("port %wZ open", &portName);

out:
    if (!NT_SUCCESS(status) && sd != NULL) {
        FltFreeSecurityDescriptor(sd);
    }
    return status;
}

VOID
FsmPortClose(VOID)
{
    PAGED_CODE();

    if (g_Fsm.ServerPort != NULL) {
        FltCloseCommunicationPort(g_Fsm.ServerPort);
        g_Fsm.ServerPort = NULL;
    }
}

VOID
FsmPortSend(
    _In_ FSM_EVENT Event,
    _In_ PCUNICODE_STRING Path
    )
{
    PFSM_MESSAGE msg;
    LARGE_INTEGER timeout;

    if (g_Fsm.ClientPort == NULL || g_Fsm.Paused) {
        return;
    }

    /* don't report the agent's own activity */
    if (HandleToULong(PsGetCurrentProcessId()) == g_Fsm.ClientPid) {
        return;
    }

    msg = (PFSM_MESSAGE)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(FSM_MESSAGE), FSM_TAG);
    if (msg == NULL) {
        return;
    }

    msg->Event = Event;
    msg->ProcessId = HandleToULong(PsGetCurrentProcessId());
    msg->PathBytes = (USHORT)min(Path->Length, (FSM_MAX_PATH - 1) * sizeof(WCHAR));
    RtlCopyMemory(msg->Path, Path->Buffer, msg->PathBytes);

    timeout.QuadPart = -10000LL * FSM_SEND_TIMEOUT_MS;

    /* drop the event if the agent is slow, never block the I/O path for long */
    FltSendMessage(g_Fsm.Filter, &g_Fsm.ClientPort, msg, sizeof(FSM_MESSAGE), NULL, NULL, &timeout);

    ExFreePoolWithTag(msg, FSM_TAG);
}
