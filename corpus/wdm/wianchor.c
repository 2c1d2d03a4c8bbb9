/*
 * wianchor.c - a callback-only driver that defers its work to a system
 * worker thread. IoAllocateWorkItem needs a device object, so DriverEntry
 * creates one with no name, attaches it to nothing and never gives it out:
 * no request can reach it, and the driver sets no dispatch routine.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WaUnload;
IO_WORKITEM_ROUTINE WaFlush;

static PDEVICE_OBJECT WaAnchor;
static PIO_WORKITEM WaWork;

VOID
WaFlush(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_opt_ PVOID Context
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
}

VOID
WaUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoFreeWorkItem(WaWork);
    IoDeleteDevice(WaAnchor);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &WaAnchor);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WaWork = IoAllocateWorkItem(WaAnchor);
    if (WaWork == NULL) {
        IoDeleteDevice(WaAnchor);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    IoQueueWorkItem(WaWork, WaFlush, DelayedWorkQueue, NULL);
    DriverObject->DriverUnload = WaUnload;
    return STATUS_SUCCESS;
}
