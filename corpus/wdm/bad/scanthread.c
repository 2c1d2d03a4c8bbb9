/*
 * bad/scanthread.c - as scanthread.c, without the wait: DriverEntry returns
 * while the thread may not yet have read the settings in DriverEntry's
 * frame (DE015). With no wait at all, a failure after the thread started
 * also returns while it runs (DE006).
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DsUnload;
KSTART_ROUTINE DsScanThread;

typedef struct _DS_START {
    ULONG IntervalMs;
    ULONG MaxSectors;
    KEVENT Copied;
} DS_START, *PDS_START;

static KEVENT g_Stop;
static PVOID g_Thread;
static ULONG g_IntervalMs, g_MaxSectors;

VOID DsScanThread(PVOID StartContext)
{
    PDS_START start = (PDS_START)StartContext;
    LARGE_INTEGER wait;

    g_IntervalMs = start->IntervalMs;
    g_MaxSectors = start->MaxSectors;
    KeSetEvent(&start->Copied, IO_NO_INCREMENT, FALSE);

    wait.QuadPart = -10000LL * g_IntervalMs;
    while (KeWaitForSingleObject(&g_Stop, Executive, KernelMode, FALSE, &wait) == STATUS_TIMEOUT) {
        /* one pass over the first g_MaxSectors sectors */
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

VOID DsUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KeSetEvent(&g_Stop, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_Thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_Thread);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    DS_START start;
    HANDLE thread;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    KeInitializeEvent(&g_Stop, NotificationEvent, FALSE);
    start.IntervalMs = 30000;
    start.MaxSectors = 2048;
    KeInitializeEvent(&start.Copied, NotificationEvent, FALSE);

    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, DsScanThread, &start); // expect: DE015
    if (!NT_SUCCESS(status))
        return status;

    status = ObReferenceObjectByHandle(thread, THREAD_ALL_ACCESS, *PsThreadType, KernelMode, &g_Thread, NULL);
    ZwClose(thread);
    if (!NT_SUCCESS(status)) {
        KeSetEvent(&g_Stop, IO_NO_INCREMENT, FALSE);
        return status;
    }

    DriverObject->DriverUnload = DsUnload;
    return STATUS_SUCCESS;
}
