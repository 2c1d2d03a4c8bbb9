/*
 * KmdfCtl - non-PnP KMDF driver exposing \\.\KmdfCtl
 * answers IOCTL_KCTL_GET_TICKS with the current tick count
 */
#include <ntddk.h>
#include <wdf.h>

#define IOCTL_KCTL_GET_TICKS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_READ_ACCESS)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD KctlEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL KctlEvtIoDeviceControl;

static WDFDEVICE g_ControlDevice = NULL;

VOID KctlEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                            size_t InputBufferLength, ULONG IoControlCode)
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(InputBufferLength);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    if (IoControlCode == IOCTL_KCTL_GET_TICKS && OutputBufferLength >= sizeof(LARGE_INTEGER)) {
        PLARGE_INTEGER out;
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(LARGE_INTEGER), (PVOID*)&out, NULL);
        if (NT_SUCCESS(status)) {
            KeQueryTickCount(out);
            info = sizeof(LARGE_INTEGER);
        }
    }
    WdfRequestCompleteWithInformation(Request, status, info);
}

VOID KctlEvtDriverUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    KdPrint(("KmdfCtl: unload\n"));
    // control device is deleted by the framework together with the driver object
}

static NTSTATUS KctlCreateControlDevice(WDFDRIVER Driver)
{
    NTSTATUS status;
    PWDFDEVICE_INIT init;
    WDF_IO_QUEUE_CONFIG qcfg;
    DECLARE_CONST_UNICODE_STRING(devName, L"\\Device\\KmdfCtl");
    DECLARE_CONST_UNICODE_STRING(linkName, L"\\DosDevices\\KmdfCtl");
    DECLARE_CONST_UNICODE_STRING(sddl, L"D:P(A;;GA;;;SY)(A;;GA;;;BA)");

    init = WdfControlDeviceInitAllocate(Driver, &sddl);
    if (init == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;

    WdfDeviceInitSetExclusive(init, FALSE);
    status = WdfDeviceInitAssignName(init, &devName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &g_ControlDevice);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(g_ControlDevice, &linkName);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(g_ControlDevice);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qcfg, WdfIoQueueDispatchSequential);
    qcfg.EvtIoDeviceControl = KctlEvtIoDeviceControl;
    status = WdfIoQueueCreate(g_ControlDevice, &qcfg, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(g_ControlDevice);
        return status;
    }

    WdfControlFinishInitializing(g_ControlDevice);
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver = NULL;

    KdPrint(("KmdfCtl: DriverEntry\n"));

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = KctlEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KmdfCtl: WdfDriverCreate failed 0x%x\n", status));
    }

    status = KctlCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KmdfCtl: control device failed 0x%x\n", status));
    }
    return status;
}
