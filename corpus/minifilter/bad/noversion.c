/*
 * noversion.c - minifilter that hides the agent's quarantine directory from
 * directory listings. The FLT_REGISTRATION is built at run time because the
 * operation list depends on the OS build.
 *
 * BUG (FLT007): the run-time FLT_REGISTRATION gets its Size but not its
 * Version (left 0 by RtlZeroMemory); FltRegisterFilter rejects it with
 * STATUS_INVALID_PARAMETER (or, on older filter managers, misreads it).
 */

#include <fltKernel.h>

static PFLT_FILTER NvFilter;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI NvUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static FLT_PREOP_CALLBACK_STATUS FLTAPI
NvPreDirControl(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                _Flt_CompletionContext_Outptr_ PVOID *CompletionContext);

static const FLT_OPERATION_REGISTRATION NvOperations[] = {
    { IRP_MJ_DIRECTORY_CONTROL, 0, NvPreDirControl, NULL },
    { IRP_MJ_OPERATION_END }
};

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    FLT_REGISTRATION registration;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&registration, sizeof(registration));
    registration.Size                  = sizeof(FLT_REGISTRATION);
    registration.OperationRegistration = NvOperations;
    registration.FilterUnloadCallback  = NvUnload;

    status = FltRegisterFilter(DriverObject, &registration, &NvFilter);    // expect: FLT007
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltStartFiltering(NvFilter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(NvFilter);
        return status;
    }

    return STATUS_SUCCESS;
}

static NTSTATUS FLTAPI
NvUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(NvFilter);
    return STATUS_SUCCESS;
}

static FLT_PREOP_CALLBACK_STATUS FLTAPI
NvPreDirControl(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
                _Flt_CompletionContext_Outptr_ PVOID *CompletionContext)
{
    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(FltObjects);
    *CompletionContext = NULL;

    /* Entry removal from the returned buffer happens in the post callback
       of the full product; this excerpt passes everything through. */
    return FLT_PREOP_SUCCESS_NO_CALLBACK;
}
