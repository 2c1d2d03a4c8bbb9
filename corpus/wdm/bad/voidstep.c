/*
 * voidstep.c (violating) - the twin of ../voidstep.c whose step returns a
 * status: it drops the helper's failure and reports success, so DriverEntry
 * goes on as if the snapshot were kept.
 * Expected: DE005.
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

static NTSTATUS
VsRecordStartup(_In_ SIZE_T Size)
{
    VsKeepSnapshot(Size);                               // expect: DE005
    return STATUS_SUCCESS;
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
    NTSTATUS status;

    status = VsRecordStartup(RegistryPath->Length);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->DriverUnload = VsUnload;
    return STATUS_SUCCESS;
}
