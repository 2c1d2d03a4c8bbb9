/*
 * Driver.cpp - ProcMonLite
 *
 * Poor man's Process Monitor: process + thread create/exit go into a ring
 * buffer, pmlite.exe polls IOCTL_PM_GET_EVENTS every 500 ms.
 *
 * Chapter 9 of the book, but KMDF instead of WDM because I wanted to learn
 * it, and WPP because DbgView got too noisy.
 */
#include "Driver.h"
#include "Driver.tmh"

using namespace pm;

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG     config;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDRIVER             driver;
    NTSTATUS              status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    // WPP_CLEANUP happens in the driver object's cleanup callback
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = PmEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload  = PmEvtDriverUnload;
    config.DriverPoolTag    = PM_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate failed %!STATUS!", status);
        return status;
    }

    //
    // From here on a failure deletes the WDFDRIVER, which runs the cleanup
    // callback; only the non-WDF stuff has to be undone by hand.
    //
    status = EventBuffer::Initialize(PM_MAX_EVENTS);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "EventBuffer::Initialize failed %!STATUS!", status);
        return status;
    }

    status = PmCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "PmCreateControlDevice failed %!STATUS!", status);
        EventBuffer::Destroy();
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER,
                    "PsSetCreateProcessNotifyRoutineEx failed %!STATUS! (/INTEGRITYCHECK?)", status);
        EventBuffer::Destroy();
        return status;
    }

    status = PsSetCreateThreadNotifyRoutine(OnThreadNotify);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "PsSetCreateThreadNotifyRoutine failed %!STATUS!", status);
        PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE);
        EventBuffer::Destroy();
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Exit, all good");
    return STATUS_SUCCESS;
}

VOID
PmEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    // free the buffer first so nothing new gets queued for a client that
    // can't read it anymore
    EventBuffer::Destroy();

    PsRemoveCreateThreadNotifyRoutine(OnThreadNotify);
    PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Exit");
}

VOID
PmEvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    WPP_CLEANUP(WdfDriverWdmGetDriverObject(static_cast<WDFDRIVER>(DriverObject)));
}

NTSTATUS
PmCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    DECLARE_CONST_UNICODE_STRING(ntName, PM_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, PM_DOS_NAME);

    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE           device = nullptr;
    NTSTATUS            status;

    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreate failed %!STATUS!", status);
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreateSymbolicLink failed %!STATUS!", status);
        WdfObjectDelete(device);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = PmEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfIoQueueCreate failed %!STATUS!", status);
        WdfObjectDelete(device);
        return status;
    }

    WdfControlFinishInitializing(device);
    return STATUS_SUCCESS;
}

VOID
PmEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(InputBufferLength);

    NTSTATUS  status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info   = 0;

    if (IoControlCode == IOCTL_PM_GET_EVENTS) {
        PM_EVENT* out = nullptr;
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(PM_EVENT), reinterpret_cast<PVOID*>(&out), nullptr);
        if (NT_SUCCESS(status)) {
            ULONG n = EventBuffer::Pop(out, static_cast<ULONG>(OutputBufferLength / sizeof(PM_EVENT)));
            info = static_cast<ULONG_PTR>(n) * sizeof(PM_EVENT);
        }
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
