/*++

    FltLogger - reports user mode creates and writes to a collector
    service over \FltLoggerPort.

    Load order of things in DriverEntry:
        lookaside -> FltRegisterFilter -> port -> FltStartFiltering
    and FilterUnload / the failure path undo it backwards.

--*/

#include "fltlogger.h"

FL_GLOBALS Globals;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI FlUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

static NTSTATUS FLTAPI FlQueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                       _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);

static FLT_PREOP_CALLBACK_STATUS FLTAPI FlPreOperation(_Inout_ PFLT_CALLBACK_DATA Data,
                                                       _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                                       _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FlUnload)
#pragma alloc_text(PAGE, FlQueryTeardown)
#endif

static const FLT_OPERATION_REGISTRATION FlOperations[] = {
    { IRP_MJ_CREATE, 0,                                           FlPreOperation, NULL },
    { IRP_MJ_WRITE,  FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, FlPreOperation, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION FlRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    FlOperations,
    FlUnload,
    NULL,                   /* InstanceSetup: attach everywhere */
    FlQueryTeardown,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL
};

static VOID
FlCleanup(
    VOID
    )
{
    /* server port has to go before the filter is unregistered */
    FlCommShutdown();

    if (Globals.Filter != NULL) {
        FltUnregisterFilter(Globals.Filter);
        Globals.Filter = NULL;
    }

    /* after FltUnregisterFilter no pre-op is running, safe to drop the pool */
    if (Globals.PoolReady) {
        ExDeleteNPagedLookasideList(&Globals.NotificationPool);
        Globals.PoolReady = FALSE;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&Globals, sizeof(Globals));

    ExInitializeNPagedLookasideList(&Globals.NotificationPool,
                                    NULL,
                                    NULL,
                                    POOL_NX_ALLOCATION,
                                    sizeof(FL_NOTIFICATION),
                                    FL_POOL_TAG,
                                    0);
    Globals.PoolReady = TRUE;

    status = FltRegisterFilter(DriverObject, &FlRegistration, &Globals.Filter);
    if (!NT_SUCCESS(status)) {
        FL_ERR("FltRegisterFilter 0x%08X", status);
        Globals.Filter = NULL;
        goto Cleanup;
    }

    status = FlCommInitialize(Globals.Filter);
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }

    status = FltStartFiltering(Globals.Filter);
    if (!NT_SUCCESS(status)) {
        FL_ERR("FltStartFiltering 0x%08X", status);
        goto Cleanup;
    }

    FL_DBG("started");
    return STATUS_SUCCESS;

Cleanup:
    FlCleanup();
    return status;
}

static NTSTATUS FLTAPI
FlUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    FL_DBG("unloading");
    FlCleanup();
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
FlQueryTeardown(
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    return STATUS_SUCCESS;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
FlPreOperation(
    _Inout_ PFLT_CALLBACK_DATA Data,
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _Flt_CompletionContext_Outptr_ PVOID *CompletionContext
    )
{
    PFLT_FILE_NAME_INFORMATION nameInfo = NULL;
    PFL_NOTIFICATION           note;
    NTSTATUS                   status;

    UNREFERENCED_PARAMETER(FltObjects);

    *CompletionContext = NULL;

    if (Globals.ClientPort == NULL || Globals.Paused ||
        Data->RequestorMode == KernelMode ||
        KeGetCurrentIrql() > APC_LEVEL ||
        PsGetCurrentProcess() == Globals.ClientProcess) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    status = FltGetFileNameInformation(Data,
                                       FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT,
                                       &nameInfo);
    if (!NT_SUCCESS(status)) {
        return FLT_PREOP_SUCCESS_NO_CALLBACK;
    }

    note = (PFL_NOTIFICATION)ExAllocateFromNPagedLookasideList(&Globals.NotificationPool);
    if (note != NULL) {
        RtlZeroMemory(note, sizeof(*note));
        note->MajorFunction = Data->Iopb->MajorFunction;
        note->ProcessId     = HandleToULong(PsGetCurrentProcessId());
        KeQuerySystemTime(&note->Time);

        if (Data->Iopb->MajorFunction == IRP_MJ_WRITE) {
            note->Offset = Data->Iopb->Parameters.Write.ByteOffset;
            note->Length = Data->Iopb->Parameters.Write.Length;
        }

        note->NameLength = min(nameInfo->Name.Length, (USHORT)(sizeof(note->Name) - sizeof(WCHAR)));
        RtlCopyMemory(note->Name, nameInfo->Name.Buffer, note->NameLength);

        FlCommSend(note);
        ExFreeToNPagedLookasideList(&Globals.NotificationPool, note);
    }

    FltReleaseFileNameInformation(nameInfo);
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
