/*
 * softfail.c - boot-start minifilter that records the first writer of each
 * file on the system volume for the forensics agent. "A tracing filter must
 * never stop the machine from booting", so every failure is swallowed.
 *
 * BUG (FLT005): when FltStartFiltering fails the filter is unregistered,
 * but DriverEntry still returns STATUS_SUCCESS: the driver stays loaded,
 * unregistered, with no unload routine, until reboot.
 */

#include <fltKernel.h>

static PFLT_FILTER SfFilter;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI SfUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);
static FLT_POSTOP_CALLBACK_STATUS FLTAPI
SfPostWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
            _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags);

static const FLT_OPERATION_REGISTRATION SfOperations[] = {
    { IRP_MJ_WRITE, FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO, NULL, SfPostWrite },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION SfRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    SfOperations,
    SfUnload,
};

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = FltRegisterFilter(DriverObject, &SfRegistration, &SfFilter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FltStartFiltering(SfFilter);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_FLTMGR_ID, DPFLTR_ERROR_LEVEL,
                   "softfail: FltStartFiltering failed 0x%08X, continuing\n", status);
        FltUnregisterFilter(SfFilter);
    }

    return STATUS_SUCCESS;                              // expect: FLT005
}

static NTSTATUS FLTAPI
SfUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(SfFilter);
    return STATUS_SUCCESS;
}

static FLT_POSTOP_CALLBACK_STATUS FLTAPI
SfPostWrite(_Inout_ PFLT_CALLBACK_DATA Data, _In_ PCFLT_RELATED_OBJECTS FltObjects,
            _In_opt_ PVOID CompletionContext, _In_ FLT_POST_OPERATION_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Data);
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(CompletionContext);
    UNREFERENCED_PARAMETER(Flags);

    /* Stream-context bookkeeping elided in this excerpt. */
    return FLT_POSTOP_FINISHED_PROCESSING;
}
