/*
 * dualreg.c - minifilter for a backup agent's change journal. On systems
 * where the filter manager supports transaction notifications it registers
 * with a transaction callback; elsewhere with a plain registration. Both
 * registrations carry their header (Size and Version), so the choice made
 * with ?: at FltRegisterFilter is conforming either way.
 */

#include <fltKernel.h>

static PFLT_FILTER DjFilter;
static BOOLEAN DjTransactionsSupported;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI DjUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static NTSTATUS FLTAPI DjTransactionNotify(_In_ PCFLT_RELATED_OBJECTS FltObjects,
                                           _In_ PFLT_CONTEXT TransactionContext,
                                           _In_ ULONG NotificationMask);
static FLT_POSTOP_CALLBACK_STATUS FLTAPI
DjPostWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
            _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);

static const FLT_OPERATION_REGISTRATION DjOperations[] = {
    { IRP_MJ_WRITE, 0, NULL, DjPostWrite },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION DjRegistrationTx = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    DjOperations,
    DjUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    DjTransactionNotify,
    NULL
};

static const FLT_REGISTRATION DjRegistrationPlain = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    DjOperations,
    DjUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DjTransactionsSupported = RtlIsNtDdiVersionAvailable(NTDDI_VISTA);

    status = FltRegisterFilter(DriverObject,
                               DjTransactionsSupported ? &DjRegistrationTx : &DjRegistrationPlain,
                               &DjFilter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltStartFiltering(DjFilter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(DjFilter);
    }
    return status;
}

static NTSTATUS FLTAPI
DjUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(DjFilter);
    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
DjTransactionNotify(_In_ PCFLT_RELATED_OBJECTS FltObjects, _In_ PFLT_CONTEXT TransactionContext,
                    _In_ ULONG NotificationMask)
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(TransactionContext);
    UNREFERENCED_PARAMETER(NotificationMask);
    return STATUS_SUCCESS;
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI
DjPostWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
            _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);
    return FLT_POSTOP_FINISHED_PROCESSING;
}
