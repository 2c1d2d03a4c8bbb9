//
// control.cpp - \Device\TickGen, its read queue and the tick timer
//
#include "tickgen.h"

using namespace TickGen;

WDFDEVICE   Control::s_Device = nullptr;
WDFTIMER    Control::s_Timer  = nullptr;

_Use_decl_annotations_
VOID
Control::EvtTimer(WDFTIMER Timer)
{
    UNREFERENCED_PARAMETER(Timer);

    if (!PowerWatch::Paused()) {
        Ring::Push(KeQueryInterruptTime(), TICK_KIND_TICK);
    }
}

_Use_decl_annotations_
VOID
Control::EvtIoRead(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    PTICK_ENTRY buffer = nullptr;
    size_t      size = 0;
    NTSTATUS    status;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(Length);

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(TICK_ENTRY),
                                            reinterpret_cast<PVOID*>(&buffer), &size);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    ULONG n = Ring::Drain(buffer, static_cast<ULONG>(size / sizeof(TICK_ENTRY)));
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, n * sizeof(TICK_ENTRY));
}

NTSTATUS
Control::Create(_In_ WDFDRIVER Driver)
{
    NTSTATUS                status;
    PWDFDEVICE_INIT         init;
    WDFDEVICE               device = nullptr;
    WDF_IO_QUEUE_CONFIG     queueConfig;
    WDF_TIMER_CONFIG        timerConfig;
    WDF_OBJECT_ATTRIBUTES   attributes;

    DECLARE_CONST_UNICODE_STRING(ntName, TICKGEN_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, TICKGEN_DOS_NAME);

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);
    WdfDeviceInitSetExclusive(init, FALSE);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        goto fail_device;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead    = EvtIoRead;
    queueConfig.PowerManaged = WdfFalse;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        goto fail_device;
    }

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, EvtTimer, TICKGEN_PERIOD_MS);
    timerConfig.AutomaticSerialization = FALSE;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;

    status = WdfTimerCreate(&timerConfig, &attributes, &s_Timer);
    if (!NT_SUCCESS(status)) {
        goto fail_device;
    }

    s_Device = device;
    WdfControlFinishInitializing(device);

    WdfTimerStart(s_Timer, WDF_REL_TIMEOUT_IN_MS(TICKGEN_PERIOD_MS));
    return STATUS_SUCCESS;

fail_device:
    s_Timer = nullptr;
    WdfObjectDelete(device);
    return status;
}

VOID
Control::Destroy()
{
    if (s_Timer != nullptr) {
        WdfTimerStop(s_Timer, TRUE);
        s_Timer = nullptr;
    }

    if (s_Device != nullptr) {
        WdfObjectDelete(s_Device);
        s_Device = nullptr;
    }
}
