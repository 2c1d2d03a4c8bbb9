//
// thrdpump - KMDF control device that feeds jobs to a dedicated system thread.
//
// Mostly an experiment in mixing a raw PsCreateSystemThread worker with WDF.
//
#include "pump.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

EVT_WDF_DRIVER_UNLOAD               OnUnload;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL  OnIoctl;

NTSTATUS
CreateControl(WDFDRIVER Driver)
{
    DECLARE_CONST_UNICODE_STRING(ntName,  L"\\Device\\ThrdPump");
    DECLARE_CONST_UNICODE_STRING(dosName, L"\\DosDevices\\ThrdPump");

    NTSTATUS        status;
    WDFDEVICE       device;
    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);

    if (!init) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    // anything that fails before WdfDeviceCreate owns 'init'
    auto bail = [&](NTSTATUS s) -> NTSTATUS {
        PLOG("control init failed 0x%08X", s);
        WdfDeviceInitFree(init);
        return s;
    };

    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        return bail(status);
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        return bail(status);
    }

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (NT_SUCCESS(status)) {
        WDF_IO_QUEUE_CONFIG qc;
        WDFQUEUE            queue;

        WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchParallel);
        qc.EvtIoDeviceControl = OnIoctl;
        status = WdfIoQueueCreate(device, &qc, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    }

    if (!NT_SUCCESS(status)) {
        PLOG("control setup failed 0x%08X", status);
        WdfObjectDelete(device);
        return status;
    }

    WdfControlFinishInitializing(device);
    pump::g.Control = device;
    return STATUS_SUCCESS;
}

VOID
OnIoctl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    NTSTATUS  status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info   = 0;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_PUMP_SUBMIT: {
        PUMP_JOB_IN* in;
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(*in), reinterpret_cast<PVOID*>(&in), nullptr);
        if (NT_SUCCESS(status)) {
            status = pump::Submit(*in) ? STATUS_SUCCESS : STATUS_DEVICE_BUSY;
        }
        break;
    }
    case IOCTL_PUMP_STATS: {
        PUMP_STATS_OUT* out;
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(*out), reinterpret_cast<PVOID*>(&out), nullptr);
        if (NT_SUCCESS(status)) {
            pump::LockGuard guard;
            *out = pump::g.Stats;
            out->IntervalMs = pump::g.IntervalMs;
            info = sizeof(*out);
        }
        break;
    }
    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

VOID
OnUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);

    PLOG("unload: %lu submitted / %lu completed", pump::g.Stats.Submitted, pump::g.Stats.Completed);
    pump::Stop();
}

} // anonymous namespace

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER         driver;
    NTSTATUS          status;

    PLOG("DriverEntry");

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload  = OnUnload;
    config.DriverPoolTag    = PUMP_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    // worker re-reads Parameters\IntervalMs under the service key on every idle tick
    pump::g.RegistryPath = *RegistryPath;

    status = pump::Start();
    if (!NT_SUCCESS(status)) {
        PLOG("pump start 0x%08X", status);
        return status;
    }

    status = CreateControl(driver);
    if (!NT_SUCCESS(status)) {
        pump::Stop();
        return status;
    }

    return STATUS_SUCCESS;
}
