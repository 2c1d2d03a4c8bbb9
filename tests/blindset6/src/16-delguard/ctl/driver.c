#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
#include "delguard.h"

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD DriverUnload;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtIoDeviceControl;

typedef struct _CTL_GLOBALS {
    WDFWAITLOCK Lock;
    DG_COUNTERS Counters;
    WDFDEVICE   Device;
} CTL_GLOBALS;

static CTL_GLOBALS Globals;

static NTSTATUS
InitializeGlobals(
    _In_ WDFDRIVER Driver
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;

    RtlZeroMemory(&Globals, sizeof(Globals));

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Driver;
    return WdfWaitLockCreate(&attributes, &Globals.Lock);
}

static NTSTATUS
CreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    PWDFDEVICE_INIT init;
    WDF_IO_QUEUE_CONFIG queueConfig;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(name, L"\\Device\\DelGuardCtl");
    DECLARE_CONST_UNICODE_STRING(link, L"\\DosDevices\\DelGuardCtl");

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = WdfDeviceInitAssignName(init, &name);
    CHECK_STATUS(status, FreeInit);

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &Globals.Device);
    CHECK_STATUS(status, FreeInit);

    status = WdfDeviceCreateSymbolicLink(Globals.Device, &link);
    CHECK_STATUS(status, DeleteDevice);

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = EvtIoDeviceControl;
    status = WdfIoQueueCreate(Globals.Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    CHECK_STATUS(status, DeleteDevice);

    WdfControlFinishInitializing(Globals.Device);
    return STATUS_SUCCESS;

DeleteDevice:
    WdfObjectDelete(Globals.Device);
    Globals.Device = NULL;
    return status;

FreeInit:
    if (init != NULL) {
        WdfDeviceInitFree(init);
    }
    return status;
}

VOID
EvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PDG_COUNTERS out;
    NTSTATUS status;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_DG_GET_COUNTERS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(DG_COUNTERS), (PVOID *)&out, NULL);
        if (NT_SUCCESS(status)) {
            WdfWaitLockAcquire(Globals.Lock, NULL);
            Globals.Counters.ConsoleQueries++;
            *out = Globals.Counters;
            WdfWaitLockRelease(Globals.Lock);
            info = sizeof(DG_COUNTERS);
        }
        break;

    case IOCTL_DG_RESET:
        WdfWaitLockAcquire(Globals.Lock, NULL);
        RtlZeroMemory(&Globals.Counters, sizeof(Globals.Counters));
        WdfWaitLockRelease(Globals.Lock);
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

VOID
DriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    DG_TRACE("ctl unloading after %llu console queries", Globals.Counters.ConsoleQueries);
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
    config.EvtDriverUnload = DriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    CHECK_STATUS(status, Exit);

    status = InitializeGlobals(driver);
    CHECK_STATUS(status, Exit);

    status = CreateControlDevice(driver);
    CHECK_STATUS(status, Exit);

Exit:
    return status;
}
