/*
 * wraudit.c - registration, communication port and unload.
 */
#include "wraudit.h"

DRIVER_INITIALIZE DriverEntry;

WA_GLOBALS g_Wa;

static NTSTATUS WaUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

static NTSTATUS
WaPortConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionCookie
    );

static VOID
WaPortDisconnect(
    _In_opt_ PVOID ConnectionCookie
    );

static NTSTATUS
WaPortMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    );

static const FLT_OPERATION_REGISTRATION g_Callbacks[] = {
    { IRP_MJ_CREATE, 0, WaPreCreate, WaPostCreate },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION g_Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,                          /* Flags */
    NULL,                       /* Contexts */
    g_Callbacks,
    WaUnload,
    WaInstanceSetup,
    NULL,                       /* InstanceQueryTeardown */
    NULL,                       /* InstanceTeardownStart */
    NULL,                       /* InstanceTeardownComplete */
    NULL, NULL, NULL            /* name provider callbacks */
};

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    PSECURITY_DESCRIPTOR sd;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING portName;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Wa, sizeof(g_Wa));

    status = FltRegisterFilter(DriverObject, &g_Registration, &g_Wa.Filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(g_Wa.Filter);
        return status;
    }

    RtlInitUnicodeString(&portName, WA_PORT_NAME);
    InitializeObjectAttributes(&oa,
                               &portName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               NULL,
                               sd);

    status = FltCreateCommunicationPort(g_Wa.Filter,
                                        &g_Wa.ServerPort,
                                        &oa,
                                        NULL,
                                        WaPortConnect,
                                        WaPortDisconnect,
                                        WaPortMessage,
                                        1);
    if (!NT_SUCCESS(status)) {
        DbgPrint("WrAudit: port creation failed 0x%08X\n", status);
        FltUnregisterFilter(g_Wa.Filter);
        return status;
    }

    FltFreeSecurityDescriptor(sd);

    status = FltStartFiltering(g_Wa.Filter);
    if (!NT_SUCCESS(status)) {
        DbgPrint("WrAudit: FltStartFiltering failed 0x%08X\n", status);
        FltCloseCommunicationPort(g_Wa.ServerPort);
    }

    return status;
}

static NTSTATUS
WaUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    FltCloseCommunicationPort(g_Wa.ServerPort);
    FltUnregisterFilter(g_Wa.Filter);
    return STATUS_SUCCESS;
}

static NTSTATUS
WaPortConnect(
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

    g_Wa.ClientPort = ClientPort;
    InterlockedExchange(&g_Wa.Paused, 0);
    *ConnectionCookie = NULL;

    DbgPrint("WrAudit: listener connected\n");
    return STATUS_SUCCESS;
}

static VOID
WaPortDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    UNREFERENCED_PARAMETER(ConnectionCookie);

    FltCloseClientPort(g_Wa.Filter, &g_Wa.ClientPort);
    DbgPrint("WrAudit: listener gone\n");
}

static NTSTATUS
WaPortMessage(
    _In_opt_ PVOID PortCookie,
    _In_reads_bytes_opt_(InputBufferLength) PVOID InputBuffer,
    _In_ ULONG InputBufferLength,
    _Out_writes_bytes_to_opt_(OutputBufferLength, *ReturnOutputBufferLength) PVOID OutputBuffer,
    _In_ ULONG OutputBufferLength,
    _Out_ PULONG ReturnOutputBufferLength
    )
{
    ULONG command;

    UNREFERENCED_PARAMETER(PortCookie);
    UNREFERENCED_PARAMETER(OutputBuffer);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    *ReturnOutputBufferLength = 0;

    if (InputBuffer == NULL || InputBufferLength < sizeof(ULONG)) {
        return STATUS_INVALID_PARAMETER;
    }

    __try {
        ProbeForRead(InputBuffer, sizeof(ULONG), sizeof(UCHAR));
        command = *(PULONG)InputBuffer;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

    switch (command) {
    case WaCommandPause:
        InterlockedExchange(&g_Wa.Paused, 1);
        return STATUS_SUCCESS;
    case WaCommandResume:
        InterlockedExchange(&g_Wa.Paused, 0);
        return STATUS_SUCCESS;
    default:
        return STATUS_INVALID_PARAMETER;
    }
}
