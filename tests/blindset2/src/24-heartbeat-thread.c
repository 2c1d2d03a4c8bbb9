// heartbeat.sys - a worker thread that wakes every second, samples the
// interrupt time and keeps min/max jitter for a user-mode reader.
#include <ntddk.h>

#define LOG(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "heartbeat: " __VA_ARGS__)

typedef struct _HB_STATS {
    LONGLONG MinJitter;
    LONGLONG MaxJitter;
    ULONG    Ticks;
} HB_STATS;

KEVENT          g_StopEvent;
PKTHREAD        g_WorkerThread = NULL;
PDEVICE_OBJECT  g_HbDevice = NULL;
HB_STATS        g_Stats;
FAST_MUTEX      g_StatsLock;

VOID HbWorker(PVOID Context)
{
    LARGE_INTEGER period, last, now;
    LONGLONG jitter;
    UNREFERENCED_PARAMETER(Context);

    period.QuadPart = -10 * 1000 * 1000; // 1 s
    last.QuadPart = (LONGLONG)KeQueryInterruptTime();

    for (;;) {
        NTSTATUS s = KeWaitForSingleObject(&g_StopEvent, Executive, KernelMode, FALSE, &period);
        if (s != STATUS_TIMEOUT) {
            break;
        }
        now.QuadPart = (LONGLONG)KeQueryInterruptTime();
        jitter = (now.QuadPart - last.QuadPart) - 10 * 1000 * 1000;
        last = now;

        ExAcquireFastMutex(&g_StatsLock);
        if (g_Stats.Ticks == 0 || jitter < g_Stats.MinJitter) g_Stats.MinJitter = jitter;
        if (g_Stats.Ticks == 0 || jitter > g_Stats.MaxJitter) g_Stats.MaxJitter = jitter;
        g_Stats.Ticks++;
        ExReleaseFastMutex(&g_StatsLock);
    }
    LOG("worker exiting after %lu ticks\n", g_Stats.Ticks);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS HbRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG_PTR n = 0;
    NTSTATUS status = STATUS_BUFFER_TOO_SMALL;
    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.Read.Length >= sizeof(HB_STATS)) {
        ExAcquireFastMutex(&g_StatsLock);
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &g_Stats, sizeof(HB_STATS));
        ExReleaseFastMutex(&g_StatsLock);
        n = sizeof(HB_STATS);
        status = STATUS_SUCCESS;
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = n;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS HbCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID HbUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    KeSetEvent(&g_StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_WorkerThread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_WorkerThread);
    g_WorkerThread = NULL;

    IoDeleteDevice(g_HbDevice);
    LOG("unloaded\n");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    HANDLE hThread;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(L"\\Device\\Heartbeat");

    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeEvent(&g_StopEvent, NotificationEvent, FALSE);
    ExInitializeFastMutex(&g_StatsLock);
    RtlZeroMemory(&g_Stats, sizeof(g_Stats));

    status = PsCreateSystemThread(&hThread, THREAD_ALL_ACCESS, NULL, NULL, NULL, HbWorker, NULL);
    if (!NT_SUCCESS(status)) {
        LOG("PsCreateSystemThread failed %08x\n", status);
        return status;
    }
    status = ObReferenceObjectByHandle(hThread, THREAD_ALL_ACCESS, *PsThreadType, KernelMode,
                                       (PVOID*)&g_WorkerThread, NULL);
    if (!NT_SUCCESS(status)) {
        // no object pointer: stop the thread and wait on its handle instead
        KeSetEvent(&g_StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(hThread, FALSE, NULL);
        ZwClose(hThread);
        return status;
    }
    ZwClose(hThread);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_HbDevice);
    if (!NT_SUCCESS(status)) {
        LOG("IoCreateDevice failed %08x\n", status);
        return status;
    }
    g_HbDevice->Flags |= DO_BUFFERED_IO;
    g_HbDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = HbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = HbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = HbRead;
    DriverObject->DriverUnload = HbUnload;
    LOG("started\n");
    return STATUS_SUCCESS;
}
