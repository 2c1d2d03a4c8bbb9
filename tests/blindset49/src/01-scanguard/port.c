/*
 * port.c - communication with the ScanGuard user-mode service
 */
#include "scanguard.h"

static NTSTATUS
SgConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionCookie
    );

static VOID
SgDisconnect(
    _In_opt_ PVOID ConnectionCookie
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, SgCreatePort)
#pragma alloc_text(PAGE, SgConnect)
#pragma alloc_text(PAGE, SgDisconnect)
#endif

NTSTATUS
SgCreatePort(
    _In_ PFLT_FILTER Filter,
    _Outptr_result_maybenull_ PFLT_PORT *ServerPort
    )
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName = RTL_CONSTANT_STRING(SG_PORT_NAME);

    PAGED_CODE();

    *ServerPort = NULL;

    /* admins and SYSTEM only */
    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        SG_ERR("FltBuildDefaultSecurityDescriptor failed 0x%08X", status);
        return status;
    }

    InitializeObjectAttributes(&oa, &portName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, sd);

    status = FltCreateCommunicationPort(Filter,
                                        ServerPort,
                                        &oa,
                                        NULL,
                                        SgConnect,
                                        SgDisconnect,
                                        NULL,           /* replies only */
                                        1);
    if (!NT_SUCCESS(status)) {
        SG_ERR("FltCreateCommunicationPort failed 0x%08X", status);
        *ServerPort = NULL;
        return status;
    }

    FltFreeSecurityDescriptor(sd);
    return STATUS_SUCCESS;
}

static NTSTATUS
SgConnect(
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

    NT_ASSERT(g_Sg.ClientPort == NULL);

    g_Sg.ScannerProcess = PsGetCurrentProcess();
    g_Sg.ClientPort = ClientPort;
    *ConnectionCookie = NULL;

    SG_LOG("scanner connected, pid %lu", (ULONG)(ULONG_PTR)PsGetCurrentProcessId());
    return STATUS_SUCCESS;
}

static VOID
SgDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    PAGED_CODE();

    FltCloseClientPort(g_Sg.Filter, &g_Sg.ClientPort);
    g_Sg.ScannerProcess = NULL;

    SG_LOG("scanner disconnected");
}

NTSTATUS
SgScanFile(
    _In_ PFLT_CALLBACK_DATA Data,
    _Out_ PBOOLEAN Infected
    )
{
    NTSTATUS status;
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PSG_SCAN_REQUEST request = NULL;
    SG_SCAN_REPLY reply;
    ULONG replyLength = sizeof(reply);
    LARGE_INTEGER timeout;
    USHORT copyBytes;

    *Infected = FALSE;

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    request = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(SG_SCAN_REQUEST), SG_TAG);
    if (request == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Cleanup;
    }

    RtlZeroMemory(request, sizeof(*request));
    copyBytes = min(nameInfo->Name.Length, (USHORT)sizeof(request->Path));
    RtlCopyMemory(request->Path, nameInfo->Name.Buffer, copyBytes);
    request->PathLength = copyBytes;
    request->ProcessId = (ULONG)(ULONG_PTR)PsGetCurrentProcessId();

    timeout.QuadPart = SG_MS_TO_RELATIVE(SG_SCAN_TIMEOUT_MS);
    RtlZeroMemory(&reply, sizeof(reply));

    InterlockedIncrement(&g_Sg.ScansSent);
    status = FltSendMessage(g_Sg.Filter, &g_Sg.ClientPort,
                            request, sizeof(*request),
                            &reply, &replyLength, &timeout);
    if (status == STATUS_SUCCESS && replyLength >= sizeof(reply)) {
        *Infected = reply.Infected;
    } else if (status == STATUS_TIMEOUT) {
        /* scanner is stuck: fail open, the service will rescan on its own */
        status = STATUS_SUCCESS;
    }

Cleanup:
    if (request != NULL) {
        ExFreePoolWithTag(request, SG_TAG);
    }
    FltReleaseFileNameInformation(nameInfo);
    return status;
}
