// rkscan-helpers.c - scanner state for the rootkit detector
#include "21-rkscan.h"

RK_SCANNER g_Scanner;

typedef struct _RK_MODULE {
    PVOID Base;
    ULONG Size;
    WCHAR Name[64];
} RK_MODULE, *PRK_MODULE;

static VOID RkScanWorker(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
    PRK_MODULE mods = (PRK_MODULE)g_Scanner.Snapshot;

    // a real scan would walk PsLoadedModuleList-like data and compare
    for (ULONG i = 0; i < g_Scanner.SnapshotCount; i++) {
        if (mods[i].Base == NULL)
            DbgPrint("rkscan: module slot %lu vanished\n", i);
    }
    InterlockedExchange(&g_Scanner.Busy, 0);
    KeSetEvent(&g_Scanner.Idle, IO_NO_INCREMENT, FALSE);
}

NTSTATUS RkInitScanner(PDEVICE_OBJECT Device)
{
    RtlZeroMemory(&g_Scanner, sizeof(g_Scanner));
    g_Scanner.Device = Device;
    KeInitializeEvent(&g_Scanner.Idle, NotificationEvent, TRUE);

    g_Scanner.Snapshot = ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                         sizeof(RK_MODULE) * RK_MAX_MODULES, RK_TAG);
    if (g_Scanner.Snapshot == NULL) {
        DbgPrint("rkscan: snapshot alloc failed\n");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    g_Scanner.WorkItem = IoAllocateWorkItem(Device);
    if (g_Scanner.WorkItem == NULL) {
        DbgPrint("rkscan: IoAllocateWorkItem failed\n");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    g_Scanner.SnapshotCount = 0;
    return STATUS_SUCCESS;
}

NTSTATUS RkQueueScan(VOID)
{
    if (InterlockedCompareExchange(&g_Scanner.Busy, 1, 0) != 0)
        return STATUS_DEVICE_BUSY;
    KeClearEvent(&g_Scanner.Idle);
    IoQueueWorkItem(g_Scanner.WorkItem, RkScanWorker, DelayedWorkQueue, NULL);
    return STATUS_PENDING;
}

VOID RkFreeScanner(VOID)
{
    KeWaitForSingleObject(&g_Scanner.Idle, Executive, KernelMode, FALSE, NULL);
    if (g_Scanner.WorkItem) {
        IoFreeWorkItem(g_Scanner.WorkItem);
        g_Scanner.WorkItem = NULL;
    }
    if (g_Scanner.Snapshot) {
        ExFreePoolWithTag(g_Scanner.Snapshot, RK_TAG);
        g_Scanner.Snapshot = NULL;
    }
}
