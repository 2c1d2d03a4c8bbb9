/*
 * cpusampler - periodic timer + DPC records which CPU the DPC ran on
 * and the interrupt time, into a small ring buffer. (toy profiler)
 */
#include <ntddk.h>

#define CS_TAG   'pmSC'
#define RING_LEN 1024

typedef struct _SAMPLE {
    ULONG     Cpu;
    ULONGLONG Time;
} SAMPLE, *PSAMPLE;

KTIMER  g_Timer;
KDPC    g_Dpc;
PSAMPLE g_Ring = NULL;
volatile LONG g_Head = 0;

VOID SampleDpc(PKDPC Dpc, PVOID Ctx, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc); UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(Arg1); UNREFERENCED_PARAMETER(Arg2);
    PSAMPLE ring = g_Ring;
    if (ring == NULL)
        return;
    LONG i = InterlockedIncrement(&g_Head) % RING_LEN;
    ring[i].Cpu = KeGetCurrentProcessorNumberEx(NULL);
    ring[i].Time = KeQueryInterruptTime();
}

VOID CsUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KeCancelTimer(&g_Timer);
    KeFlushQueuedDpcs();
    DbgPrint("cpusampler: %ld samples\n", g_Head);
    ExFreePoolWithTag(g_Ring, CS_TAG);
    g_Ring = NULL;
}

static ULONG ReadPeriodMs(PUNICODE_STRING RegistryPath)
{
    ULONG period = 10, def = 10;
    RTL_QUERY_REGISTRY_TABLE q[2];
    RtlZeroMemory(q, sizeof(q));
    q[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    q[0].Name = L"PeriodMs";
    q[0].EntryContext = &period;
    q[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    q[0].DefaultData = &def;
    q[0].DefaultLength = sizeof(ULONG);
    if (!NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, q, NULL, NULL)))
        period = def;
    return (period == 0 || period > 1000) ? def : period;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    LARGE_INTEGER due;
    ULONG periodMs = ReadPeriodMs(RegistryPath);

    KeInitializeDpc(&g_Dpc, SampleDpc, NULL);
    KeInitializeTimerEx(&g_Timer, NotificationTimer);

    due.QuadPart = -10000LL * periodMs;
    KeSetTimerEx(&g_Timer, due, (LONG)periodMs, &g_Dpc);
    DbgPrint("cpusampler: timer armed, %lu ms\n", periodMs);

    g_Ring = (PSAMPLE)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(SAMPLE) * RING_LEN, CS_TAG);
    if (g_Ring == NULL) {
        DbgPrint("cpusampler: no memory for ring\n");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    DriverObject->DriverUnload = CsUnload;
    return STATUS_SUCCESS;
}
