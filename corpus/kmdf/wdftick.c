/*
 * wdftick.c - a non-PnP KMDF driver that samples a counter block every
 * 100 ms from a periodic framework timer parented to the driver object.
 * DriverEntry creates the spin lock and allocates the sample table before
 * it starts the timer whose callback uses them; EvtDriverUnload stops the
 * timer (waiting for a running callback) before it frees the table.
 *
 * Conforming: no DE014, no DE022.
 */

#include <ntddk.h>
#include <wdf.h>

#define TK_TAG      'kciT'
#define TK_SLOTS    64
#define TK_PERIOD   100

typedef struct _TK_GLOBALS {
    WDFTIMER    Timer;
    WDFSPINLOCK Lock;
    PULONG64    Samples;
    ULONG       Next;
} TK_GLOBALS;

static TK_GLOBALS TkGlobals;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD TkEvtDriverUnload;
EVT_WDF_TIMER TkEvtTimer;

VOID TkEvtTimer(WDFTIMER Timer)
{
    UNREFERENCED_PARAMETER(Timer);
    WdfSpinLockAcquire(TkGlobals.Lock);
    TkGlobals.Samples[TkGlobals.Next] = KeQueryInterruptTime();
    TkGlobals.Next = (TkGlobals.Next + 1) % TK_SLOTS;
    WdfSpinLockRelease(TkGlobals.Lock);
}

VOID TkEvtDriverUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    WdfTimerStop(TkGlobals.Timer, TRUE);
    ExFreePoolWithTag(TkGlobals.Samples, TK_TAG);
}

static NTSTATUS TkStartSampling(WDFDRIVER Driver)
{
    WDF_TIMER_CONFIG timerConfig;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Driver;
    status = WdfSpinLockCreate(&attributes, &TkGlobals.Lock);
    if (!NT_SUCCESS(status))
        return status;

    TkGlobals.Samples = (PULONG64)ExAllocatePool2(POOL_FLAG_NON_PAGED, TK_SLOTS * sizeof(ULONG64), TK_TAG);
    if (TkGlobals.Samples == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, TkEvtTimer, TK_PERIOD);
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Driver;
    status = WdfTimerCreate(&timerConfig, &attributes, &TkGlobals.Timer);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(TkGlobals.Samples, TK_TAG);
        return status;
    }
    WdfTimerStart(TkGlobals.Timer, WDF_REL_TIMEOUT_IN_MS(TK_PERIOD));
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: kmdf
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = TkEvtDriverUnload;
    config.DriverPoolTag = TK_TAG;
    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status))
        return status;
    return TkStartSampling(driver);
}
