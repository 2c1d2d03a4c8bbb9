/*
 * filter.c - per-keyboard filter device: hook the class service callback
 * and rewrite scan codes on the way up.
 */
#include "kbremap.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, KbrEvtDeviceAdd)
#pragma alloc_text(PAGE, KbrEvtFilterCleanup)
#endif

static VOID
KbrServiceCallback(
    _In_    PDEVICE_OBJECT       DeviceObject,
    _In_    PKEYBOARD_INPUT_DATA InputDataStart,
    _In_    PKEYBOARD_INPUT_DATA InputDataEnd,
    _Inout_ PULONG               InputDataConsumed
    )
{
    WDFDEVICE device = WdfWdmDeviceGetWdfDeviceHandle(DeviceObject);
    PKBR_FILTER_CONTEXT ctx = KbrGetFilterContext(device);
    PKEYBOARD_INPUT_DATA cur;
    ULONG i;

    for (cur = InputDataStart; cur < InputDataEnd; cur++) {
        ctx->KeysSeen++;
        if (!KbrGlobals.Enabled) {
            continue;
        }
        /* table is small and only replaced whole; a torn read maps one key wrong at worst */
        for (i = 0; i < KbrGlobals.Table.Count && i < KBR_MAX_MAPPINGS; i++) {
            if (KbrGlobals.Table.Map[i].From == cur->MakeCode) {
                cur->MakeCode = KbrGlobals.Table.Map[i].To;
                ctx->KeysRemapped++;
                break;
            }
        }
    }

    (*(PSERVICE_CALLBACK_ROUTINE)(ULONG_PTR)ctx->UpperConnectData.ClassService)(
        ctx->UpperConnectData.ClassDeviceObject,
        InputDataStart,
        InputDataEnd,
        InputDataConsumed);
}

NTSTATUS
KbrEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    PKBR_FILTER_CONTEXT ctx;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WdfFdoInitSetFilter(DeviceInit);
    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_KEYBOARD);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, KBR_FILTER_CONTEXT);
    attributes.EvtCleanupCallback = KbrEvtFilterCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("kbremap: filter WdfDeviceCreate 0x%08X\n", status));
        return status;
    }

    ctx = KbrGetFilterContext(device);
    ctx->Device = device;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoInternalDeviceControl = KbrEvtInternalIoctl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InterlockedIncrement(&KbrGlobals.FilterCount);
    return STATUS_SUCCESS;
}

VOID
KbrEvtFilterCleanup(
    _In_ WDFOBJECT Object
    )
{
    UNREFERENCED_PARAMETER(Object);
    PAGED_CODE();

    /*
     * A control device keeps the driver loaded; drop it with the last
     * keyboard so the driver can unload.
     */
    if (InterlockedDecrement(&KbrGlobals.FilterCount) == 0 &&
        KbrGlobals.ControlDevice != NULL) {
        WdfObjectDelete(KbrGlobals.ControlDevice);
        KbrGlobals.ControlDevice = NULL;
    }
}

VOID
KbrEvtInternalIoctl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    PKBR_FILTER_CONTEXT ctx = KbrGetFilterContext(device);
    WDF_REQUEST_SEND_OPTIONS options;
    PCONNECT_DATA connect;
    NTSTATUS status = STATUS_SUCCESS;
    size_t length;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_INTERNAL_KEYBOARD_CONNECT:
        if (ctx->UpperConnectData.ClassService != NULL) {
            status = STATUS_SHARING_VIOLATION;
            break;
        }
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(CONNECT_DATA), (PVOID *)&connect, &length);
        if (!NT_SUCCESS(status)) {
            break;
        }
        ctx->UpperConnectData = *connect;
        connect->ClassDeviceObject = WdfDeviceWdmGetDeviceObject(device);
#pragma warning(suppress: 4152)
        connect->ClassService = KbrServiceCallback;
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
        WdfRequestComplete(Request, status);
    }
}
