#include "fileaudit.h"

DRIVER_INITIALIZE DriverEntry;

FA_GLOBALS Globals;

static NTSTATUS FLTAPI FaUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

static NTSTATUS FLTAPI
FaQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    );

static NTSTATUS FLTAPI
FaConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionCookie
    );

static VOID FLTAPI FaDisconnect(_In_opt_ PVOID ConnectionCookie);

static const FLT_OPERATION_REGISTRATION Callbacks[] = {
    { IRP_MJ_CREATE, 0, FaPreCreate, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION FilterRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                      // Flags
    NULL,                   // ContextRegistration
    Callbacks,
    FaUnload,
    NULL,                   // InstanceSetup: attach everywhere
    FaQueryTeardown,
    NULL,                   // InstanceTeardownStart
    NULL,                   // InstanceTeardownComplete
    NULL,                   // GenerateFileName
    NULL,                   // NormalizeNameComponent
    NULL                    // NormalizeContextCleanup
};

static NTSTATUS FLTAPI
FaConnect(
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

    Globals.ClientPort = ClientPort;
    *ConnectionCookie = NULL;
    DbgPrint("FileAudit: collector connected\n");
    return STATUS_SUCCESS;
}

static VOID FLTAPI FaDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    FltCloseClientPort(Globals.Filter, &Globals.ClientPort);
    DbgPrint("FileAudit: collector gone\n");
}

static NTSTATUS FLTAPI
FaQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI FaUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    DbgPrint("FileAudit: unloading, %ld sent / %ld dropped\n",
             Globals.Sent, Globals.Dropped);

    FltCloseCommunicationPort(Globals.ServerPort);
    FltUnregisterFilter(Globals.Filter);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING portName = RTL_CONSTANT_STRING(FA_PORT_NAME);
    OBJECT_ATTRIBUTES oa;
    PSECURITY_DESCRIPTOR sd;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&Globals, sizeof(Globals));

    status = FltRegisterFilter(DriverObject, &FilterRegistration, &Globals.Filter);
    if (!NT_SUCCESS(status)) {
        DbgPrint("FileAudit: FltRegisterFilter failed 0x%08X\n", status);
        return status;
    }

    FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);

    InitializeObjectAttributes(&oa,
                               &portName,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               NULL,
                               sd);

    status = FltCreateCommunicationPort(Globals.Filter,
                                        &Globals.ServerPort,
                                        &oa,
                                        NULL,
                                        FaConnect,
                                        FaDisconnect,
                                        NULL,
                                        1);
    FltFreeSecurityDescriptor(sd);

    if (!NT_SUCCESS(status)) {
        DbgPrint("FileAudit: FltCreateCommunicationPort failed 0x%08X\n", status);
        FltUnregisterFilter(Globals.Filter);
        return status;
    }

    status = FltStartFiltering(Globals.Filter);
    if (!NT_SUCCESS(status)) {
        DbgPrint("FileAudit: FltStartFiltering failed 0x%08X\n", status);
        FltCloseCommunicationPort(Globals.ServerPort);
        return status;
    }

    DbgPrint("FileAudit: running\n");
    return STATUS_SUCCESS;
}
