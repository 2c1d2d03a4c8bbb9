/*
 * failclean.c - quota minifilter of a file-sync client: it refuses writes
 * beyond a size limit and opens a communication port for the client service.
 * When the port cannot be opened once filtering has started, DriverEntry
 * tears everything down in FcTeardown, which unregisters the filter and
 * resets the limit the write callback reads. That store comes after
 * FltStartFiltering, but on a path on which DriverEntry returns failure: it
 * is teardown, not initialization, and the driver is never left running.
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

    UNREFERENCED_PARAMETER(RegistryPath);

    FcLimit = 64 * 1024 * 1024;

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
