/*
 * steps.c - the individual init / undo pairs
 */
#include "initsteps.h"

/* ---- 0: device --------------------------------------------------------- */

static NTSTATUS
StepDeviceInit(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(IS_DEVICE_NAME);
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Is.Device);
    if (NT_SUCCESS(status)) {
        g_Is.Device->Flags |= DO_BUFFERED_IO;
        g_Is.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    }
    return status;
}

static VOID
StepDeviceUndo(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_Is.Device);
    g_Is.Device = NULL;
}

/* ---- 1: symbolic link -------------------------------------------------- */

static NTSTATUS
StepLinkInit(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(IS_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(IS_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    return IoCreateSymbolicLink(&link, &name);
}

static VOID
StepLinkUndo(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(IS_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteSymbolicLink(&link);
}

/* ---- 2: record lookaside ----------------------------------------------- */

static NTSTATUS
StepPoolInit(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    ExInitializeNPagedLookasideList(&g_Is.RecordPool, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(IS_PROCESS_RECORD), IS_TAG, 0);
    KeInitializeSpinLock(&g_Is.RecordLock);
    InitializeListHead(&g_Is.Records);
    return STATUS_SUCCESS;
}

static VOID
StepPoolUndo(PDRIVER_OBJECT DriverObject)
{
    KIRQL irql;

    UNREFERENCED_PARAMETER(DriverObject);

    KeAcquireSpinLock(&g_Is.RecordLock, &irql);
    while (!IsListEmpty(&g_Is.Records)) {
        PLIST_ENTRY e = RemoveHeadList(&g_Is.Records);
        ExFreeToNPagedLookasideList(&g_Is.RecordPool,
                                    CONTAINING_RECORD(e, IS_PROCESS_RECORD, Link));
    }
    KeReleaseSpinLock(&g_Is.RecordLock, irql);
    ExDeleteNPagedLookasideList(&g_Is.RecordPool);
}

/* ---- 3: process notify ------------------------------------------------- */

static VOID
OnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    KIRQL irql;

    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        PIS_PROCESS_RECORD rec = (PIS_PROCESS_RECORD)
            ExAllocateFromNPagedLookasideList(&g_Is.RecordPool);
        InterlockedIncrement(&g_Is.Counters.ProcessesStarted);
        if (rec == NULL) {
            return;
        }
        rec->ProcessId = ProcessId;
        rec->ParentId = CreateInfo->ParentProcessId;
        KeAcquireSpinLock(&g_Is.RecordLock, &irql);
        InsertTailList(&g_Is.Records, &rec->Link);
        KeReleaseSpinLock(&g_Is.RecordLock, irql);
    } else {
        PLIST_ENTRY e;
        PIS_PROCESS_RECORD found = NULL;

        InterlockedIncrement(&g_Is.Counters.ProcessesExited);
        KeAcquireSpinLock(&g_Is.RecordLock, &irql);
        for (e = g_Is.Records.Flink; e != &g_Is.Records; e = e->Flink) {
            PIS_PROCESS_RECORD rec = CONTAINING_RECORD(e, IS_PROCESS_RECORD, Link);
            if (rec->ProcessId == ProcessId) {
                RemoveEntryList(e);
                found = rec;
                break;
            }
        }
        KeReleaseSpinLock(&g_Is.RecordLock, irql);
        if (found != NULL) {
            ExFreeToNPagedLookasideList(&g_Is.RecordPool, found);
        }
    }
}

static NTSTATUS
StepProcessInit(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    return PsSetCreateProcessNotifyRoutineEx(OnProcess, FALSE);
}

static VOID
StepProcessUndo(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
}

/* ---- 4: thread notify -------------------------------------------------- */

static VOID
OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ThreadId);

    if (Create) {
        InterlockedIncrement(&g_Is.Counters.ThreadsStarted);
    } else {
        InterlockedIncrement(&g_Is.Counters.ThreadsExited);
    }
}

static NTSTATUS
StepThreadInit(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    return PsSetCreateThreadNotifyRoutineEx(PsCreateThreadNotifyNonSystem, (PVOID)OnThread);
}

static VOID
StepThreadUndo(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PsRemoveCreateThreadNotifyRoutine(OnThread);
}

/* ---- the table ---------------------------------------------------------- */

const IS_STEP g_Steps[] = {
    { "device",         StepDeviceInit,  StepDeviceUndo  },
    { "symbolic link",  StepLinkInit,    StepLinkUndo    },
    { "record pool",    StepPoolInit,    StepPoolUndo    },
    { "process notify", StepProcessInit, StepProcessUndo },
    { "thread notify",  StepThreadInit,  StepThreadUndo  },
};

const ULONG g_StepCount = RTL_NUMBER_OF(g_Steps);
