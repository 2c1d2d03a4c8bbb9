/*
 * tickdpc.c - a legacy driver that samples a counter from a periodic
 * timer's DPC into a pool buffer, and uses a second timer with no DPC as a
 * deadline it waits on. The unload routine cancels both and frees the
 * buffer the DPC writes, without waiting for a DPC already queued.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TdUnload;
KDEFERRED_ROUTINE TdTick;

#define TD_TAG 'kTdT'
#define TD_SAMPLES 64
#define TD_PERIOD_MS 250

typedef struct _TD_STATE {
    KTIMER Timer;
    KDPC Dpc;
    KTIMER Deadline;
    PULONG Samples;
    ULONG Next;
} TD_STATE;

static TD_STATE g_Td;

VOID TdTick(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    TD_STATE *state = Context;
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    state->Samples[state->Next % TD_SAMPLES] = KeQueryTimeIncrement();
    state->Next++;
}

static VOID TdStopTimers(VOID)
{
    KeCancelTimer(&g_Td.Deadline);
    KeCancelTimer(&g_Td.Timer);                 // expect: DE023
}

VOID TdUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    TdStopTimers();
    ExFreePoolWithTag(g_Td.Samples, TD_TAG);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    LARGE_INTEGER due;
    UNREFERENCED_PARAMETER(RegistryPath);

    g_Td.Samples = ExAllocatePool2(POOL_FLAG_NON_PAGED, TD_SAMPLES * sizeof(ULONG), TD_TAG);
    if (g_Td.Samples == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    g_Td.Next = 0;

    KeInitializeDpc(&g_Td.Dpc, TdTick, &g_Td);
    KeInitializeTimerEx(&g_Td.Timer, NotificationTimer);
    KeInitializeTimer(&g_Td.Deadline);

    due.QuadPart = -10LL * 1000 * TD_PERIOD_MS;
    KeSetTimerEx(&g_Td.Timer, due, TD_PERIOD_MS, &g_Td.Dpc);
    due.QuadPart = -10LL * 1000 * 1000 * 60;
    KeSetTimer(&g_Td.Deadline, due, NULL);

    DriverObject->DriverUnload = TdUnload;
    return STATUS_SUCCESS;
}
