/*
 * tick.c - a legacy driver that samples the interrupt time once a second
 * from a periodic timer's DPC into a ring allocated in DriverEntry. The
 * unload routine frees the ring first and cancels the timer after it: the
 * DPC may fire in between and write into freed pool (DE022).
 */

#include <ntddk.h>

#define TICK_TAG 'kciT'
#define TICK_SLOTS 64

static KTIMER g_TickTimer;
static KDPC g_TickDpc;
static PULONGLONG g_TickRing;
static LONG g_TickCount;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TickUnload;
KDEFERRED_ROUTINE TickDpc;

VOID
TickDpc(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID Context,
    _In_opt_ PVOID Argument1,
    _In_opt_ PVOID Argument2
    )
{
    LONG n;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Argument1);
    UNREFERENCED_PARAMETER(Argument2);
    n = InterlockedIncrement(&g_TickCount);
    g_TickRing[n % TICK_SLOTS] = KeQueryInterruptTime();
}

VOID
TickUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    ExFreePoolWithTag(g_TickRing, TICK_TAG); // expect: DE022
    KeCancelTimer(&g_TickTimer);
    KeFlushQueuedDpcs();
}

NTSTATUS
DriverEntry( // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    LARGE_INTEGER due;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_TickRing = (PULONGLONG)ExAllocatePool2(POOL_FLAG_NON_PAGED, TICK_SLOTS * sizeof(ULONGLONG), TICK_TAG);
    if (g_TickRing == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeTimerEx(&g_TickTimer, NotificationTimer);
    KeInitializeDpc(&g_TickDpc, TickDpc, NULL);
    due.QuadPart = -10 * 1000 * 1000;
    KeSetTimerEx(&g_TickTimer, due, 1000, &g_TickDpc);

    DriverObject->DriverUnload = TickUnload;
    return STATUS_SUCCESS;
}
