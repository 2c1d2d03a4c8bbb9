#include "fsmon.h"

static NTSTATUS FLTAPI
FsConnectNotify(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionCookie
    );

static VOID FLTAPI
FsDisconnectNotify(
    _In_opt_ PVOID ConnectionCookie
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, FsPortCreate)
#pragma alloc_text(PAGE, FsPortClose)
#pragma alloc_text(PAGE, FsConnectNotify)
#pragma alloc_text(PAGE, FsDisconnectNotify)
#endif

NTSTATUS
FsPortCreate(
    VOID
    )
{
    NTSTATUS             status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES    oa;
    UNICODE_STRING       portName;

    PAGED_CODE();

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FSMON_TRACE(TRACE_ERR, "FltBuildDefaultSecurityDescriptor 0x%08X", status);
        return status;
    }

    RtlInitUnicodeString(&portName, FSMON_PORT_NAME);
    InitializeObjectAttributes(&oa,
                               &portName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL,
                               sd);

    status = FltCreateCommunicationPort(FsData.Filter,
                                        &FsData.ServerPort,
                                        &oa,
                                        NULL,
                                        FsConnectNotify,
                                        FsDisconnectNotify,
                                        NULL,               /* one way, no messages from the service */
                                        1);

    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        FSMON_TRACE(TRACE_ERR, "FltCreateCommunicationPort 0x%08X", status);
        FsData.ServerPort = NULL;
    }

    return status;
}

VOID
FsPortClose(
    VOID
    )
{
    PAGED_CODE();

    if (FsData.ServerPort != NULL) {
        FltCloseCommunicationPort(FsData.ServerPort);
        FsData.ServerPort = NULL;
    }
}

static NTSTATUS FLTAPI
FsConnectNotify(
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

    FsData.ClientProcess = PsGetCurrentProcess();
    FsData.ClientPort    = ClientPort;
    *ConnectionCookie    = NULL;

    FSMON_TRACE(TRACE_INFO, "service connected, pid %p", PsGetCurrentProcessId());
    return STATUS_SUCCESS;
}

static VOID FLTAPI
FsDisconnectNotify(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    PAGED_CODE();

    FSMON_TRACE(TRACE_INFO, "service disconnected (sent %ld, lost %ld)", FsData.Sent, FsData.Lost);

    FsData.ClientProcess = NULL;
    FsData.ClientPort    = NULL;
}

VOID
FsPortSend(
    _In_ PFSMON_MESSAGE Message
    )
{
    NTSTATUS      status;
    LARGE_INTEGER timeout;

    if (FsData.ClientPort == NULL) {
        return;
    }

    timeout.QuadPart = FSMON_SEND_TIMEOUT;

    status = FltSendMessage(FsData.Filter,
                            &FsData.ClientPort,
                            Message,
                            sizeof(FSMON_MESSAGE),
                            NULL,
                            NULL,
                            &timeout);

    if (status == STATUS_SUCCESS) {
        InterlockedIncrement(&FsData.Sent);
    } else {
        /* STATUS_TIMEOUT or the port went away */
        InterlockedIncrement(&FsData.Lost);
    }
}
