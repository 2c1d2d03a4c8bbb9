/*
 * portsd.c - the backup agent's minifilter of ../portclose.c after a
 * refactoring moved the release of the port's security descriptor below the
 * status test: when FltCreateCommunicationPort fails, DriverEntry
 * unregisters the filter and returns with the descriptor from
 * FltBuildDefaultSecurityDescriptor still allocated (the OBJECT_ATTRIBUTES
 * only pointed at it; the port that failed never owned it).
 *
 * BUG (DE006).
 */

#include <fltKernel.h>

DRIVER_INITIALIZE DriverEntry;

static PFLT_FILTER PdFilter;
static PFLT_PORT PdServerPort;
static PFLT_PORT PdClientPort;

static NTSTATUS FLTAPI PdUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static FLT_POSTOP_CALLBACK_STATUS FLTAPI
PdPostWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
            _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PdUnload)
#endif

static const FLT_OPERATION_REGISTRATION PdOperations[] = {
    { IRP_MJ_WRITE, 0, NULL, PdPostWrite },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION PdRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    PdOperations,
    PdUnload,
};

static FLT_POSTOP_CALLBACK_STATUS FLTAPI
PdPostWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext,
            FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static NTSTATUS FLTAPI
PdConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext, ULONG SizeOfContext,
          PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    UNREFERENCED_PARAMETER(ConnectionPortCookie);
    PdClientPort = ClientPort;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
PdDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(PdFilter, &PdClientPort);
}

static NTSTATUS FLTAPI
PdUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    PAGED_CODE();
    if (PdClientPort != NULL && !FlagOn(Flags, FLTFL_FILTER_UNLOAD_MANDATORY)) {
        return STATUS_FLT_DO_NOT_DETACH;
    }
    FltCloseCommunicationPort(PdServerPort);
    FltUnregisterFilter(PdFilter);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING portName = RTL_CONSTANT_STRING(L"\\PortSdChanges");
    OBJECT_ATTRIBUTES attributes;
    PSECURITY_DESCRIPTOR sd;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &PdRegistration, &PdFilter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(PdFilter);
        return status;
    }
    InitializeObjectAttributes(&attributes, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);
    status = FltCreateCommunicationPort(PdFilter, &PdServerPort, &attributes, NULL, PdConnect, PdDisconnect,
                                        NULL, 1);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(PdFilter);
        return status;                                  // expect: DE006
    }
    FltFreeSecurityDescriptor(sd);

    status = FltStartFiltering(PdFilter);
    if (!NT_SUCCESS(status)) {
        FltCloseCommunicationPort(PdServerPort);
        FltUnregisterFilter(PdFilter);
    }
    return status;
}
