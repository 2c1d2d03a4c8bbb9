/*
 * comm.c - filter communication port, one client at a time
 */
#include "fltport.h"

static NTSTATUS FLTAPI
FpConnect(
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

    FLT_ASSERT(g_Fp.ClientPort == NULL);

    g_Fp.ClientPort = ClientPort;
    g_Fp.ClientProcess = PsGetCurrentProcess();
    *ConnectionCookie = NULL;

    FP_PRINT(FP_TRACE_INFO, "client %p connected\n", ClientPort);
    return STATUS_SUCCESS;
}

static VOID FLTAPI
FpDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    FltCloseClientPort(g_Fp.Filter, &g_Fp.ClientPort);
    g_Fp.ClientProcess = NULL;

    FP_PRINT(FP_TRACE_INFO, "client disconnected\n");
}

NTSTATUS FpCreatePort(VOID)
{
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName;
    NTSTATUS status;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FP_PRINT(FP_TRACE_ERROR, "FltBuildDefaultSecurityDescriptor 0x%08X\n", status);
        return status;
    }

    RtlInitUnicodeString(&portName, FP_PORT_NAME);
    InitializeObjectAttributes(&oa, &portName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, sd);

    status = FltCreateCommunicationPort(g_Fp.Filter,
                                        &g_Fp.ServerPort,
                                        &oa,
                                        NULL,
                                        FpConnect,
                                        FpDisconnect,
                                        NULL,
                                        FP_MAX_CONNECTIONS);

    /* the port keeps its own copy of the descriptor */
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        FP_PRINT(FP_TRACE_ERROR, "FltCreateCommunicationPort 0x%08X\n", status);
        g_Fp.ServerPort = NULL;
    }
    return status;
}

VOID FpClosePort(VOID)
{
    if (g_Fp.ServerPort != NULL) {
        FltCloseCommunicationPort(g_Fp.ServerPort);
        g_Fp.ServerPort = NULL;
    }
}

VOID FpNotifyWriteOpen(_In_ PFP_STREAM_CONTEXT Ctx)
{
    FP_MESSAGE msg;
    LARGE_INTEGER timeout;
    NTSTATUS status;

    if (g_Fp.ClientPort == NULL)
        return;

    /* the client opening its own files must not deadlock on itself */
    if (PsGetCurrentProcess() == g_Fp.ClientProcess)
        return;

    msg.ProcessId = HandleToULong(PsGetCurrentProcessId());
    msg.OpenCount = (ULONG)Ctx->OpenCount;
    msg.FileId = Ctx->FileId;

    timeout.QuadPart = -(LONGLONG)50 * 10000;   /* 50 ms */

    status = FltSendMessage(g_Fp.Filter, &g_Fp.ClientPort, &msg, sizeof(msg),
                            NULL, NULL, &timeout);
    if (status == STATUS_TIMEOUT)
        FP_PRINT(FP_TRACE_INFO, "client slow, message dropped\n");
}
