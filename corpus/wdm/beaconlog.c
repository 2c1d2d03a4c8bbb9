/*
 * beaconlog.c - a driver that announces itself once at load through a
 * helper of its own, which can fail (no route, no memory). The
 * announcement is best effort: DriverEntry prints its status and goes on.
 *
 * Conforming: no DE005 (a helper's status printed and kept: looked at; a
 * kernel routine's only printed, as in bad/obprint.c, is dropped).
 */

#include <ntddk.h>

#define BL_TAG 'gLcB'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD BlUnload;

static NTSTATUS BlAnnounce(VOID)
{
    PUCHAR payload = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, BL_TAG);
    if (payload == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlFillMemory(payload, 64, 0x5A);
    ExFreePoolWithTag(payload, BL_TAG);
    return STATUS_SUCCESS;
}

VOID BlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    /* Best effort: the collector may be down. */
    status = BlAnnounce();
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "beaconlog: announce 0x%08X\n", status);

    DriverObject->DriverUnload = BlUnload;
    return STATUS_SUCCESS;
}
