/*
 * ioprobe.sys - control device that writes an ETW event for every IOCTL it
 * receives, so a test harness can correlate calls with a trace session.
 */
#include <ntddk.h>
#include <evntrace.h>

#define PROBE_DEVICE_NAME L"\\Device\\IoProbe"
#define PROBE_LINK_NAME   L"\\DosDevices\\IoProbe"

// {0B6A3E5C-8F1D-4E7B-A2C9-5D4F6E7A8B91}
static const GUID ProbeProviderGuid =
    { 0x0b6a3e5c, 0x8f1d, 0x4e7b, { 0xa2, 0xc9, 0x5d, 0x4f, 0x6e, 0x7a, 0x8b, 0x91 } };

static const EVENT_DESCRIPTOR ProbeIoctlEvent = { 1, 0, 0, TRACE_LEVEL_INFORMATION, 0, 0, 0 };

REGHANDLE      g_EtwHandle = 0;
PDEVICE_OBJECT g_ProbeDevice = NULL;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ProbeUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH ProbeCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH ProbeDeviceControl;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PROBE_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(PROBE_LINK_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    status = EtwRegister(&ProbeProviderGuid, NULL, NULL, &g_EtwHandle);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ioprobe: EtwRegister failed 0x%08X\n", status));
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_ProbeDevice);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ioprobe: IoCreateDevice failed 0x%08X\n", status));
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ioprobe: IoCreateSymbolicLink failed 0x%08X\n", status));
        IoDeleteDevice(g_ProbeDevice);
        g_ProbeDevice = NULL;
        EtwUnregister(g_EtwHandle);
        g_EtwHandle = 0;
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = ProbeCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ProbeCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ProbeDeviceControl;
    DriverObject->DriverUnload = ProbeUnload;

    g_ProbeDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
ProbeUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(PROBE_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);

    IoDeleteSymbolicLink(&linkName);
    if (g_ProbeDevice != NULL) {
        IoDeleteDevice(g_ProbeDevice);
        g_ProbeDevice = NULL;
    }
    KdPrint(("ioprobe: unloaded\n"));
}

NTSTATUS
ProbeCreateClose(
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

NTSTATUS
ProbeDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG code = sp->Parameters.DeviceIoControl.IoControlCode;
    EVENT_DATA_DESCRIPTOR data;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (g_EtwHandle != 0 && EtwEventEnabled(g_EtwHandle, &ProbeIoctlEvent)) {
        EventDataDescCreate(&data, &code, sizeof(code));
        EtwWrite(g_EtwHandle, &ProbeIoctlEvent, NULL, 1, &data);
    }

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
