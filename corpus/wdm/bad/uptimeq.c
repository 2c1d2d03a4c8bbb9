/*
 * uptimeq.c - the uptime query driver of ../uptimeq.c as first written:
 * DriverEntry sets the IOCTL routine only. The device is named and linked,
 * but the I/O manager fails every CreateFile on \\.\UptimeQ with
 * STATUS_INVALID_DEVICE_REQUEST, so the service never gets the handle it
 * would send the IOCTL on.
 *
 * BUG (WDM010).
 */

#include <ntddk.h>

#define IOCTL_UPTIMEQ_QUERY CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _UPTIMEQ_REPLY {
    ULONGLONG InterruptTime;
    ULONGLONG TickCount;
} UPTIMEQ_REPLY, *PUPTIMEQ_REPLY;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD UqUnload;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH UqDeviceControl;

static PDEVICE_OBJECT UqDevice;
static UNICODE_STRING UqLinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\UptimeQ");

NTSTATUS
UqDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR written = 0;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_UPTIMEQ_QUERY) {
        if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(UPTIMEQ_REPLY)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            PUPTIMEQ_REPLY reply = (PUPTIMEQ_REPLY)Irp->AssociatedIrp.SystemBuffer;
            LARGE_INTEGER ticks;
            KeQueryTickCount(&ticks);
            reply->InterruptTime = KeQueryInterruptTime();
            reply->TickCount = (ULONGLONG)ticks.QuadPart;
            written = sizeof(UPTIMEQ_REPLY);
            status = STATUS_SUCCESS;
        }
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = written;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
UqUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteSymbolicLink(&UqLinkName);
    IoDeleteDevice(UqDevice);
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    UNICODE_STRING deviceName = RTL_CONSTANT_STRING(L"\\Device\\UptimeQ");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = UqUnload;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = UqDeviceControl;   // expect: WDM010

    status = IoCreateDevice(DriverObject, 0, &deviceName, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &UqDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&UqLinkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(UqDevice);
        return status;
    }

    UqDevice->Flags |= DO_BUFFERED_IO;
    UqDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
