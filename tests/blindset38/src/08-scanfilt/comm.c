/*++
    comm.c - the filter communication port to scansvc.exe
--*/
#include "scanfilt.h"

static NTSTATUS
ScConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID* ConnectionPortCookie
    )
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    *ConnectionPortCookie = NULL;

    // max connections is 1, so no race with a second client here
    g_Sc.ClientPort     = ClientPort;
    g_Sc.ServiceProcess = PsGetCurrentProcess();

    SC_DBG("service connected, pid %p\n", PsGetCurrentProcessId());
    return STATUS_SUCCESS;
}

static VOID
ScDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    FltCloseClientPort(g_Sc.Filter, &g_Sc.ClientPort);
    g_Sc.ServiceProcess = NULL;

    SC_DBG("service disconnected\n");
}

NTSTATUS
ScCreatePort(
    _In_ PFLT_FILTER Filter,
    _Outptr_ PFLT_PORT* ServerPort
    )
{
    PSECURITY_DESCRIPTOR sd;
    OBJECT_ATTRIBUTES    oa;
    UNICODE_STRING       portName = RTL_CONSTANT_STRING(SCANFILT_PORT_NAME);
    NTSTATUS             status;

    //
    // admin + system only (FltBuildDefaultSecurityDescriptor)
    //
    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        SC_DBG("FltBuildDefaultSecurityDescriptor 0x%08x\n", status);
        return status;
    }

    InitializeObjectAttributes(&oa,
                               &portName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL,
                               sd);

    status = FltCreateCommunicationPort(Filter,
                                        ServerPort,
                                        &oa,
                                        NULL,
                                        ScConnect,
                                        ScDisconnect,
                                        NULL,
                                        1);
    if (!NT_SUCCESS(status)) {
        SC_DBG("FltCreateCommunicationPort 0x%08x\n", status);
        return status;
    }

    // the port keeps its own copy of the descriptor
    FltFreeSecurityDescriptor(sd);
    return STATUS_SUCCESS;
}
