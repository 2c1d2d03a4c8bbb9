/*
 * sdfree.c - the port of portclose.c's backup agent, its security descriptor
 * freed with ExFreePool instead of FltFreeSecurityDescriptor, on the success
 * path and on the failure path alike. That is DE024's finding; the
 * descriptor is freed all the same, so DE006 reports nothing on the failure
 * paths after it.
 *
 * Violates: DE024; no DE006.
 */

#include <fltKernel.h>

DRIVER_INITIALIZE DriverEntry;

static PFLT_FILTER PcFilter;
static PFLT_PORT PcServerPort;
static PFLT_PORT PcClientPort;

static NTSTATUS FLTAPI PcUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static FLT_POSTOP_CALLBACK_STATUS FLTAPI
PcPostWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
            _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PcUnload)
#endif

static const FLT_OPERATION_REGISTRATION PcOperations[] = {
    { IRP_MJ_WRITE, 0, NULL, PcPostWrite },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION PcRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    PcOperations,
    PcUnload,
};

static FLT_POSTOP_CALLBACK_STATUS FLTAPI
PcPostWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext,
            FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static NTSTATUS FLTAPI
PcConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext, ULONG SizeOfContext,
          PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    UNREFERENCED_PARAMETER(ConnectionPortCookie);
    PcClientPort = ClientPort;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
PcDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(PcFilter, &PcClientPort);
}

static NTSTATUS FLTAPI
PcUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    PAGED_CODE();
    if (PcClientPort != NULL && !FlagOn(Flags, FLTFL_FILTER_UNLOAD_MANDATORY)) {
        return STATUS_FLT_DO_NOT_DETACH;
    }
    FltCloseCommunicationPort(PcServerPort);
    FltUnregisterFilter(PcFilter);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING portName = RTL_CONSTANT_STRING(L"\\SdFreeChanges");
    OBJECT_ATTRIBUTES attributes;
    PSECURITY_DESCRIPTOR sd;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &PcRegistration, &PcFilter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(PcFilter);
        return status;
    }
    InitializeObjectAttributes(&attributes, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);
    status = FltCreateCommunicationPort(PcFilter, &PcServerPort, &attributes, NULL, PcConnect, PcDisconnect,
                                        NULL, 1);
    ExFreePool(sd); // expect: DE024
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(PcFilter);
        return status;
    }

    status = FltStartFiltering(PcFilter);
    if (!NT_SUCCESS(status)) {
        FltCloseCommunicationPort(PcServerPort);
        FltUnregisterFilter(PcFilter);
    }
    return status;
}
