/*
 * ctxend.c - the bad twin of ../ctxend.c: minifilter that counts the writes to each file in a stream
 * context. Its FLT_REGISTRATION, written with designated initializers,
 * names an operation array, closed by IRP_MJ_OPERATION_END, and a context
 * registration array with no { FLT_CONTEXT_END }.
 *
 * Violates: FLT010.
 */

#include <fltKernel.h>

#define CE_TAG 'xtCE'

typedef struct _CE_STREAM_CONTEXT {
    volatile LONG Writes;
} CE_STREAM_CONTEXT, *PCE_STREAM_CONTEXT;

DRIVER_INITIALIZE DriverEntry;

static PFLT_FILTER CeFilter;

static NTSTATUS FLTAPI CeUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

static VOID FLTAPI CeCleanupContext(_In_ PFLT_CONTEXT Context, _In_ FLT_CONTEXT_TYPE ContextType)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(ContextType);
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI
CePostWrite(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS FltObjects, PVOID CompletionContext,
            FLT_POST_OPERATION_FLAGS Flags)
{
    PCE_STREAM_CONTEXT context;

    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);
    if (NT_SUCCESS(FltGetStreamContext(FltObjects->Instance, FltObjects->FileObject, (PFLT_CONTEXT *)&context))) {
        InterlockedIncrement(&context->Writes);
        FltReleaseContext(context);
    }
    return FLT_POSTOP_FINISHED_PROCESSING;
}

static const FLT_OPERATION_REGISTRATION CeOperations[] = {
    { IRP_MJ_WRITE, 0, NULL, CePostWrite },
    { IRP_MJ_OPERATION_END }
};

static const FLT_CONTEXT_REGISTRATION CeContexts[] = { // expect: FLT010
    { FLT_STREAM_CONTEXT, 0, CeCleanupContext, sizeof(CE_STREAM_CONTEXT), CE_TAG },
};

static const FLT_REGISTRATION CeRegistration = {
    .Size = sizeof(FLT_REGISTRATION),
    .Version = FLT_REGISTRATION_VERSION,
    .ContextRegistration = CeContexts,
    .OperationRegistration = CeOperations,
    .FilterUnloadCallback = CeUnload,
};

static NTSTATUS FLTAPI CeUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(CeFilter);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath) // expect-entry: minifilter
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &CeRegistration, &CeFilter);
    if (!NT_SUCCESS(status))
        return status;
    status = FltStartFiltering(CeFilter);
    if (!NT_SUCCESS(status))
        FltUnregisterFilter(CeFilter);
    return status;
}
