/*
 * voidstep.c (conforming) - a driver whose best-effort step, a routine that
 * returns nothing, drops the status of the helper it calls: the routine has
 * no way to report it, and its author chose not to act on it.
 * Expected: no DE005.
 */

#include <ntddk.h>

#define VS_TAG 'pSsV'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD VsUnload;

static PVOID VsSnapshot;

static NTSTATUS
VsKeepSnapshot(_In_ SIZE_T Size)
{
    VsSnapshot = ExAllocatePool2(POOL_FLAG_NON_PAGED, Size, VS_TAG);
    if (VsSnapshot == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;
}

static VOID
VsRecordStartup(_In_ SIZE_T Size)
{
    VsKeepSnapshot(Size);
}

VOID
VsUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    if (VsSnapshot != NULL) {
        ExFreePoolWithTag(VsSnapshot, VS_TAG);
    }
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    VsRecordStartup(RegistryPath->Length);

    DriverObject->DriverUnload = VsUnload;
    return STATUS_SUCCESS;
}
