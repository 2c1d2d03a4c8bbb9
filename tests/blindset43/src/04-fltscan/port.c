/*
 * port.c - communication port used by the scanner service
 */
#include "fltscan.h"

static NTSTATUS FLTAPI
FsConnect(_In_ PFLT_PORT ClientPort,
          _In_opt_ PVOID ServerPortCookie,
          _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
          _In_ ULONG SizeOfContext,
          _Outptr_result_maybenull_ PVOID *ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    FLT_ASSERT(g_Fs.ClientPort == NULL);

    g_Fs.ClientPort = ClientPort;
    g_Fs.ClientProcess = PsGetCurrentProcess();
    *ConnectionCookie = NULL;

    FS_TRACE(FS_TRACE_INFO, ("fltscan: scanner connected, pid %p\n", PsGetCurrentProcessId()));
    return STATUS_SUCCESS;
}

static VOID FLTAPI
FsDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    InterlockedExchange(&g_Fs.Enabled, 0);
    FltCloseClientPort(g_Fs.Filter, &g_Fs.ClientPort);
    g_Fs.ClientProcess = NULL;

    FS_TRACE(FS_TRACE_INFO, ("fltscan: scanner disconnected\n"));
}

static NTSTATUS FLTAPI
FsMessage(_In_opt_ PVOID PortCookie,
          _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
          _In_ ULONG InputBufferLength,
          _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
          _In_ ULONG OutputBufferLength,
          _Out_ PULONG ReturnOutputBufferLength)
{
    FS_COMMAND cmd;

    UNREFERENCED_PARAMETER(PortCookie);

    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || InputBufferLength < sizeof(FS_COMMAND_MSG)) {
        return STATUS_INVALID_PARAMETER;
    }

    __try {
        cmd = ((PFS_COMMAND_MSG)InputBuffer)->Command;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (cmd) {
    case FsCmdEnable:
        InterlockedExchange(&g_Fs.Enabled, 1);
        return STATUS_SUCCESS;

    case FsCmdDisable:
        InterlockedExchange(&g_Fs.Enabled, 0);
        return STATUS_SUCCESS;

    case FsCmdGetStats:
        if (OutputBuffer == NULL || OutputBufferLength < sizeof(FS_STATS)) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        __try {
            RtlCopyMemory(OutputBuffer, &g_Fs.Stats, sizeof(FS_STATS));
        } __except (EXCEPTION_EXECUTE_HANDLER) {
            return GetExceptionCode();
        }
        *ReturnOutputBufferLength = sizeof(FS_STATS);
        return STATUS_SUCCESS;

    default:
        return STATUS_INVALID_PARAMETER;
    }
}

NTSTATUS
FsPortCreate(_In_ PFLT_FILTER Filter)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName = RTL_CONSTANT_STRING(FS_PORT_NAME);

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FS_TRACE(FS_TRACE_ERR, ("fltscan: FltBuildDefaultSecurityDescriptor %08X\n", status));
        return status;
    }

    InitializeObjectAttributes(&oa,
                               &portName,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               NULL,
                               sd);

    status = FltCreateCommunicationPort(Filter,
                                        &g_Fs.ServerPort,
                                        &oa,
                                        NULL,
                                        FsConnect,
                                        FsDisconnect,
                                        FsMessage,
                                        1);
    if (!NT_SUCCESS(status)) {
        FS_TRACE(FS_TRACE_ERR, ("fltscan: FltCreateCommunicationPort %08X\n", status));
        g_Fs.ServerPort = NULL;
        return status;
    }

    FltFreeSecurityDescriptor(sd);

    FS_TRACE(FS_TRACE_INFO, ("fltscan: port %wZ ready\n", &portName));
    return STATUS_SUCCESS;
}

VOID
FsPortClose(VOID)
{
    if (g_Fs.ServerPort != NULL) {
        FltCloseCommunicationPort(g_Fs.ServerPort);
        g_Fs.ServerPort = NULL;
    }
}
