// KmdfCounter - non-PnP KMDF driver, control device with a WDFTIMER that
// bumps a counter every 500ms. IOCTL returns the counter.

#include <ntddk.h>
#include <wdf.h>

#define IOCTL_COUNTER_GET CTL_CODE(FILE_DEVICE_UNKNOWN, 0x880, METHOD_BUFFERED, FILE_READ_ACCESS)

struct COUNTER_CTX {
    WDFTIMER Timer;
    volatile LONG Value;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(COUNTER_CTX, GetCounterCtx)

extern "C" DRIVER_INITIALIZE DriverEntry;
static EVT_WDF_DRIVER_UNLOAD CounterUnload;
static EVT_WDF_TIMER CounterTimerFunc;
static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL CounterIoctl;

static WDFDEVICE s_Device;

static VOID CounterTimerFunc(WDFTIMER Timer)
{
    WDFDEVICE dev = (WDFDEVICE)WdfTimerGetParentObject(Timer);
    InterlockedIncrement(&GetCounterCtx(dev)->Value);
}

static VOID CounterIoctl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutLen, size_t InLen, ULONG Code)
{
    UNREFERENCED_PARAMETER(OutLen);
    UNREFERENCED_PARAMETER(InLen);

    if (Code != IOCTL_COUNTER_GET) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }

    PLONG out;
    NTSTATUS status = WdfRequestRetrieveOutputBuffer(Request, sizeof(LONG), (PVOID*)&out, nullptr);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }
    *out = GetCounterCtx(WdfIoQueueGetDevice(Queue))->Value;
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(LONG));
}

static VOID CounterUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    if (s_Device) {
        WdfTimerStop(GetCounterCtx(s_Device)->Timer, TRUE);
        WdfObjectDelete(s_Device);
        s_Device = nullptr;
    }
}

static NTSTATUS CreateCounterDevice(WDFDRIVER Driver)
{
    DECLARE_CONST_UNICODE_STRING(devName, L"\\Device\\KmdfCounter");
    DECLARE_CONST_UNICODE_STRING(linkName, L"\\DosDevices\\KmdfCounter");

    NTSTATUS status;
    WDFDEVICE device = nullptr;
    WDF_OBJECT_ATTRIBUTES attrs;
    WDF_IO_QUEUE_CONFIG qc;
    WDF_TIMER_CONFIG tc;
    WDF_OBJECT_ATTRIBUTES tattrs;

    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (!init)
        return STATUS_INSUFFICIENT_RESOURCES;

    status = WdfDeviceInitAssignName(init, &devName);
    if (!NT_SUCCESS(status))
        goto FreeInit;

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attrs, COUNTER_CTX);
    status = WdfDeviceCreate(&init, &attrs, &device);
    if (!NT_SUCCESS(status))
        goto FreeInit;

    // from here on the device owns everything; deleting it cleans up children
    status = WdfDeviceCreateSymbolicLink(device, &linkName);
    if (!NT_SUCCESS(status))
        goto DeleteDevice;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchSequential);
    qc.EvtIoDeviceControl = CounterIoctl;
    status = WdfIoQueueCreate(device, &qc, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status))
        goto DeleteDevice;

    WDF_TIMER_CONFIG_INIT_PERIODIC(&tc, CounterTimerFunc, 500);
    WDF_OBJECT_ATTRIBUTES_INIT(&tattrs);
    tattrs.ParentObject = device;
    status = WdfTimerCreate(&tc, &tattrs, &GetCounterCtx(device)->Timer);
    if (!NT_SUCCESS(status))
        goto DeleteDevice;

    GetCounterCtx(device)->Value = 0;
    WdfControlFinishInitializing(device);
    WdfTimerStart(GetCounterCtx(device)->Timer, WDF_REL_TIMEOUT_IN_MS(500));

    s_Device = device;
    return STATUS_SUCCESS;

DeleteDevice:
    WdfObjectDelete(device);
    return status;

FreeInit:
    WdfDeviceInitFree(init);
    return status;
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG cfg;
    WDFDRIVER driver;

    WDF_DRIVER_CONFIG_INIT(&cfg, WDF_NO_EVENT_CALLBACK);
    cfg.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    cfg.EvtDriverUnload = CounterUnload;

    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &cfg, &driver);
    if (!NT_SUCCESS(status))
        return status;

    return CreateCounterDevice(driver);
}
