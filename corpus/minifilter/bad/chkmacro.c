/*
 * chkmacro.c (violating) - the quota auditor of ../chkmacro.c after a
 * refactoring: the cleanup label no longer unregisters the filter, so when
 * FltStartFiltering fails (inside the CHECK_STATUS macro), DriverEntry
 * returns the error with the filter still registered. The registration
 * helper's failure reaches the same label, where nothing is owed.
 */

#include <fltKernel.h>

#define CHECK_STATUS(Status, Expression, Label) \
    do {                                        \
        (Status) = (Expression);                \
        if (!NT_SUCCESS(Status)) {              \
            goto Label;                         \
        }                                       \
    } while (0)

static PFLT_FILTER QbFilter;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI QbUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

static const FLT_OPERATION_REGISTRATION QbOperations[] = {
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION QbRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    QbOperations,
    QbUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

static NTSTATUS
QbRegister(_In_ PDRIVER_OBJECT DriverObject)
{
    return FltRegisterFilter(DriverObject, &QbRegistration, &QbFilter);
}

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    CHECK_STATUS(status, QbRegister(DriverObject), Cleanup);
    CHECK_STATUS(status, FltStartFiltering(QbFilter), Cleanup);
    return STATUS_SUCCESS;

Cleanup:
    return status;                                      // expect: FLT004
}

static NTSTATUS FLTAPI
QbUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(QbFilter);
    return STATUS_SUCCESS;
}
