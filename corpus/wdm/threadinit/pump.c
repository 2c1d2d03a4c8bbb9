/*
 * pump.c - a legacy driver with one system thread that drains a queue of
 * jobs. The queue, its lock and the two events the thread waits on are
 * ready before PsCreateSystemThread starts the thread; the unload routine
 * signals the stop event and waits for the thread to exit.
 */

#include <ntddk.h>

typedef struct _PUMP_JOB {
    LIST_ENTRY Link;
    ULONG Kind;
} PUMP_JOB, *PPUMP_JOB;

typedef struct _PUMP_GLOBALS {
    LIST_ENTRY Queue;
    KSPIN_LOCK QueueLock;
    KEVENT StopEvent;
    KEVENT WorkEvent;
    PKTHREAD Thread;
} PUMP_GLOBALS;

static PUMP_GLOBALS g_Pump;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PumpUnload;
KSTART_ROUTINE PumpThread;

VOID
PumpThread(
    _In_ PVOID Context
    )
{
    PVOID events[2];

    UNREFERENCED_PARAMETER(Context);
    events[0] = &g_Pump.StopEvent;
    events[1] = &g_Pump.WorkEvent;
    for (;;) {
        NTSTATUS wait = KeWaitForMultipleObjects(2, events, WaitAny, Executive, KernelMode, FALSE, NULL, NULL);
        PLIST_ENTRY link;

        if (wait == STATUS_WAIT_0) {
            break;
        }
        while ((link = ExInterlockedRemoveHeadList(&g_Pump.Queue, &g_Pump.QueueLock)) != NULL) {
            ExFreePoolWithTag(CONTAINING_RECORD(link, PUMP_JOB, Link), 'pmuP');
        }
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

VOID
PumpUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    KeSetEvent(&g_Pump.StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_Pump.Thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_Pump.Thread);
}

NTSTATUS
DriverEntry( // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    HANDLE thread;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    InitializeListHead(&g_Pump.Queue);
    KeInitializeSpinLock(&g_Pump.QueueLock);
    KeInitializeEvent(&g_Pump.StopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&g_Pump.WorkEvent, SynchronizationEvent, FALSE);

    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, PumpThread, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       (PVOID *)&g_Pump.Thread, NULL);
    if (!NT_SUCCESS(status)) {
        KeSetEvent(&g_Pump.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, NULL);
        ZwClose(thread);
        return status;
    }
    ZwClose(thread);

    DriverObject->DriverUnload = PumpUnload;
    return STATUS_SUCCESS;
}
