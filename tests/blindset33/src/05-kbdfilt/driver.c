/*
 * driver.c - DriverEntry, device add and the keyboard class service
 * callback hook (kbfiltr style).
 */
#include "kbdfilt.h"

WDFCOLLECTION g_FilterDevices;
WDFWAITLOCK   g_FilterDevicesLock;
KBDFILT_STATS g_Stats;

static VOID
KfServiceCallback(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PKEYBOARD_INPUT_DATA InputDataStart,
    _In_ PKEYBOARD_INPUT_DATA InputDataEnd,
    _Inout_ PULONG InputDataConsumed
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KfEvtDeviceAdd)
#pragma alloc_text(PAGE, KfEvtDeviceCleanup)
#endif

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    KF_LOG("built %s %s", __DATE__, __TIME__);

    WDF_DRIVER_CONFIG_INIT(&config, KfEvtDeviceAdd);

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        KF_LOG("WdfDriverCreate failed 0x%x", status);
        return status;
    }

    /* both objects are parented to the driver and go away with it */
    status = WdfCollectionCreate(WDF_NO_OBJECT_ATTRIBUTES, &g_FilterDevices);
    if (!NT_SUCCESS(status)) {
        KF_LOG("WdfCollectionCreate failed 0x%x", status);
        return status;
    }

    status = WdfWaitLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &g_FilterDevicesLock);
    if (!NT_SUCCESS(status)) {
        KF_LOG("WdfWaitLockCreate failed 0x%x", status);
        return status;
    }

    return STATUS_SUCCESS;
}

NTSTATUS
KfEvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    PFILTER_EXTENSION ext;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WdfFdoInitSetFilter(DeviceInit);
    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_KEYBOARD);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, FILTER_EXTENSION);
    attributes.EvtCleanupCallback = KfEvtDeviceCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        KF_LOG("WdfDeviceCreate failed 0x%x", status);
        return status;
    }

    ext = FilterGetData(device);
    ext->WdfDevice = device;

    WdfWaitLockAcquire(g_FilterDevicesLock, NULL);
    status = WdfCollectionAdd(g_FilterDevices, device);
    if (NT_SUCCESS(status)) {
        ext->InCollection = TRUE;
        g_Stats.AttachedKeyboards++;
    }
    WdfWaitLockRelease(g_FilterDevicesLock);
    if (!NT_SUCCESS(status)) {
        KF_LOG("WdfCollectionAdd failed 0x%x", status);
        return status;
    }

    /* only internal IOCTLs are seen here; everything else is forwarded */
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoInternalDeviceControl = KfEvtIoInternalDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KF_LOG("WdfIoQueueCreate failed 0x%x", status);
        return status;
    }

    status = KfCreateControlDevice(device);
    if (!NT_SUCCESS(status)) {
        /* the filter keeps working without the sideband device */
        KF_LOG("no control device (0x%x), continuing", status);
        status = STATUS_SUCCESS;
    }

    return status;
}

VOID
KfEvtDeviceCleanup(_In_ WDFOBJECT Device)
{
    ULONG count;
    PFILTER_EXTENSION ext = FilterGetData((WDFDEVICE)Device);

    PAGED_CODE();

    if (!ext->InCollection) {
        return;
    }

    WdfWaitLockAcquire(g_FilterDevicesLock, NULL);

    count = WdfCollectionGetCount(g_FilterDevices);
    if (count == 1) {
        /* last keyboard is leaving: the control device has to go too */
        KfDeleteControlDevice();
    }
    WdfCollectionRemove(g_FilterDevices, Device);
    ext->InCollection = FALSE;
    g_Stats.AttachedKeyboards--;

    WdfWaitLockRelease(g_FilterDevicesLock);
}

VOID
KfEvtIoInternalDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    PFILTER_EXTENSION ext = FilterGetData(device);
    WDF_REQUEST_SEND_OPTIONS options;
    PCONNECT_DATA connectData;
    NTSTATUS status = STATUS_SUCCESS;
    size_t length;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_INTERNAL_KEYBOARD_CONNECT:
        if (ext->Connected) {
            status = STATUS_SHARING_VIOLATION;
            break;
        }
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(CONNECT_DATA), (PVOID *)&connectData, &length);
        if (!NT_SUCCESS(status)) {
            break;
        }
        ext->UpperConnectData = *connectData;
        connectData->ClassDeviceObject = WdfDeviceWdmGetDeviceObject(device);
#pragma warning(disable:4152)
        connectData->ClassService = KfServiceCallback;
#pragma warning(default:4152)
        ext->Connected = TRUE;
        break;

    case IOCTL_INTERNAL_KEYBOARD_DISCONNECT:
        status = STATUS_NOT_IMPLEMENTED;
        break;

    default:
        break;
    }

    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);
    if (!WdfRequestSend(Request, WdfDeviceGetIoTarget(device), &options)) {
        status = WdfRequestGetStatus(Request);
        KF_LOG("WdfRequestSend failed 0x%x", status);
        WdfRequestComplete(Request, status);
    }
}

static VOID
KfServiceCallback(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PKEYBOARD_INPUT_DATA InputDataStart,
    _In_ PKEYBOARD_INPUT_DATA InputDataEnd,
    _Inout_ PULONG InputDataConsumed
    )
{
    WDFDEVICE device = WdfWdmDeviceGetWdfDeviceHandle(DeviceObject);
    PFILTER_EXTENSION ext = FilterGetData(device);
    PKEYBOARD_INPUT_DATA p;

    for (p = InputDataStart; p < InputDataEnd; p++) {
        if (p->Flags & KEY_BREAK) {
            InterlockedIncrement64(&g_Stats.KeyUps);
        } else {
            InterlockedIncrement64(&g_Stats.KeyDowns);
        }
    }

    (*(PSERVICE_CALLBACK_ROUTINE)(ULONG_PTR)ext->UpperConnectData.ClassService)(
        ext->UpperConnectData.ClassDeviceObject,
        InputDataStart,
        InputDataEnd,
        InputDataConsumed);
}
