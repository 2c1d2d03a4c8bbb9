/*
 * initreg.c - minifilter of a backup agent that reports file changes to
 * its service through a communication port; DE006 and DE011 hold.
 *
 * BUG (DE012): its unload callback was moved to the INIT section with
 * DriverEntry ("both run once"), but the filter manager calls the
 * FilterUnloadCallback the registration names long after initialization,
 * when that code is gone.
 */

#include <fltKernel.h>

DRIVER_INITIALIZE DriverEntry;

static PFLT_FILTER IrFilter;
static PFLT_PORT IrServerPort;
static PFLT_PORT IrClientPort;

static NTSTATUS FLTAPI IrUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static FLT_POSTOP_CALLBACK_STATUS FLTAPI
IrPostWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
            _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, IrUnload)
#endif

static const FLT_OPERATION_REGISTRATION IrOperations[] = {
    { IRP_MJ_WRITE, 0, NULL, IrPostWrite },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION IrRegistration = {      // expect: DE012
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    IrOperations,
    IrUnload,
};

static FLT_POSTOP_CALLBACK_STATUS FLTAPI
IrPostWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext,
            FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static NTSTATUS FLTAPI
IrConnect(PFLT_PORT ClientPort, PVOID ServerPortCookie, PVOID ConnectionContext, ULONG SizeOfContext,
          PVOID *ConnectionPortCookie)
{
    UNREFERENCED_PARAMETER(ServerPortCookie);
    UNREFERENCED_PARAMETER(ConnectionContext);
    UNREFERENCED_PARAMETER(SizeOfContext);
    UNREFERENCED_PARAMETER(ConnectionPortCookie);
    IrClientPort = ClientPort;
    return STATUS_SUCCESS;
}

static VOID FLTAPI
IrDisconnect(PVOID ConnectionCookie)
{
    UNREFERENCED_PARAMETER(ConnectionCookie);
    FltCloseClientPort(IrFilter, &IrClientPort);
}

static NTSTATUS FLTAPI
IrUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    PAGED_CODE();
    if (IrClientPort != NULL && !FlagOn(Flags, FLTFL_FILTER_UNLOAD_MANDATORY)) {
        return STATUS_FLT_DO_NOT_DETACH;
    }
    FltCloseCommunicationPort(IrServerPort);
    FltUnregisterFilter(IrFilter);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING portName = RTL_CONSTANT_STRING(L"\\InitRegChanges");
    OBJECT_ATTRIBUTES attributes;
    PSECURITY_DESCRIPTOR sd;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &IrRegistration, &IrFilter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltBuildDefaultSecurityDescriptor(&sd, FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(IrFilter);
        return status;
    }
    InitializeObjectAttributes(&attributes, &portName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, sd);
    status = FltCreateCommunicationPort(IrFilter, &IrServerPort, &attributes, NULL, IrConnect, IrDisconnect,
                                        NULL, 1);
    FltFreeSecurityDescriptor(sd);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(IrFilter);
        return status;
    }

    status = FltStartFiltering(IrFilter);
    if (!NT_SUCCESS(status)) {
        FltCloseCommunicationPort(IrServerPort);
        FltUnregisterFilter(IrFilter);
    }
    return status;
}
