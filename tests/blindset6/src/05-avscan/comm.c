/*++
    comm.c - communication port between avscan.sys and AvScanSvc.exe
--*/
#include "avscan.h"

static NTSTATUS
AvsPortConnect(
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

    FLT_ASSERT(AvsData.ClientPort == NULL);
    AvsData.ServiceProcess = PsGetCurrentProcess();
    AvsData.ClientPort = ClientPort;
    *ConnectionCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID
AvsPortDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    FltCloseClientPort(AvsData.Filter, &AvsData.ClientPort);
    AvsData.ServiceProcess = NULL;
}

NTSTATUS
AvsCreateServerPort(
    _In_ PFLT_FILTER Filter,
    _Out_ PFLT_PORT *ServerPort
    )
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitUnicodeString(&portName, AVS_PORT_NAME);
    InitializeObjectAttributes(&oa, &portName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL, sd);

    status = FltCreateCommunicationPort(Filter,
                                        ServerPort,
                                        &oa,
                                        NULL,
                                        AvsPortConnect,
                                        AvsPortDisconnect,
                                        NULL,
                                        1);

    //
    // The port keeps its own copy of the descriptor.
    //
    FltFreeSecurityDescriptor(sd);
    return status;
}

NTSTATUS
AvsSendScanRequest(
    _In_ PAVS_NOTIFICATION Notification,
    _Out_ PBOOLEAN SafeToOpen
    )
{
    NTSTATUS status;
    AVS_REPLY reply;
    ULONG replyLength = sizeof(reply);
    LARGE_INTEGER timeout;

    *SafeToOpen = TRUE;

    if (AvsData.ClientPort == NULL) {
        return STATUS_PORT_DISCONNECTED;
    }

    timeout.QuadPart = -10000LL * AVS_TIMEOUT_MS;
    status = FltSendMessage(AvsData.Filter,
                            &AvsData.ClientPort,
                            Notification,
                            sizeof(AVS_NOTIFICATION),
                            &reply,
                            &replyLength,
                            &timeout);
    if (status == STATUS_SUCCESS) {
        *SafeToOpen = reply.SafeToOpen;
    }
    return status;
}
