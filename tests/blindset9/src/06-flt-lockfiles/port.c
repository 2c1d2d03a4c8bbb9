#include "lockflt.h"

static NTSTATUS FLTAPI
LfPortConnect(
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

    g_Lock.ClientPort = ClientPort;
    *ConnectionPortCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
LfPortDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    FltCloseClientPort(g_Lock.Filter, &g_Lock.ClientPort);
}

static NTSTATUS FLTAPI
LfPortMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    )
{
    LOCKFLT_COMMAND command;

    UNREFERENCED_PARAMETER(PortCookie);
    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || InputBufferLength < sizeof(LOCKFLT_MESSAGE)) {
        return STATUS_INVALID_PARAMETER;
    }

    __try {
        ProbeForRead(InputBuffer, InputBufferLength, sizeof(ULONG));
        command = ((PLOCKFLT_MESSAGE)InputBuffer)->Command;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (command) {
    case LockFltEnable:
        g_Lock.Enabled = TRUE;
        return STATUS_SUCCESS;

    case LockFltDisable:
        g_Lock.Enabled = FALSE;
        return STATUS_SUCCESS;

    case LockFltQueryCount:
        if (OutputBuffer == NULL || OutputBufferLength < sizeof(LONG)) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        __try {
            ProbeForWrite(OutputBuffer, OutputBufferLength, sizeof(ULONG));
            *(PLONG)OutputBuffer = g_Lock.Denied;
            *ReturnOutputBufferLength = sizeof(LONG);
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
        return STATUS_SUCCESS;

    default:
        return STATUS_INVALID_PARAMETER;
    }
}

NTSTATUS
LfCreatePort(
    VOID
    )
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name = RTL_CONSTANT_STRING(LOCKFLT_PORT_NAME);

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);

    status = FltCreateCommunicationPort(g_Lock.Filter,
                                        &g_Lock.ServerPort,
                                        &oa,
                                        NULL,
                                        LfPortConnect,
                                        LfPortDisconnect,
                                        LfPortMessage,
                                        1);

    FltFreeSecurityDescriptor(sd);
    return status;
}

VOID
LfClosePort(
    VOID
    )
{
    if (g_Lock.ServerPort != NULL) {
        FltCloseCommunicationPort(g_Lock.ServerPort);
        g_Lock.ServerPort = NULL;
    }
}
