/*
 * dualreg.c - quota-accounting minifilter. On file systems that report
 * stream contexts it registers the full operation set; otherwise it builds a
 * reduced registration at run time and chooses between the two with ?:.
 *
 * BUG (FLT007): the run-time registration gets its Version but not its Size
 * (RtlZeroMemory left it 0); whenever the fallback is chosen,
 * FltRegisterFilter rejects it. The static registration is correct.
 */

#include <fltKernel.h>

static PFLT_FILTER QaFilter;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI QaUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static FLT_PREOP_CALLBACK_STATUS FLTAPI
QaPreSetInfo(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
             _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

static const FLT_OPERATION_REGISTRATION QaOperations[] = {
    { IRP_MJ_SET_INFORMATION, 0, QaPreSetInfo, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_CONTEXT_REGISTRATION QaContexts[] = {
    { FLT_STREAM_CONTEXT, 0, NULL, 64, 'cAaQ' },
    { FLT_CONTEXT_END }
};

static const FLT_REGISTRATION QaRegistrationFull = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    QaContexts,
    QaOperations,
    QaUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    FLT_REGISTRATION reduced;
    BOOLEAN streamContexts;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    streamContexts = RtlIsNtDdiVersionAvailable(NTDDI_WIN7);

    RtlZeroMemory(&reduced, sizeof(reduced));
    reduced.Version               = FLT_REGISTRATION_VERSION;
    reduced.OperationRegistration = QaOperations;
    reduced.FilterUnloadCallback  = QaUnload;

    status = FltRegisterFilter(DriverObject,                                // expect: FLT007
                               streamContexts ? &QaRegistrationFull : &reduced,
                               &QaFilter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltStartFiltering(QaFilter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(QaFilter);
    }
    return status;
}

static NTSTATUS FLTAPI
QaUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(QaFilter);
    return STATUS_SUCCESS;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
QaPreSetInfo(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
             _Flt_CompletionContext_Outptr_ PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
