/*++

    device.c - self-managed I/O: the statistics timer

--*/

#include "driver.h"
#include "device.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text (PAGE, EchoEvtSelfManagedIoInit)
#pragma alloc_text (PAGE, EchoEvtSelfManagedIoSuspend)
#pragma alloc_text (PAGE, EchoEvtSelfManagedIoRestart)
#endif

static VOID
EchoStartStats(
    _In_ PDEVICE_CONTEXT Ctx
    )
{
    WdfTimerStart(Ctx->StatsTimer, WDF_REL_TIMEOUT_IN_MS(ECHO_STATS_PERIOD));
}

NTSTATUS
EchoEvtSelfManagedIoInit(
    _In_ WDFDEVICE Device
    )
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC!");
    EchoStartStats(DeviceGetContext(Device));
    return STATUS_SUCCESS;
}

NTSTATUS
EchoEvtSelfManagedIoRestart(
    _In_ WDFDEVICE Device
    )
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC!");
    EchoStartStats(DeviceGetContext(Device));
    return STATUS_SUCCESS;
}

NTSTATUS
EchoEvtSelfManagedIoSuspend(
    _In_ WDFDEVICE Device
    )
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC!");

    //
    // Wait = TRUE: returns only after a running timer callback finished,
    // so nothing touches the context while the device is down
    //
    WdfTimerStop(DeviceGetContext(Device)->StatsTimer, TRUE);
    return STATUS_SUCCESS;
}

VOID
EchoEvtStatsTimer(
    _In_ WDFTIMER Timer
    )
{
    WDFDEVICE device = (WDFDEVICE)WdfTimerGetParentObject(Timer);
    PDEVICE_CONTEXT ctx = DeviceGetContext(device);

    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_DEVICE,
                "stats: %d reads, %d writes, %u bytes held",
                ctx->Reads, ctx->Writes, (ULONG)ctx->BufferLength);
}
