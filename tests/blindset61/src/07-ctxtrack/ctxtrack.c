/*
 * ctxtrack.c - registration and I/O callbacks
 */
#include "ctxtrack.h"

CT_GLOBALS Globals;

DRIVER_INITIALIZE DriverEntry;
static NTSTATUS FLTAPI CtUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI CtQueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                       _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags);
static FLT_POSTOP_CALLBACK_STATUS FLTAPI CtPostCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                                      _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);
static FLT_POSTOP_CALLBACK_STATUS FLTAPI CtPostReadWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                                                         _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);

static const FLT_OPERATION_REGISTRATION CtCallbacks[] = {
    { IRP_MJ_CREATE, 0,                                            NULL, CtPostCreate },
    { IRP_MJ_READ,   FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, NULL, CtPostReadWrite },
    { IRP_MJ_WRITE,  FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, NULL, CtPostReadWrite },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION CtRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    CtContextRegistration,
    CtCallbacks,
    CtUnload,
    CtInstanceSetup,
    CtQueryTeardown,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL
};

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    Globals.DebugFlags = 0;

    status = FltRegisterFilter(DriverObject, &CtRegistration, &Globals.Filter);
    if (!NT_SUCCESS(status)) {
        CT_ERROR("FltRegisterFilter 0x%08X", status);
        return status;
    }

    status = FltStartFiltering(Globals.Filter);
    if (!NT_SUCCESS(status)) {
        CT_ERROR("FltStartFiltering 0x%08X", status);
        FltUnregisterFilter(Globals.Filter);
        Globals.Filter = NULL;
        return status;
    }

    CT_TRACE("loaded (%p)", Globals.Filter);
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
CtUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    FltUnregisterFilter(Globals.Filter);
    Globals.Filter = NULL;
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
CtQueryTeardown(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);
    return STATUS_SUCCESS;
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI
CtPostCreate(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
             _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (!NT_SUCCESS(Data->IoStatus.Status) || Data->IoStatus.Status == STATUS_REPARSE) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    if (FlagOn(Data->Iopb->Parameters.Create.Options, FILE_DIRECTORY_FILE)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    status = CtCreateStreamHandleContext(Data, FltObjects);
    if (!NT_SUCCESS(status)) {
        CT_TRACE("no handle context for %p: 0x%08X", FltObjects->FileObject, status);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI
CtPostReadWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(CompletionContext);

    if (FlagOn(Flags, FLTFL_POST_OPERATION_DRAINING) || !NT_SUCCESS(Data->IoStatus.Status)) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }

    /* completions can arrive at DISPATCH_LEVEL, the context getters want <= APC */
    if (KeGetCurrentIrql() > APC_LEVEL) {
        return FLT_POSTOP_FINISHED_PROCESSING;
    }
    CtAccount(FltObjects, (BOOLEAN)(Data->Iopb->MajorFunction == IRP_MJ_WRITE), Data->IoStatus.Information);
    return FLT_POSTOP_FINISHED_PROCESSING;
}
