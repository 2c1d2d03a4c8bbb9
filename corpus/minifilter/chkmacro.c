/*
 * chkmacro.c - minifilter for a quota auditor, written in the house style of
 * a team that wraps every status test in CHECK_STATUS, a do/while(0) macro
 * that assigns the status and jumps to the cleanup label when it failed.
 * Registration goes through a helper that returns FltRegisterFilter's status.
 * The cleanup label is reached only by failures, and unregisters the filter
 * when it was registered: conforming.
 */

#include <fltKernel.h>

#define CHECK_STATUS(Status, Expression, Label) \
    do {                                        \
        (Status) = (Expression);                \
        if (!NT_SUCCESS(Status)) {              \
            goto Label;                         \
        }                                       \
    } while (0)

typedef struct _QA_GLOBALS {
    PFLT_FILTER Filter;
    ULONG       SampleEvery;
} QA_GLOBALS;

static QA_GLOBALS QaGlobals;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI QaUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

static const FLT_OPERATION_REGISTRATION QaOperations[] = {
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION QaRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    QaOperations,
    QaUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

static NTSTATUS
QaRegister(_In_ PDRIVER_OBJECT DriverObject)
{
    return FltRegisterFilter(DriverObject, &QaRegistration, &QaGlobals.Filter);
}

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    QaGlobals.Filter = NULL;
    QaGlobals.SampleEvery = 16;

    CHECK_STATUS(status, QaRegister(DriverObject), Cleanup);
    CHECK_STATUS(status, FltStartFiltering(QaGlobals.Filter), Cleanup);
    return STATUS_SUCCESS;

Cleanup:
    if (QaGlobals.Filter != NULL) {
        FltUnregisterFilter(QaGlobals.Filter);
        QaGlobals.Filter = NULL;
    }
    return status;
}

static NTSTATUS FLTAPI
QaUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(QaGlobals.Filter);
    return STATUS_SUCCESS;
}
