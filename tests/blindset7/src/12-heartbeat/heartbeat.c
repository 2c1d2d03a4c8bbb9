//
// heartbeat.c
//
// A periodic kernel timer ("heartbeat") with a DPC, plus a work item that
// does the slow part at PASSIVE_LEVEL every tenth beat. Reading \\.\Heartbeat
// returns the current HB_STATS. Made to understand timers, DPCs and
// IoQueueWorkItem before using them in the real project.
//

#include <ntddk.h>

#define HB_TAG          'tBeH'
#define HB_HISTORY      16
#define HB_PERIOD_MS    1000

typedef struct _HB_STATS {
    ULONG         Beats;
    ULONG         WorkRuns;
    LARGE_INTEGER LastBeat;
    LONGLONG      DpcLatency100ns[HB_HISTORY];
} HB_STATS, *PHB_STATS;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD HbUnload;
DRIVER_DISPATCH HbCreateClose;
DRIVER_DISPATCH HbRead;
KDEFERRED_ROUTINE HbDpc;
IO_WORKITEM_ROUTINE HbWork;

static UNICODE_STRING g_DevName  = RTL_CONSTANT_STRING(L"\\Device\\Heartbeat");
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\Heartbeat");

static PDEVICE_OBJECT g_Device;
static PHB_STATS      g_Stats;
static KSPIN_LOCK     g_StatsLock;
static KTIMER         g_Timer;
static KDPC           g_Dpc;
static PIO_WORKITEM   g_WorkItem;
static volatile LONG  g_WorkQueued;
static KEVENT         g_WorkIdle;
static LARGE_INTEGER  g_ExpectedDue;

//
// Timer DPC: runs at DISPATCH_LEVEL once per HB_PERIOD_MS.
//
VOID HbDpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    LARGE_INTEGER now;
    ULONG beats;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(DeferredContext);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    KeQuerySystemTime(&now);

    KeAcquireSpinLockAtDpcLevel(&g_StatsLock);
    beats = ++g_Stats->Beats;
    g_Stats->DpcLatency100ns[beats % HB_HISTORY] = now.QuadPart - g_ExpectedDue.QuadPart;
    g_Stats->LastBeat = now;
    g_ExpectedDue.QuadPart = now.QuadPart + (LONGLONG)HB_PERIOD_MS * 10000;
    KeReleaseSpinLockFromDpcLevel(&g_StatsLock);

    if ((beats % 10) == 0 && InterlockedCompareExchange(&g_WorkQueued, 1, 0) == 0) {
        KeClearEvent(&g_WorkIdle);
        IoQueueWorkItem(g_WorkItem, HbWork, DelayedWorkQueue, NULL);
    }
}

//
// Work item: PASSIVE_LEVEL, system thread.
//
VOID HbWork(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    KIRQL irql;
    LONGLONG worst = 0;
    ULONG i;

    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    KeAcquireSpinLock(&g_StatsLock, &irql);
    g_Stats->WorkRuns++;
    for (i = 0; i < HB_HISTORY; i++) {
        if (g_Stats->DpcLatency100ns[i] > worst) {
            worst = g_Stats->DpcLatency100ns[i];
        }
    }
    KeReleaseSpinLock(&g_StatsLock, irql);

    KdPrint(("Heartbeat: worst DPC latency in last %u beats: %I64d us\n",
             HB_HISTORY, worst / 10));

    InterlockedExchange(&g_WorkQueued, 0);
    KeSetEvent(&g_WorkIdle, IO_NO_INCREMENT, FALSE);
}

NTSTATUS HbCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS HbRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    KIRQL irql;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (stack->Parameters.Read.Length < sizeof(HB_STATS)) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        KeAcquireSpinLock(&g_StatsLock, &irql);
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, g_Stats, sizeof(HB_STATS));
        KeReleaseSpinLock(&g_StatsLock, irql);
        info = sizeof(HB_STATS);
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID HbUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    // let a running work item finish before freeing it
    KeWaitForSingleObject(&g_WorkIdle, Executive, KernelMode, FALSE, NULL);
    IoFreeWorkItem(g_WorkItem);

    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(g_Device);

    KdPrint(("Heartbeat: stopped after %u beats\n", g_Stats->Beats));
    ExFreePoolWithTag(g_Stats, HB_TAG);
    g_Stats = NULL;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    LARGE_INTEGER due;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_Stats = (PHB_STATS)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(HB_STATS), HB_TAG);
    if (g_Stats == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(g_Stats, sizeof(HB_STATS));
    KeInitializeSpinLock(&g_StatsLock);

    status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(g_Stats, HB_TAG);
        return status;
    }
    g_Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_LinkName, &g_DevName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Device);
        return status;
    }

    g_WorkItem = IoAllocateWorkItem(g_Device);
    if (g_WorkItem == NULL) {
        IoDeleteSymbolicLink(&g_LinkName);
        IoDeleteDevice(g_Device);
        ExFreePoolWithTag(g_Stats, HB_TAG);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeEvent(&g_WorkIdle, NotificationEvent, TRUE);

    DriverObject->DriverUnload = HbUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = HbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = HbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = HbRead;

    // first beat after one period, then every HB_PERIOD_MS
    KeInitializeDpc(&g_Dpc, HbDpc, NULL);
    KeInitializeTimerEx(&g_Timer, NotificationTimer);
    due.QuadPart = -(LONGLONG)HB_PERIOD_MS * 10000;
    KeQuerySystemTime(&g_ExpectedDue);
    g_ExpectedDue.QuadPart -= due.QuadPart;
    KeSetTimerEx(&g_Timer, due, HB_PERIOD_MS, &g_Dpc);

    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
