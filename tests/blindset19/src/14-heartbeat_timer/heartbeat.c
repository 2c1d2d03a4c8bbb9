/*
 * heartbeat.c
 *
 * Periodic KTIMER + DPC, with the DPC handing the real work to an
 * IO_WORKITEM so it can run at PASSIVE_LEVEL.  The work routine keeps a
 * beat counter and notices when beats arrive late (a cheap way to spot
 * DPC latency / long stalls in a VM).  Period in ms from the PeriodMs
 * value under the service key, default 1000.
 */
#include <ntddk.h>

#define HB_DEFAULT_PERIOD_MS    1000
#define HB_MIN_PERIOD_MS        50
#define HB_LOG_EVERY            60

typedef struct _HB_CONTEXT {
    KTIMER          Timer;
    KDPC            Dpc;
    PIO_WORKITEM    WorkItem;
    KEVENT          WorkIdle;           /* signaled while no work item is in flight */
    volatile LONG   WorkQueued;
    volatile LONG   Stopping;
    ULONG           PeriodMs;
    ULONG           Beats;
    ULONG           LateBeats;
    ULONG64         LastBeat;           /* interrupt time, 100ns */
    ULONG64         WorstGap;
} HB_CONTEXT, *PHB_CONTEXT;

static HB_CONTEXT     g_Hb;
static PDEVICE_OBJECT g_HbDevice;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD HbUnload;
static KDEFERRED_ROUTINE HbDpcRoutine;
static IO_WORKITEM_ROUTINE HbWorkRoutine;

static ULONG
HbReadPeriod(_In_ PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"PeriodMs");
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    ULONG period = HB_DEFAULT_PERIOD_MS;
    ULONG got;
    struct {
        KEY_VALUE_PARTIAL_INFORMATION Info;
        ULONG                         Pad;
    } value;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    if (!NT_SUCCESS(ZwOpenKey(&key, KEY_QUERY_VALUE, &oa))) {
        return period;
    }
    if (NT_SUCCESS(ZwQueryValueKey(key, &name, KeyValuePartialInformation, &value, sizeof(value), &got)) &&
        value.Info.Type == REG_DWORD && value.Info.DataLength == sizeof(ULONG)) {
        period = *(PULONG)value.Info.Data;
        if (period < HB_MIN_PERIOD_MS) {
            period = HB_MIN_PERIOD_MS;
        }
    }
    ZwClose(key);
    return period;
}

static VOID
HbWorkRoutine(_In_ PDEVICE_OBJECT DeviceObject, _In_opt_ PVOID Context)
{
    PHB_CONTEXT hb = (PHB_CONTEXT)Context;
    ULONG64 now = KeQueryInterruptTime();
    ULONG64 gap;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (hb->LastBeat != 0) {
        gap = now - hb->LastBeat;
        if (gap > hb->WorstGap) {
            hb->WorstGap = gap;
        }
        if (gap > (ULONG64)hb->PeriodMs * 10000 * 2) {
            hb->LateBeats++;
            DbgPrint("heartbeat: late by %I64u ms\n", gap / 10000 - hb->PeriodMs);
        }
    }
    hb->LastBeat = now;
    hb->Beats++;

    if ((hb->Beats % HB_LOG_EVERY) == 0) {
        DbgPrint("heartbeat: %lu beats, %lu late, worst gap %I64u ms\n",
                 hb->Beats, hb->LateBeats, hb->WorstGap / 10000);
    }

    InterlockedExchange(&hb->WorkQueued, 0);
    KeSetEvent(&hb->WorkIdle, IO_NO_INCREMENT, FALSE);
}

static VOID
HbDpcRoutine(_In_ PKDPC Dpc, _In_opt_ PVOID DeferredContext, _In_opt_ PVOID Arg1, _In_opt_ PVOID Arg2)
{
    PHB_CONTEXT hb = (PHB_CONTEXT)DeferredContext;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);

    if (hb->Stopping) {
        return;
    }
    /* one work item at a time; if the last one is still running, skip */
    if (InterlockedCompareExchange(&hb->WorkQueued, 1, 0) == 0) {
        KeClearEvent(&hb->WorkIdle);
        IoQueueWorkItem(hb->WorkItem, HbWorkRoutine, DelayedWorkQueue, hb);
    }
}

static VOID
HbStartTimer(_In_ PHB_CONTEXT hb)
{
    LARGE_INTEGER due;

    KeInitializeTimerEx(&hb->Timer, NotificationTimer);
    KeInitializeDpc(&hb->Dpc, HbDpcRoutine, hb);

    due.QuadPart = -(LONGLONG)hb->PeriodMs * 10000;
    KeSetTimerEx(&hb->Timer, due, (LONG)hb->PeriodMs, &hb->Dpc);
}

static VOID
HbUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    InterlockedExchange(&g_Hb.Stopping, 1);

    /* let a DPC that is already running finish, then wait for its work item */
    KeFlushQueuedDpcs();
    KeWaitForSingleObject(&g_Hb.WorkIdle, Executive, KernelMode, FALSE, NULL);

    IoFreeWorkItem(g_Hb.WorkItem);
    g_Hb.WorkItem = NULL;

    IoDeleteDevice(g_HbDevice);
    g_HbDevice = NULL;

    DbgPrint("heartbeat: stopped after %lu beats (%lu late)\n", g_Hb.Beats, g_Hb.LateBeats);
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    RtlZeroMemory(&g_Hb, sizeof(g_Hb));
    g_Hb.PeriodMs = HbReadPeriod(RegistryPath);
    KeInitializeEvent(&g_Hb.WorkIdle, NotificationEvent, TRUE);

    DriverObject->DriverUnload = HbUnload;

    /* unnamed device object, only needed as the owner of the work item */
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_HbDevice);
    if (!NT_SUCCESS(status)) {
        DbgPrint("heartbeat: IoCreateDevice failed 0x%08X\n", status);
        return status;
    }

    HbStartTimer(&g_Hb);

    g_Hb.WorkItem = IoAllocateWorkItem(g_HbDevice);
    if (g_Hb.WorkItem == NULL) {
        DbgPrint("heartbeat: IoAllocateWorkItem failed\n");
        IoDeleteDevice(g_HbDevice);
        g_HbDevice = NULL;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    g_HbDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    DbgPrint("heartbeat: every %lu ms\n", g_Hb.PeriodMs);
    return STATUS_SUCCESS;
}
