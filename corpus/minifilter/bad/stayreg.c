/*
 * stayreg.c - minifilter of a backup agent that reports file changes to its
 * service through a communication port.
 *
 * BUG (DE011): the unload callback closes the port and returns success
 * without FltUnregisterFilter: the filter manager then unloads the driver
 * with its instances still attached and its callbacks still registered.
 */

#include <fltKernel.h>

DRIVER_INITIALIZE DriverEntry;

static PFLT_FILTER SrFilter;
static PFLT_PORT SrServerPort;
static PFLT_PORT SrClientPort;

static NTSTATUS FLTAPI SrUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static FLT_POSTOP_CALLBACK_STATUS FLTAPI
SrPostWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
            _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, SrUnload)
#endif

static const FLT_OPERATION_REGISTRATION SrOperations[] = {
    { IRP_MJ_WRITE, 0, NULL, SrPostWrite },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION SrRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    SrOperations,
    SrUnload,
};

static FLT_POSTOP_CALLBACK_STATUS FLTAPI
SrPostWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext,
            FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static NTSTATUS FLTAPI
SrConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext, ULONG SizeOfContext,
          PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    UNREFERENCED_PARAMETER(ConnectionPortCookie);
    SrClientPort = ClientPort;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
SrDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(SrFilter, &SrClientPort);
}

static NTSTATUS FLTAPI
SrUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(Flags);
    FltCloseCommunicationPort(SrServerPort);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING portName = RTL_CONSTANT_STRING(L"\\StayRegChanges");
    OBJECT_ATTRIBUTES attributes;
    PSECURITY_DESCRIPTOR sd;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &SrRegistration, &SrFilter); // expect: DE011
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(SrFilter);
        return status;
    }
    InitializeObjectAttributes(&attributes, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);
    status = FltCreateCommunicationPort(SrFilter, &SrServerPort, &attributes, NULL, SrConnect, SrDisconnect,
                                        NULL, 1);
    FltFreeSecurityDescriptor(sd);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(SrFilter);
        return status;
    }

    status = FltStartFiltering(SrFilter);
    if (!NT_SUCCESS(status)) {
        FltCloseCommunicationPort(SrServerPort);
        FltUnregisterFilter(SrFilter);
    }
    return status;
}
