/*
 * scanport - minifilter + communication port
 * user mode client connects to \ScanPort and gets a message per write
 */

#include <fltKernel.h>

#define SCAN_PORT_NAME L"\\ScanPort"

typedef struct _SCAN_GLOBALS {
    PFLT_FILTER Filter;
    PFLT_PORT   ServerPort;
    PFLT_PORT   ClientPort;
} SCAN_GLOBALS;

SCAN_GLOBALS g = { 0 };

static NTSTATUS FLTAPI ScanConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie,
                                   PVOID ConnectionContext, ULONG SizeOfContext,
                                   PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    UNREFERENCED_PARAMETER(ConnectionPortCookie);

    g.ClientPort = ClientPort;
    return STATUS_SUCCESS;
}

static VOID FLTAPI ScanDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(g.Filter, &g.ClientPort);
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI ScanPreWrite(PFLT_CALLBACK_DATA Data,
                                                     PCFLT_RELATED_OBJECTS FltObjects,
                                                     PVOID *CompletionContext)
{
    ULONG len = Data->Iopb->Parameters.Write.Length;

    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (g.ClientPort != NULL) {
        LARGE_INTEGER timeout;
        timeout.QuadPart = -10 * 1000 * 10; // 10ms
        FltSendMessage(g.Filter, &g.ClientPort, &len, sizeof(len), NULL, NULL, &timeout);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static NTSTATUS FLTAPI ScanUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    FltCloseCommunicationPort(g.ServerPort);
    FltUnregisterFilter(g.Filter);
    return STATUS_SUCCESS;
}

static const FLT_OPERATION_REGISTRATION g_Ops[] = {
    { IRP_MJ_WRITE, 0, ScanPreWrite, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_Reg = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    g_Ops,
    ScanUnload,
};

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName = RTL_CONSTANT_STRING(SCAN_PORT_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &g_Reg, &g.Filter);
    if (!NT_SUCCESS(status))
        return status;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status))
        goto unregister;

    InitializeObjectAttributes(&oa, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);

    status = FltCreateCommunicationPort(g.Filter, &g.ServerPort, &oa, NULL,
                                        ScanConnect, ScanDisconnect, NULL, 1);
    FltFreeSecurityDescriptor(sd);
    if (!NT_SUCCESS(status))
        goto unregister;

    status = FltStartFiltering(g.Filter);
    if (!NT_SUCCESS(status))
        goto close_port;

    return STATUS_SUCCESS;

close_port:
    FltCloseCommunicationPort(g.ServerPort);
unregister:
    FltUnregisterFilter(g.Filter);
    return status;
}
