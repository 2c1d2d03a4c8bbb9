/*
 * reinitctx.c - a boot-start WDM driver of a storage-health monitor that
 * waits for its target disk in a reinitialization routine. DriverEntry
 * copies its registry path into a context and registers the routine with
 * that context, last, just before it returns success.
 *
 * Violating: the context is a local of DriverEntry, gone when the routine
 * runs (DE015).
 */

#include <ntddk.h>

#define HM_TAG 'mlHH'

typedef struct _HM_REINIT {
    UNICODE_STRING RegistryPath;
    ULONG Attempts;
} HM_REINIT, *PHM_REINIT;

DRIVER_INITIALIZE DriverEntry;
DRIVER_REINITIALIZE HmReinitialize;
DRIVER_UNLOAD HmUnload;

static HM_REINIT HmReinitContext;

_Use_decl_annotations_
VOID
HmReinitialize(PDRIVER_OBJECT DriverObject, PVOID Context, ULONG Count)
{
    PHM_REINIT reinit = (PHM_REINIT)Context;

    reinit->Attempts = Count;
    if (Count < 3) {
        IoRegisterDriverReinitialization(DriverObject, HmReinitialize, reinit);
    }
}

_Use_decl_annotations_
VOID
HmUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    ExFreePoolWithTag(HmReinitContext.RegistryPath.Buffer, HM_TAG);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    HM_REINIT local;
    PHM_REINIT reinit = &local;

    reinit->RegistryPath.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, RegistryPath->MaximumLength, HM_TAG);
    if (reinit->RegistryPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    reinit->RegistryPath.MaximumLength = RegistryPath->MaximumLength;
    RtlCopyUnicodeString(&reinit->RegistryPath, RegistryPath);
    reinit->Attempts = 0;

    DriverObject->DriverUnload = HmUnload;
    HmReinitContext.RegistryPath = reinit->RegistryPath;
    IoRegisterDriverReinitialization(DriverObject, HmReinitialize, &local);  // expect: DE015
    return STATUS_SUCCESS;
}
