/*
 * nochk.c - minifilter that counts directory enumerations per process for
 * the ransomware heuristics of the endpoint agent.
 *
 * BUG (DE005, FLT003): the status of FltRegisterFilter is stored in the
 * shared status variable and overwritten by FltStartFiltering before it is
 * looked at. If registration fails, FltStartFiltering is called with
 * whatever NcFilter holds (NULL) and the system bugchecks.
 */

#include <fltKernel.h>

static PFLT_FILTER NcFilter;
static volatile LONG NcEnumerations;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI NcUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static FLT_PREOP_CALLBACK_STATUS FLTAPI
NcPreDirControl(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

static const FLT_OPERATION_REGISTRATION NcOperations[] = {
    { IRP_MJ_DIRECTORY_CONTROL, 0, NcPreDirControl, NULL },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION NcRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    NcOperations,
    NcUnload,
};

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &NcRegistration, &NcFilter);  // expect: DE005
    status = FltStartFiltering(NcFilter);                                  // expect: FLT003
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(NcFilter);
    }

    return status;
}

static NTSTATUS FLTAPI
NcUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(NcFilter);
    return STATUS_SUCCESS;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
NcPreDirControl(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                _Flt_CompletionContext_Outptr_ PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    if (Data->Iopb->MinorFunction == IRP_MN_QUERY_DIRECTORY) {
        InterlockedIncrement(&NcEnumerations);
    }
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
