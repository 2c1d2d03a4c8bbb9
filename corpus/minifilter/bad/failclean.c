/*
 * failclean.c - quota minifilter of a file-sync client: it refuses writes
 * beyond a size limit and opens a communication port for the client service.
 * When the port cannot be opened once filtering has started, DriverEntry
 * tears everything down in FcTeardown, which unregisters the filter and
 * resets the limit the write callback reads. That store comes after
 * FltStartFiltering, but on a path on which DriverEntry returns failure: it
 * is teardown, not initialization, and the driver is never left running.
 *
 * BUG (FLT006): this one reads the limit from the registry only once
 * filtering has started, and the write callback may already be comparing
 * against the default.
 */

#include <fltKernel.h>

#define FC_NO_LIMIT 0xFFFFFFFFu

static PFLT_FILTER FcFilter;
static PFLT_PORT FcServerPort;
static ULONG FcLimit = FC_NO_LIMIT;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI FcUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static FLT_PREOP_CALLBACK_STATUS FLTAPI
FcPreWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
           _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);
static NTSTATUS FLTAPI FcConnect(_In_ PFLT_PORT ClientPort, _In_opt_ PVOID ServerPortCookie,
                                 _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
                                 _In_ ULONG SizeOfContext, _Outptr_result_maybenull_ PVOID *ConnectionPortCookie);
static VOID FLTAPI FcDisconnect(_In_opt_ PVOID ConnectionCookie);

static const FLT_OPERATION_REGISTRATION FcOperations[] = {
    { IRP_MJ_WRITE, 0, FcPreWrite, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION FcRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    FcOperations,
    FcUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

static NTSTATUS
FcOpenPort(VOID)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\FailCleanPort");
    OBJECT_ATTRIBUTES attributes;
    PSECURITY_DESCRIPTOR sd = NULL;
    NTSTATUS status;

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    InitializeObjectAttributes(&attributes, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, sd);
    status = FltCreateCommunicationPort(FcFilter, &FcServerPort, &attributes, NULL,
                                        FcConnect, FcDisconnect, NULL, 1);
    FltFreeSecurityDescriptor(sd);
    return status;
}

static ULONG
FcReadLimit(_In_ PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE query[2];
    ULONG limit = 0;

    RtlZeroMemory(query, sizeof(query));
    query[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    query[0].Name = L"WriteLimit";
    query[0].EntryContext = &limit;
    query[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;
    if (!NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, query, NULL, NULL))) {
        return FC_NO_LIMIT;
    }
    return limit;
}

static VOID
FcTeardown(VOID)
{
    FltUnregisterFilter(FcFilter);
    FcLimit = FC_NO_LIMIT;
}

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    status = FltRegisterFilter(DriverObject, &FcRegistration, &FcFilter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltStartFiltering(FcFilter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(FcFilter);
        return status;
    }

    status = FcOpenPort();
    if (!NT_SUCCESS(status)) {
        FcTeardown();
        return status;
    }
    FcLimit = FcReadLimit(RegistryPath);                                // expect: FLT006
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
FcUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);

    FltCloseCommunicationPort(FcServerPort);
    FltUnregisterFilter(FcFilter);
    return STATUS_SUCCESS;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
FcPreWrite(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (Data->Iopb->Parameters.Write.Length > FcLimit) {
        Data->IoStatus.Status = STATUS_DISK_QUOTA_EXCEEDED;
        Data->IoStatus.Information = 0;
        return FLT_PREOP_COMPLETE;
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}

static NTSTATUS FLTAPI
FcConnect(
    _In_ PFLT_PORT ClientPort,
    _In_opt_ PVOID ServerPortCookie,
    _In_reads_bytes_opt_(SizeOfContext) PVOID ConnectionContext,
    _In_ ULONG SizeOfContext,
    _Outptr_result_maybenull_ PVOID *ConnectionPortCookie
    )
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);

    *ConnectionPortCookie = ClientPort;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
FcDisconnect(
    _In_opt_ PVOID ConnectionCookie
    )
{
    FltCloseClientPort(FcFilter, (PFLT_PORT *)&ConnectionCookie);
}
