// KmdfCtl - non-pnp KMDF driver exposing a control device
// user mode opens \\.\KmdfCtl and sends IOCTL_KCTL_GET_VERSION

#include <ntddk.h>
#include <wdf.h>

#define IOCTL_KCTL_GET_VERSION CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

DECLARE_CONST_UNICODE_STRING(g_CtlName, L"\\Device\\KmdfCtl");
DECLARE_CONST_UNICODE_STRING(g_CtlLink, L"\\DosDevices\\KmdfCtl");

extern "C" DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD KctlEvtUnload;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL KctlEvtIoctl;

static WDFDEVICE g_ControlDevice = NULL;

VOID KctlEvtIoctl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                  size_t InputBufferLength, ULONG IoControlCode)
{
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG* out = nullptr;
    size_t info = 0;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode == IOCTL_KCTL_GET_VERSION) {
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), (PVOID*)&out, nullptr);
        if (NT_SUCCESS(status)) {
            *out = 0x00010002;
            info = sizeof(ULONG);
        }
    }
    WdfRequestCompleteWithInformation(Request, status, info);
}

VOID KctlEvtUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    if (g_ControlDevice != NULL) {
        WdfObjectDelete(g_ControlDevice);
        g_ControlDevice = NULL;
    }
}

static NTSTATUS KctlCreateControlDevice(WDFDRIVER Driver)
{
    NTSTATUS status;
    PWDFDEVICE_INIT init;
    WDFDEVICE device;
    WDF_IO_QUEUE_CONFIG qcfg;
    WDFQUEUE queue;

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &g_CtlName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KmdfCtl: WdfDeviceCreate failed 0x%x\n", status));
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &g_CtlLink);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qcfg, WdfIoQueueDispatchSequential);
    qcfg.EvtIoDeviceControl = KctlEvtIoctl;

    status = WdfIoQueueCreate(device, &qcfg, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    WdfControlFinishInitializing(device);
    g_ControlDevice = device;
    return STATUS_SUCCESS;
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = KctlEvtUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = KctlCreateControlDevice(driver);
    return status;
}
