#include "scanfilt.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, SfCreatePort)
#pragma alloc_text(PAGE, SfClosePort)
#endif

static NTSTATUS FLTAPI
SfConnect(
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

    // max connections is 1, so there is no race with another client here
    g_Sf.ClientProcess = PsGetCurrentProcess();
    g_Sf.ClientPort = ClientPort;
    *ConnectionCookie = NULL;

    SfDbg("scanner connected (pid %u)\n", HandleToULong(PsGetCurrentProcessId()));
    return STATUS_SUCCESS;
}

static VOID FLTAPI
SfDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    PAGED_CODE();

    FltCloseClientPort(g_Sf.Filter, &g_Sf.ClientPort);
    g_Sf.ClientProcess = NULL;

    SfDbg("scanner disconnected\n");
}

NTSTATUS
SfCreatePort(
    VOID
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(SF_PORT_NAME);
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    NTSTATUS status;

    PAGED_CODE();

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);

    status = FltCreateCommunicationPort(g_Sf.Filter,
                                        &g_Sf.ServerPort,
                                        &oa,
                                        NULL,
                                        SfConnect,
                                        SfDisconnect,
                                        NULL,
                                        1);

    // the port keeps its own copy of the descriptor
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        g_Sf.ServerPort = NULL;
    }
    return status;
}

VOID
SfClosePort(
    VOID
    )
{
    PAGED_CODE();

    if (g_Sf.ServerPort != NULL) {
        FltCloseCommunicationPort(g_Sf.ServerPort);
        g_Sf.ServerPort = NULL;
    }
}

ULONG
SfAskVerdict(
    _In_ PCUNICODE_STRING Path
    )
{
    PSF_REQUEST request;
    SF_REPLY_BUFFER reply;
    ULONG replyLength = sizeof(reply);
    LARGE_INTEGER timeout;
    ULONG verdict = SF_VERDICT_ALLOW;
    NTSTATUS status;

    if (g_Sf.ClientPort == NULL) {
        return SF_VERDICT_ALLOW;
    }

    // never block the scanner itself
    if (PsGetCurrentProcess() == g_Sf.ClientProcess) {
        return SF_VERDICT_ALLOW;
    }

    request = (PSF_REQUEST)ExAllocateFromNPagedLookasideList(&g_Sf.RequestLookaside);
    if (request == NULL) {
        return SF_VERDICT_ALLOW;
    }

    RtlZeroMemory(request, sizeof(*request));
    request->ProcessId = HandleToULong(PsGetCurrentProcessId());
    request->PathLength = (ULONG)min(Path->Length, (SF_MAX_PATH - 1) * sizeof(WCHAR));
    RtlCopyMemory(request->Path, Path->Buffer, request->PathLength);

    timeout.QuadPart = -10000LL * SF_REPLY_TIMEOUT_MS;
    RtlZeroMemory(&reply, sizeof(reply));

    status = FltSendMessage(g_Sf.Filter, &g_Sf.ClientPort,
                            request, sizeof(*request),
                            &reply, &replyLength,
                            &timeout);
    if (status == STATUS_SUCCESS && replyLength >= sizeof(reply)) {
        verdict = reply.Reply.Verdict;
    } else if (status == STATUS_TIMEOUT) {
        SfDbg("scanner did not answer in time\n");
    }

    ExFreeToNPagedLookasideList(&g_Sf.RequestLookaside, request);
    return verdict;
}
