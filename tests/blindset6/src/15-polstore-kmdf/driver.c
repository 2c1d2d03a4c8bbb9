#include "polstore.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PolEvtDriverUnload)
#endif

typedef struct _POL_QUERY {
    USHORT VendorId;
    USHORT ProductId;
} POL_QUERY, *PPOL_QUERY;

static NTSTATUS
PolCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    PWDFDEVICE_INIT init;
    WDFDEVICE device;
    WDF_IO_QUEUE_CONFIG queueConfig;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(name, POL_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(link, POL_LINK_NAME);

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = WdfDeviceInitAssignName(init, &name);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &link);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = PolEvtIoDeviceControl;
    queueConfig.PowerManaged = WdfFalse;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    WdfControlFinishInitializing(device);
    return STATUS_SUCCESS;
}

VOID
PolEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    PPOL_QUERY query;
    PULONG action;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_POL_QUERY:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(POL_QUERY), (PVOID *)&query, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), (PVOID *)&action, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        *action = PolLookup(query->VendorId, query->ProductId);
        info = sizeof(ULONG);
        break;

    case IOCTL_POL_RELOAD:
        //
        // The agent rewrote the Rules value; pick it up without a reboot.
        //
        status = PolLoadFromRegistry(WdfGetDriver());
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

VOID
PolEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();
    TRACE_INFO("unloading, generation %lu", PolTable.Generation);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = PolEvtDriverUnload;
    config.DriverPoolTag = POL_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        TRACE_ERR("WdfDriverCreate 0x%08X", status);
        return status;
    }

    RtlZeroMemory(&PolTable, sizeof(PolTable));
    status = WdfSpinLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &PolTable.Lock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = PolLoadFromRegistry(driver);
    if (!NT_SUCCESS(status)) {
        TRACE_ERR("initial policy load 0x%08X", status);
        return status;
    }

    status = PolCreateControlDevice(driver);
    NT_ASSERT(NT_SUCCESS(status) || status == STATUS_INSUFFICIENT_RESOURCES || status == STATUS_OBJECT_NAME_COLLISION);
    return status;
}
