// heartbeat.sys: periodic timer + DPC that counts ticks
// just to play with KTIMER / KDPC

#include <ntddk.h>

#define HB_PERIOD_MS 1000

static KTIMER  g_Timer;
static KDPC    g_Dpc;
static volatile LONG g_Ticks;

static KDEFERRED_ROUTINE HbDpcRoutine;
static DRIVER_UNLOAD HbUnload;

static VOID HbDpcRoutine(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    LONG ticks;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);

    ticks = InterlockedIncrement(&g_Ticks);
    if ((ticks % 10) == 0) {
        DbgPrint("heartbeat: %ld\n", ticks);
    }
}

static VOID HbUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    // stop the timer first, then make sure a DPC that was already queued is done
    KeCancelTimer(&g_Timer);
    KeFlushQueuedDpcs();

    DbgPrint("heartbeat: stopped after %ld ticks\n", g_Ticks);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    LARGE_INTEGER due;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_Ticks = 0;
    KeInitializeTimerEx(&g_Timer, NotificationTimer);
    KeInitializeDpc(&g_Dpc, HbDpcRoutine, NULL);

    DriverObject->DriverUnload = HbUnload;

    due.QuadPart = -10000LL * HB_PERIOD_MS;   // relative, 100ns units
    KeSetTimerEx(&g_Timer, due, HB_PERIOD_MS, &g_Dpc);

    DbgPrint("heartbeat: started\n");
    return STATUS_SUCCESS;
}
