/*
 * portkind.c (violating) - the content scanner of ../portkind.c after its
 * port was renamed to the abort port: DriverEntry now calls
 * PkPreparePort(sd, PK_KIND_ABORT), which files the port under AbortPort,
 * but the failure path still closes only ScanPort.
 *
 * BUG (DE006): when FltStartFiltering fails, the abort port stays open.
 */

#include <fltKernel.h>

#define PK_KIND_SCAN  1
#define PK_KIND_ABORT 2

typedef struct _PK_GLOBALS {
    PFLT_FILTER Filter;
    PFLT_PORT   ScanPort;
    PFLT_PORT   AbortPort;
} PK_GLOBALS;

static PK_GLOBALS PkGlobals;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI PkUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI PkConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
                                 _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
                                 _In_ ULONG SizeOfContext, _Outptr_result_maybenull_ PVOID *ConnectionPortCookie);
static VOID FLTAPI PkDisconnect(_In_opt_ PVOID ConnectionCookie);

static const FLT_OPERATION_REGISTRATION PkOperations[] = {
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION PkRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    PkOperations,
    PkUnload,
};

static NTSTATUS
PkPreparePort(_In_ PSECURITY_DESCRIPTOR Sd, _In_ ULONG Kind)
{
    OBJECT_ATTRIBUTES attributes;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\ContentScanPort");
    PFLT_PORT port;
    NTSTATUS status;

    if (Kind == PK_KIND_ABORT) {
        RtlInitUnicodeString(&name, L"\\ContentAbortPort");
    }
    InitializeObjectAttributes(&attributes, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, Sd);
    status = FltCreateCommunicationPort(PkGlobals.Filter, &port, &attributes, NULL, PkConnect, PkDisconnect,
                                        NULL, 1);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (Kind == PK_KIND_SCAN) {
        PkGlobals.ScanPort = port;
    } else {
        PkGlobals.AbortPort = port;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PSECURITY_DESCRIPTOR sd;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &PkRegistration, &PkGlobals.Filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }
    status = PkPreparePort(sd, PK_KIND_ABORT);
    FltFreeSecurityDescriptor(sd);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }
    status = FltStartFiltering(PkGlobals.Filter);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }
    return STATUS_SUCCESS;

Fail:
    if (PkGlobals.ScanPort != NULL) {
        FltCloseCommunicationPort(PkGlobals.ScanPort);
    }
    FltUnregisterFilter(PkGlobals.Filter);
    return status;                                      // expect: DE006
}

static NTSTATUS FLTAPI
PkUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltCloseCommunicationPort(PkGlobals.AbortPort);
    FltUnregisterFilter(PkGlobals.Filter);
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
PkConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
          _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext, _In_ ULONG SizeOfContext,
          _Outptr_result_maybenull_ PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ClientPort);
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    *ConnectionPortCookie = NULL;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
PkDisconnect(_In_opt_ PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
}
