#include "scanlite.h"

static NTSTATUS FLTAPI
ScanConnect(_In_ PFLT_PORT ClientPort,
            _In_opt_ PVOID ServerPortCookie,
            _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
            _In_ ULONG SizeOfContext,
            _Outptr_result_maybenull_ PVOID* ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    FLT_ASSERT(gScan.ClientPort == NULL);

    gScan.ClientPort = ClientPort;
    gScan.ClientProcess = PsGetCurrentProcess();
    *ConnectionCookie = NULL;

    SCAN_PRINT(DBG_TRACE, ("scanlite: client connected, port %p\n", ClientPort));
    return STATUS_SUCCESS;
}

static VOID FLTAPI
ScanDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    SCAN_PRINT(DBG_TRACE, ("scanlite: client disconnected\n"));

    FltCloseClientPort(gScan.Filter, &gScan.ClientPort);
    gScan.ClientProcess = NULL;
}

NTSTATUS
ScanPortCreate(_In_ PFLT_FILTER Filter)
{
    NTSTATUS             status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES    oa;
    UNICODE_STRING       name;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        SCAN_PRINT(DBG_ERROR, ("scanlite: FltBuildDefaultSecurityDescriptor 0x%08X\n", status));
        return status;
    }

    RtlInitUnicodeString(&name, SCAN_PORT_NAME);
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);

    status = FltCreateCommunicationPort(Filter,
                                        &gScan.ServerPort,
                                        &oa,
                                        NULL,
                                        ScanConnect,
                                        ScanDisconnect,
                                        NULL,
                                        1);

    /* the port keeps its own copy; ours is freed whether or not it worked */
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        SCAN_PRINT(DBG_ERROR, ("scanlite: FltCreateCommunicationPort 0x%08X\n", status));
        gScan.ServerPort = NULL;
    }
    return status;
}

VOID
ScanPortClose(VOID)
{
    if (gScan.ServerPort != NULL) {
        FltCloseCommunicationPort(gScan.ServerPort);
        gScan.ServerPort = NULL;
    }
}

VOID
ScanPortNotify(_In_ PSCAN_NOTIFICATION Notification)
{
    LARGE_INTEGER timeout;

    if (gScan.ClientPort == NULL || PsGetCurrentProcess() == gScan.ClientProcess) {
        return;
    }

    timeout.QuadPart = -(LONGLONG)10 * 1000 * 10; /* 10ms */

    (VOID)FltSendMessage(gScan.Filter,
                         &gScan.ClientPort,
                         Notification,
                         sizeof(*Notification),
                         NULL,
                         NULL,
                         &timeout);
}
