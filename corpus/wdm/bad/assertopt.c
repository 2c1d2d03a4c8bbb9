/*
 * assertopt.c - the bad twin of ../assertopt.c: a driver that asks for an optional interface through a
 * helper of its own: when the query fails the driver goes on without it,
 * but nothing reads the helper's status at all: not a test, not an
 * assertion (the failure label's print is on another path).
 *
 * Violates: DE005.
 */

#include <ntddk.h>

#define AO_TAG 'tpOA'

typedef struct _AO_INTERFACE {
    PVOID Context;
    VOID (*Notify)(PVOID Context);
} AO_INTERFACE, *PAO_INTERFACE;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD AoUnload;

static PAO_INTERFACE AoInterface;
static PDEVICE_OBJECT AoDevice;

static NTSTATUS AoQueryInterface(VOID)
{
    PAO_INTERFACE found = (PAO_INTERFACE)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*found), AO_TAG);
    if (found == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    AoInterface = found;
    return STATUS_SUCCESS;
}

VOID AoUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(AoDevice);
    if (AoInterface != NULL)
        ExFreePoolWithTag(AoInterface, AO_TAG);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &AoDevice);
    if (!NT_SUCCESS(status))
        goto fail;

    status = AoQueryInterface(); // expect: DE005

    DriverObject->DriverUnload = AoUnload;
    return STATUS_SUCCESS;

fail:
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "assertopt: fail (%08x)\n", status);
    return status;
}
