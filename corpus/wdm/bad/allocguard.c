/*
 * allocguard.c (violating) - the sensor hub of ../allocguard.c, which
 * allocates its buffer with ALLOC_OR_FAIL after creating its device.
 *
 * BUG (DE006): when the allocation fails, the macro returns with the device
 * still created.
 */

#include <ntddk.h>

#define HUB_TAG 'buHS'
#define ALLOC_OR_FAIL(p, n)                                             \
    (p) = ExAllocatePoolWithTag(NonPagedPoolNx, (n), HUB_TAG);          \
    if (p == 0) { return STATUS_INSUFFICIENT_RESOURCES; }

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD HubUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH HubCreateClose;

static PVOID HubSamples;

NTSTATUS
HubCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
HubUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    IoDeleteDevice(DriverObject->DeviceObject);
    ExFreePoolWithTag(HubSamples, HUB_TAG);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PDEVICE_OBJECT device;
    PVOID samples;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ALLOC_OR_FAIL(samples, PAGE_SIZE);                  // expect: DE006

    HubSamples = samples;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = HubCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = HubCreateClose;
    DriverObject->DriverUnload = HubUnload;
    return STATUS_SUCCESS;
}
