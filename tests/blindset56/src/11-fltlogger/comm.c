#include "fltlogger.h"

static NTSTATUS FLTAPI FlConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
                                 _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
                                 _In_ ULONG SizeOfContext, _Outptr_result_maybenull_ PVOID *ConnectionPortCookie);
static VOID FLTAPI     FlDisconnect(_In_opt_ PVOID ConnectionCookie);
static NTSTATUS FLTAPI FlMessage(_In_opt_ PVOID PortCookie,
                                 _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer, _In_ ULONG InputBufferLength,
                                 _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
                                 _In_ ULONG OutputBufferLength, _Out_ PULONG ReturnOutputBufferLength);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, FlCommInitialize)
#pragma alloc_text(PAGE, FlCommShutdown)
#pragma alloc_text(PAGE, FlConnect)
#pragma alloc_text(PAGE, FlDisconnect)
#pragma alloc_text(PAGE, FlMessage)
#endif

NTSTATUS
FlCommInitialize(
    _In_ PFLT_FILTER Filter
    )
{
    NTSTATUS             status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES    oa;
    UNICODE_STRING       name;

    PAGED_CODE();

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FL_ERR("FltBuildDefaultSecurityDescriptor 0x%08X", status);
        return status;
    }

    RtlInitUnicodeString(&name, FL_PORT_NAME);
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);

    status = FltCreateCommunicationPort(Filter,
                                        &Globals.ServerPort,
                                        &oa,
                                        NULL,
                                        FlConnect,
                                        FlDisconnect,
                                        FlMessage,
                                        1);

    /* the port keeps its own copy of the descriptor */
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        FL_ERR("FltCreateCommunicationPort 0x%08X", status);
        Globals.ServerPort = NULL;
    }

    return status;
}

VOID
FlCommShutdown(
    VOID
    )
{
    PAGED_CODE();

    if (Globals.ServerPort != NULL) {
        FltCloseCommunicationPort(Globals.ServerPort);
        Globals.ServerPort = NULL;
    }
}

static NTSTATUS FLTAPI
FlConnect(
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

    FLT_ASSERT(Globals.ClientPort == NULL);

    Globals.ClientProcess = PsGetCurrentProcess();
    Globals.ClientPort    = ClientPort;
    *ConnectionPortCookie = NULL;

    FL_DBG("client connected");
    return STATUS_SUCCESS;
}

static VOID FLTAPI
FlDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    PAGED_CODE();

    FltCloseClientPort(Globals.Filter, &Globals.ClientPort);
    Globals.ClientProcess = NULL;
    InterlockedExchange(&Globals.Paused, 0);

    FL_DBG("client disconnected");
}

static NTSTATUS FLTAPI
FlMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    )
{
    FL_COMMAND command;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    PAGED_CODE();

    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || InputBufferLength < sizeof(FL_COMMAND_MESSAGE)) {
        return STATUS_INVALID_PARAMETER;
    }

    /* the buffer is a raw user mode address */
    __try {
        command = ((PFL_COMMAND_MESSAGE)InputBuffer)->Command;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (command) {
    case FlCmdPause:
        InterlockedExchange(&Globals.Paused, 1);
        return STATUS_SUCCESS;
    case FlCmdResume:
        InterlockedExchange(&Globals.Paused, 0);
        return STATUS_SUCCESS;
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

VOID
FlCommSend(
    _In_ PFL_NOTIFICATION Notification
    )
{
    LARGE_INTEGER timeout;

    timeout.QuadPart = -10000LL * FL_SEND_TIMEOUT_MS;

    (VOID)FltSendMessage(Globals.Filter,
                         &Globals.ClientPort,
                         Notification,
                         sizeof(FL_NOTIFICATION),
                         NULL,
                         NULL,
                         &timeout);
}
