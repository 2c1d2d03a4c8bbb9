/*
 * driver.c - DriverEntry, unload and control device of NetGuard.
 */
#include <ntddk.h>
#include <initguid.h>      /* instantiate the GUIDs once, here */
#include "netguard.h"

NG_GLOBALS g_Ng;

static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL NgEvtIoDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, NgEvtDriverUnload)
#endif

static NTSTATUS
NgCreateControlDevice(_In_ WDFDRIVER Driver)
{
    PWDFDEVICE_INIT         init;
    WDF_IO_QUEUE_CONFIG     queueConfig;
    WDFQUEUE                queue;
    NTSTATUS                status;
    DECLARE_CONST_UNICODE_STRING(deviceName, NG_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(linkName, NG_SYMLINK_NAME);

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetDeviceType(init, FILE_DEVICE_NETWORK);
    WdfDeviceInitSetCharacteristics(init, FILE_DEVICE_SECURE_OPEN, FALSE);

    status = WdfDeviceInitAssignName(init, &deviceName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &g_Ng.ControlDevice);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        g_Ng.ControlDevice = NULL;
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(g_Ng.ControlDevice, &linkName);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = NgEvtIoDeviceControl;
    status = WdfIoQueueCreate(g_Ng.ControlDevice, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }

    WdfControlFinishInitializing(g_Ng.ControlDevice);
    g_Ng.WdmDevice = WdfDeviceWdmGetDeviceObject(g_Ng.ControlDevice);
    return STATUS_SUCCESS;

Fail:
    WdfObjectDelete(g_Ng.ControlDevice);
    g_Ng.ControlDevice = NULL;
    return status;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG   config;
    WDFDRIVER           driver;
    NTSTATUS            status;

    RtlZeroMemory(&g_Ng, sizeof(g_Ng));
    g_Ng.Callouts[0].CalloutKey = &NG_CALLOUT_CONNECT_V4_KEY;
    g_Ng.Callouts[0].LayerKey   = &FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    g_Ng.Callouts[0].Name       = L"NetGuard connect v4";
    g_Ng.Callouts[1].CalloutKey = &NG_CALLOUT_CONNECT_V6_KEY;
    g_Ng.Callouts[1].LayerKey   = &FWPM_LAYER_ALE_AUTH_CONNECT_V6;
    g_Ng.Callouts[1].Name       = L"NetGuard connect v6";

    NgBlockListInitialize();

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = NgEvtDriverUnload;
    config.DriverPoolTag = NG_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    /* Defaults from Parameters\BlockedPorts; an empty list is fine. */
    status = NgBlockListLoadDefaults(driver);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_WARNING_LEVEL,
                   "netguard: no default block list (0x%08x)\n", status);
    }

    status = NgCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        return status;      /* framework deletes the driver object */
    }

    status = NgWfpRegister(g_Ng.WdmDevice);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(g_Ng.ControlDevice);
        g_Ng.ControlDevice = NULL;
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
NgEvtDriverUnload(_In_ WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);

    PAGED_CODE();

    /* Callouts reference the device object: remove them first. */
    NgWfpUnregister();

    if (g_Ng.ControlDevice != NULL) {
        WdfObjectDelete(g_Ng.ControlDevice);
        g_Ng.ControlDevice = NULL;
    }
}

static VOID
NgEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    NTSTATUS    status;
    PVOID       buffer;
    size_t      length;
    ULONG_PTR   info = 0;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_NG_SET_BLOCKLIST:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(USHORT), &buffer, &length);
        if (NT_SUCCESS(status)) {
            status = NgBlockListSet((const USHORT*)buffer, (ULONG)(length / sizeof(USHORT)));
        }
        break;

    case IOCTL_NG_GET_COUNTERS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(NG_COUNTERS), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            ((PNG_COUNTERS)buffer)->Inspected = g_Ng.Counters.Inspected;
            ((PNG_COUNTERS)buffer)->Blocked = g_Ng.Counters.Blocked;
            info = sizeof(NG_COUNTERS);
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
