//
// driver.cpp - DriverEntry, filter device lifetime, connect hook
//
#include "kbfilt.h"

using namespace kbheat;

WDFCOLLECTION Filter::s_Devices     = nullptr;
WDFWAITLOCK   Filter::s_DevicesLock = nullptr;

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attrs;
    WDFDRIVER driver;

    KBF_LOG("DriverEntry %wZ", RegistryPath);

    WDF_DRIVER_CONFIG_INIT(&config, Filter::EvtDeviceAdd);
    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                                      &config, &driver);
    if (!NT_SUCCESS(status)) {
        KBF_ERR("WdfDriverCreate 0x%08X", status);
        return status;
    }

    // children of the driver object, the framework deletes them with it
    WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
    attrs.ParentObject = driver;
    status = WdfCollectionCreate(&attrs, &Filter::s_Devices);
    if (!NT_SUCCESS(status)) {
        KBF_ERR("WdfCollectionCreate 0x%08X", status);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
    attrs.ParentObject = driver;
    status = WdfWaitLockCreate(&attrs, &Filter::s_DevicesLock);
    if (!NT_SUCCESS(status)) {
        KBF_ERR("WdfWaitLockCreate 0x%08X", status);
    }
    return status;
}

NTSTATUS
Filter::EvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    WdfFdoInitSetFilter(DeviceInit);
    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_KEYBOARD);

    WDF_OBJECT_ATTRIBUTES attrs;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attrs, KBF_CONTEXT);
    attrs.EvtCleanupCallback = EvtDeviceCleanup;

    WDFDEVICE device;
    NTSTATUS status = WdfDeviceCreate(&DeviceInit, &attrs, &device);
    if (!NT_SUCCESS(status)) {
        KBF_ERR("WdfDeviceCreate 0x%08X", status);
        return status;
    }

    KBF_CONTEXT* ctx = KbfGetContext(device);
    ctx->Device = device;

    WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
    attrs.ParentObject = device;
    status = WdfSpinLockCreate(&attrs, &ctx->TableLock);
    if (!NT_SUCCESS(status)) {
        KBF_ERR("WdfSpinLockCreate 0x%08X", status);
        return status;
    }

    // the table lives exactly as long as the device; no explicit free needed
    WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
    attrs.ParentObject = device;
    status = WdfMemoryCreate(&attrs, NonPagedPoolNx, KBF_TAG, KBF_SCANCODES * sizeof(ULONG),
                             &ctx->TableMemory, (PVOID*)&ctx->Table);
    if (!NT_SUCCESS(status)) {
        KBF_ERR("WdfMemoryCreate 0x%08X", status);
        return status;
    }
    RtlZeroMemory(ctx->Table, KBF_SCANCODES * sizeof(ULONG));

    WDF_IO_QUEUE_CONFIG qcfg;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qcfg, WdfIoQueueDispatchParallel);
    qcfg.EvtIoInternalDeviceControl = EvtInternalIoctl;
    status = WdfIoQueueCreate(device, &qcfg, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KBF_ERR("WdfIoQueueCreate 0x%08X", status);
        return status;
    }

    WdfWaitLockAcquire(s_DevicesLock, nullptr);
    status = WdfCollectionAdd(s_Devices, device);
    if (NT_SUCCESS(status) && Control::s_Device == nullptr) {
        // the sideband device is optional, keyboards keep working without it
        NTSTATUS cst = Control::Create(Driver);
        if (!NT_SUCCESS(cst)) {
            KBF_ERR("control device 0x%08X, continuing without it", cst);
        }
    }
    WdfWaitLockRelease(s_DevicesLock);

    if (!NT_SUCCESS(status)) {
        KBF_ERR("WdfCollectionAdd 0x%08X", status);
    }
    return status;
}

VOID
Filter::EvtDeviceCleanup(_In_ WDFOBJECT Device)
{
    WDFDEVICE lastControl = nullptr;

    WdfWaitLockAcquire(s_DevicesLock, nullptr);
    for (ULONG i = 0, n = WdfCollectionGetCount(s_Devices); i < n; i++) {
        if (WdfCollectionGetItem(s_Devices, i) == Device) {
            WdfCollectionRemoveItem(s_Devices, i);
            break;
        }
    }
    if (WdfCollectionGetCount(s_Devices) == 0) {
        lastControl = Control::Detach();
    }
    WdfWaitLockRelease(s_DevicesLock);

    // delete outside the lock: the control queue drains first and its
    // EvtIoctl takes the same lock
    if (lastControl != nullptr) {
        WdfObjectDelete(lastControl);
    }
}

VOID
Filter::EvtInternalIoctl(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request,
                         _In_ size_t OutLen, _In_ size_t InLen, _In_ ULONG Code)
{
    UNREFERENCED_PARAMETER(OutLen);
    UNREFERENCED_PARAMETER(InLen);

    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    KBF_CONTEXT* ctx = KbfGetContext(device);

    if (Code == IOCTL_INTERNAL_KEYBOARD_CONNECT) {
        PCONNECT_DATA connect = nullptr;
        NTSTATUS status = ctx->Connected ? STATUS_SHARING_VIOLATION
                        : WdfRequestRetrieveInputBuffer(Request, sizeof(CONNECT_DATA),
                                                        (PVOID*)&connect, nullptr);
        if (!NT_SUCCESS(status)) {
            WdfRequestComplete(Request, status);
            return;
        }
        ctx->UpperConnect = *connect;
        connect->ClassDeviceObject = WdfDeviceWdmGetDeviceObject(device);
        connect->ClassService = (PVOID)ServiceCallback;
        ctx->Connected = TRUE;
    } else if (Code == IOCTL_INTERNAL_KEYBOARD_DISCONNECT) {
        WdfRequestComplete(Request, STATUS_NOT_IMPLEMENTED);
        return;
    }

    WDF_REQUEST_SEND_OPTIONS opts;
    WDF_REQUEST_SEND_OPTIONS_INIT(&opts, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);
    WdfRequestFormatRequestUsingCurrentType(Request);
    if (!WdfRequestSend(Request, WdfDeviceGetIoTarget(device), &opts)) {
        WdfRequestComplete(Request, WdfRequestGetStatus(Request));
    }
}

VOID
Filter::ServiceCallback(PDEVICE_OBJECT DeviceObject, PKEYBOARD_INPUT_DATA Start,
                        PKEYBOARD_INPUT_DATA End, PULONG Consumed)
{
    KBF_CONTEXT* ctx = KbfGetContext(WdfWdmDeviceGetWdfDeviceHandle(DeviceObject));

    WdfSpinLockAcquire(ctx->TableLock);
    for (auto p = Start; p < End; ++p) {
        if ((p->Flags & KEY_BREAK) == 0) {
            ctx->Table[p->MakeCode & (KBF_SCANCODES - 1)]++;
        }
    }
    WdfSpinLockRelease(ctx->TableLock);

    (*(PSERVICE_CALLBACK_ROUTINE)(ULONG_PTR)ctx->UpperConnect.ClassService)(
        ctx->UpperConnect.ClassDeviceObject, Start, End, Consumed);
}
