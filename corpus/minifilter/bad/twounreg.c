/*
 * twounreg.c (violating) - the twin of ../twounreg.c whose start-up helper
 * unregisters the filter when FltStartFiltering fails but leaves the global
 * set: the shared exit path unregisters the same filter a second time.
 * Expected: DE025, at the second FltUnregisterFilter.
 */

#include <fltKernel.h>

DRIVER_INITIALIZE DriverEntry;

static PFLT_FILTER g_TuFilter;
static ERESOURCE g_TuLock;
static BOOLEAN g_TuLockReady;

static NTSTATUS FLTAPI TuUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

static const FLT_OPERATION_REGISTRATION TuOperations[] = {
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION TuRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    TuOperations,
    TuUnload,
};

static NTSTATUS FLTAPI
TuUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(g_TuFilter);
    ExDeleteResourceLite(&g_TuLock);
    return STATUS_SUCCESS;
}

static NTSTATUS
TuStart(VOID)
{
    NTSTATUS status = FltStartFiltering(g_TuFilter);
    if (!NT_SUCCESS(status)) {
        FltUnregisterFilter(g_TuFilter);
    }
    return status;
}

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = ExInitializeResourceLite(&g_TuLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    g_TuLockReady = TRUE;

    status = FltRegisterFilter(DriverObject, &TuRegistration, &g_TuFilter);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    status = TuStart();

Exit:
    if (!NT_SUCCESS(status)) {
        if (g_TuFilter != NULL) {
            FltUnregisterFilter(g_TuFilter);            // expect: DE025
        }
        if (g_TuLockReady) {
            ExDeleteResourceLite(&g_TuLock);
        }
    }
    return status;
}
