/*
 * port.c - communication port plumbing (plain C, shared with the old logger)
 */
#include "audit.h"

static NTSTATUS FLTAPI
AuditConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
             _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext, _In_ ULONG SizeOfContext,
             _Outptr_result_maybenull_ PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    g_AuditClientPort = ClientPort;
    *ConnectionPortCookie = NULL;
    LOGI("collector connected (pid %p)", PsGetCurrentProcessId());
    return STATUS_SUCCESS;
}

static VOID FLTAPI
AuditDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(g_AuditFilter, &g_AuditClientPort);
    LOGI("collector disconnected");
}

static NTSTATUS FLTAPI
AuditMessage(_In_opt_ PVOID PortCookie, _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
             _In_ ULONG InputBufferLength,
             _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
             _In_ ULONG OutputBufferLength, _Out_ PULONG ReturnOutputBufferLength)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(InputBuffer);
    UNREFERENCED_PARAMETER(InputBufferLength);

    *ReturnOutputBufferLength = 0;
    if (OutputBuffer == NULL || OutputBufferLength < sizeof(AUDIT_WIRE_RECORD)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    __try {
        status = AuditDrain(OutputBuffer, OutputBufferLength, ReturnOutputBufferLength);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
        *ReturnOutputBufferLength = 0;
    }
    return status;
}

NTSTATUS
AuditPortCreate(_In_ PFLT_FILTER Filter, _Out_ PFLT_PORT *ServerPort)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name;

    *ServerPort = NULL;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        LOGE("FltBuildDefaultSecurityDescriptor 0x%08X", status);
        return status;
    }

    RtlInitUnicodeString(&name, AUDIT_PORT_NAME);
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);

    status = FltCreateCommunicationPort(Filter, ServerPort, &oa, NULL,
                                        AuditConnect, AuditDisconnect, AuditMessage, 1);
    SAFE_FREE(sd);

    if (!NT_SUCCESS(status)) {
        LOGE("FltCreateCommunicationPort 0x%08X", status);
        *ServerPort = NULL;
    }
    return status;
}

VOID
AuditPortClose(_Inout_ PFLT_PORT *ServerPort)
{
    if (*ServerPort != NULL) {
        FltCloseCommunicationPort(*ServerPort);
        *ServerPort = NULL;
    }
}
