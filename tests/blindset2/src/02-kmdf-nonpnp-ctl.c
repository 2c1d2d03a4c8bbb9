//
// NonPnpCtl.c - KMDF legacy (non-PnP) driver exposing \\.\NonPnpCtl
// for a user-mode test tool. Based on my notes from the KMDF docs.
//
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define NTDEVICE_NAME   L"\\Device\\NonPnpCtl"
#define DOSDEVICE_NAME  L"\\DosDevices\\NonPnpCtl"

#define IOCTL_NONPNP_PING CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD NonPnpEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL NonPnpEvtIoDeviceControl;

static NTSTATUS NonPnpCreateControlDevice(_In_ WDFDRIVER Driver);

WDFDEVICE g_ControlDevice = NULL;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = NonPnpEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("NonPnpCtl: WdfDriverCreate failed %!STATUS!\n", status));
        return status;
    }

    status = NonPnpCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("NonPnpCtl: control device failed 0x%x\n", status));
    }
    return status;
}

static NTSTATUS
NonPnpCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    NTSTATUS status;
    PWDFDEVICE_INIT deviceInit;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFQUEUE queue;
    DECLARE_CONST_UNICODE_STRING(ntName, NTDEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, DOSDEVICE_NAME);

    deviceInit = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (deviceInit == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(deviceInit, TRUE);
    WdfDeviceInitSetIoType(deviceInit, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(deviceInit, &ntName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(deviceInit);
        return status;
    }

    status = WdfDeviceCreate(&deviceInit, WDF_NO_OBJECT_ATTRIBUTES, &g_ControlDevice);
    if (!NT_SUCCESS(status)) {
        KdPrint(("NonPnpCtl: WdfDeviceCreate failed 0x%x\n", status));
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(g_ControlDevice, &dosName);
    if (!NT_SUCCESS(status)) {
        goto fail_device;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = NonPnpEvtIoDeviceControl;

    status = WdfIoQueueCreate(g_ControlDevice, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        goto fail_device;
    }

    WdfControlFinishInitializing(g_ControlDevice);
    return STATUS_SUCCESS;

fail_device:
    WdfObjectDelete(g_ControlDevice);
    g_ControlDevice = NULL;
    return status;
}

VOID
NonPnpEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    PULONG out;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode == IOCTL_NONPNP_PING && OutputBufferLength >= sizeof(ULONG)) {
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), (PVOID*)&out, NULL);
        if (NT_SUCCESS(status)) {
            *out = 0x50494E47; // 'PING'
            info = sizeof(ULONG);
        }
    }
    WdfRequestCompleteWithInformation(Request, status, info);
}

VOID
NonPnpEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    KdPrint(("NonPnpCtl: unload\n"));
    // the control device is a child of the driver object; the framework deletes it
}
