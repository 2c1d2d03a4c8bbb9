/*
 * ledtrace.c - a KMDF driver for a USB LED bar: EvtDriverDeviceAdd traces
 * each failure and returns it, so nothing runs on an object a failed
 * create method did not make.
 */

#include <ntddk.h>
#include <wdf.h>

typedef struct _LTR_CONTEXT {
    WDFWAITLOCK Lock;
    WDFQUEUE Pending;
    ULONG Pattern;
} LTR_CONTEXT, *PLTR_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(LTR_CONTEXT, LtrGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD LtrDeviceAdd;

/* Makes the manual queue in the caller's variable; on failure it leaves
 * NULL there, which is no use of the queue that was not made. */
static NTSTATUS
LtrCreatePending(
    _In_ WDFDEVICE Device,
    _Out_ WDFQUEUE *Queue
    )
{
    WDF_IO_QUEUE_CONFIG config;
    NTSTATUS status;

    WDF_IO_QUEUE_CONFIG_INIT(&config, WdfIoQueueDispatchManual);
    status = WdfIoQueueCreate(Device, &config, WDF_NO_OBJECT_ATTRIBUTES, Queue);
    if (!NT_SUCCESS(status)) {
        *Queue = NULL;
        return status;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
LtrDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    PLTR_CONTEXT ctx;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, LTR_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ledtrace: WdfDeviceCreate failed %08x\n", status));
        return status;
    }
    ctx = LtrGetContext(device);

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfWaitLockCreate(&attributes, &ctx->Lock);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ledtrace: WdfWaitLockCreate failed %08x\n", status));
        return status;
    }
    status = LtrCreatePending(device, &ctx->Pending);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ctx->Pattern = 0x55;
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry( // expect-entry: kmdf
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;

    WDF_DRIVER_CONFIG_INIT(&config, LtrDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}
