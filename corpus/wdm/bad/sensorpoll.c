/*
 * sensorpoll.c - legacy driver that polls the chassis temperature sensors
 * of an industrial PC and exposes the last readings to a service through
 * \\.\SensorPoll.
 *
 * BUG (DE006): the readings buffer is allocated first and freed on no
 * failure path: both later failures (the device, then the symbolic link)
 * leak it. One finding reports the allocation (at the last return, the
 * other listed as a related location); the device object leaked by the
 * second failure is a finding of its own.
 */

#include <ntddk.h>

#define SENSOR_TAG    'sneS'
#define SENSOR_COUNT  16

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SensorUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH SensorCreateClose;

static PLONG SensorReadings;
static PDEVICE_OBJECT SensorDevice;

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING deviceName, linkName;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    SensorReadings = ExAllocatePoolWithTag(NonPagedPoolNx, SENSOR_COUNT * sizeof(LONG), SENSOR_TAG);
    if (SensorReadings == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(SensorReadings, SENSOR_COUNT * sizeof(LONG));

    RtlInitUnicodeString(&deviceName, L"\\Device\\SensorPoll");
    status = IoCreateDevice(DriverObject, 0, &deviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &SensorDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitUnicodeString(&linkName, L"\\DosDevices\\SensorPoll");
    status = IoCreateSymbolicLink(&linkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        return status;                                  // expect: DE006, DE006
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = SensorCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SensorCreateClose;
    DriverObject->DriverUnload = SensorUnload;
    return STATUS_SUCCESS;
}

NTSTATUS
SensorCreateClose(
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
SensorUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING linkName;

    UNREFERENCED_PARAMETER(DriverObject);
    RtlInitUnicodeString(&linkName, L"\\DosDevices\\SensorPoll");
    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(SensorDevice);
    ExFreePoolWithTag(SensorReadings, SENSOR_TAG);
}
