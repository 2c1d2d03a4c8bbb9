#include "kctl.h"
#include <wdmsec.h>

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD KctlEvtDriverUnload;

static NTSTATUS KctlCreateControlDevice(_In_ WDFDRIVER Driver);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, KctlCreateControlDevice)
#pragma alloc_text(PAGE, KctlEvtDriverUnload)
#endif

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    KdPrint(("kctl: DriverEntry\n"));

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = KctlEvtDriverUnload;
    config.DriverPoolTag = 'ltcK';

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (status < 0) {
        KdPrint(("kctl: WdfDriverCreate failed 0x%x\n", status));
        return status;
    }

    status = KctlCreateControlDevice(driver);
    if (status < 0) {
        KdPrint(("kctl: control device failed 0x%x\n", status));
    }
    return status;
}

static NTSTATUS KctlCreateControlDevice(_In_ WDFDRIVER Driver)
{
    DECLARE_CONST_UNICODE_STRING(ntName, KCTL_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, KCTL_DOS_NAME);
    PWDFDEVICE_INIT init = NULL;
    WDFDEVICE device = NULL;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    NTSTATUS status;

    do {
        init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
        if (init == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }

        WdfDeviceInitSetExclusive(init, FALSE);
        WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

        status = WdfDeviceInitAssignName(init, &ntName);
        if (status < 0) {
            break;
        }

        WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, CONTROL_CONTEXT);

        status = WdfDeviceCreate(&init, &attributes, &device);
        if (status < 0) {
            break;
        }
        KeQuerySystemTime(&ControlGetContext(device)->LoadTime);

        status = WdfDeviceCreateSymbolicLink(device, &dosName);
        if (status < 0) {
            break;
        }

        WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
        queueConfig.EvtIoDeviceControl = KctlEvtIoDeviceControl;

        status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
        if (status < 0) {
            break;
        }

        WdfControlFinishInitializing(device);
    } while (0);

    if (status < 0) {
        if (init != NULL) {
            WdfDeviceInitFree(init);
        }
        if (device != NULL) {
            WdfObjectDelete(device);
        }
    }
    return status;
}

VOID KctlEvtDriverUnload(_In_ WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();
    KdPrint(("kctl: unload\n"));
}
