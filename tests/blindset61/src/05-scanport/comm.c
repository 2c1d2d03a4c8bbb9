/*
 * comm.c - talks to scansvc.exe
 */
#include "scan.h"

static NTSTATUS FLTAPI
ScanPortConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
                _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext, _In_ ULONG SizeOfContext,
                _Outptr_result_maybenull_ PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    PAGED_CODE();

    NT_ASSERT(g_Scan.ClientPort == NULL);

    g_Scan.UserProcess = PsGetCurrentProcess();
    g_Scan.ClientPort = ClientPort;
    *ConnectionPortCookie = NULL;

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_PORT, "scanner connected, port %p", ClientPort);
    return STATUS_SUCCESS;
}

static VOID FLTAPI
ScanPortDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_PORT, "scanner disconnected, port %p", g_Scan.ClientPort);

    InterlockedExchangePointer((PVOID volatile *)&g_Scan.ClientPort, NULL);
    g_Scan.UserProcess = NULL;
}

NTSTATUS
ScanCommInitialize(_In_ PFLT_FILTER Filter)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING uniName;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_PORT, "FltBuildDefaultSecurityDescriptor 0x%08X", status);
        return status;
    }

    RtlInitUnicodeString(&uniName, SCAN_PORT_NAME);
    InitializeObjectAttributes(&oa, &uniName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);

    status = FltCreateCommunicationPort(Filter, &g_Scan.ServerPort, &oa, NULL,
                                        ScanPortConnect, ScanPortDisconnect, NULL, 1);
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_PORT, "FltCreateCommunicationPort 0x%08X", status);
        g_Scan.ServerPort = NULL;
    }
    return status;
}

VOID
ScanCommShutdown(VOID)
{
    if (g_Scan.ServerPort != NULL) {
        FltCloseCommunicationPort(g_Scan.ServerPort);
        g_Scan.ServerPort = NULL;
    }
}

/*
 * Reads the first page of the file and asks the user mode scanner about it.
 * Returns TRUE when the file should be allowed.
 */
BOOLEAN
ScanAskUser(_In_ PCFLT_RELATED_OBJECTS FltObjects)
{
    NTSTATUS status;
    PSCAN_REQUEST request = NULL;
    SCAN_REPLY reply = { TRUE };
    ULONG replyLength = sizeof(reply);
    ULONG bytesRead = 0;
    LARGE_INTEGER offset = { 0 };
    LARGE_INTEGER timeout;

    if (g_Scan.ClientPort == NULL) {
        return TRUE;
    }

    request = (PSCAN_REQUEST)FltAllocatePoolAlignedWithTag(FltObjects->Instance, NonPagedPoolNx,
                                                          sizeof(SCAN_REQUEST), SCAN_TAG);
    if (request == NULL) {
        return TRUE;
    }

    status = FltReadFile(FltObjects->Instance, FltObjects->FileObject, &offset, SCAN_READ_SIZE,
                         request->Contents,
                         FLTFL_IO_OPERATION_NON_CACHED | FLTFL_IO_OPERATION_DO_NOT_UPDATE_BYTE_OFFSET,
                         &bytesRead, NULL, NULL);
    if (NT_SUCCESS(status) && bytesRead != 0) {
        request->BytesToScan = bytesRead;
        request->ProcessId = HandleToULong(PsGetCurrentProcessId());
        timeout.QuadPart = SCAN_REPLY_TIMEOUT;

        status = FltSendMessage(g_Scan.Filter, &g_Scan.ClientPort, request, sizeof(*request),
                                &reply, &replyLength, &timeout);
        if (status == STATUS_SUCCESS) {
            InterlockedIncrement(&g_Scan.Scanned);
        } else {
            TraceEvents(TRACE_LEVEL_WARNING, DBG_SCAN, "FltSendMessage 0x%08X", status);
            reply.Clean = TRUE;
        }
    }

    FltFreePoolAlignedWithTag(FltObjects->Instance, request, SCAN_TAG);
    return reply.Clean;
}
