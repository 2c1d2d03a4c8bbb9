/*
 * proclog - logs process and thread creation to a file
 *
 * link with /INTEGRITYCHECK or PsSetCreateProcessNotifyRoutineEx returns
 * STATUS_ACCESS_DENIED.
 */
#include "proclog.h"

PDEVICE_OBJECT  g_PlDevice = NULL;
HANDLE          g_hLogFile = NULL;
volatile LONG   g_PendingWork = 0;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PlUnload;

static ULONG g_ProcCount = 0;

static VOID
PlProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        InterlockedIncrement((volatile LONG *)&g_ProcCount);
        if (CreateInfo->ImageFileName != NULL) {
            PlQueueLine("+P %6Iu ppid=%6Iu %wZ\r\n",
                        (ULONG_PTR)ProcessId,
                        (ULONG_PTR)CreateInfo->ParentProcessId,
                        CreateInfo->ImageFileName);
        } else {
            PlQueueLine("+P %6Iu ppid=%6Iu <noname>\r\n",
                        (ULONG_PTR)ProcessId,
                        (ULONG_PTR)CreateInfo->ParentProcessId);
        }
    } else {
        PlQueueLine("-P %6Iu\r\n", (ULONG_PTR)ProcessId);
    }
}

static VOID
PlThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
#if PL_LOG_THREADS
    PlQueueLine("%cT %6Iu pid=%6Iu\r\n",
                Create ? '+' : '-',
                (ULONG_PTR)ThreadId,
                (ULONG_PTR)ProcessId);
#else
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ThreadId);
    UNREFERENCED_PARAMETER(Create);
#endif
}

static VOID
PlWaitForWork(VOID)
{
    LARGE_INTEGER delay;

    delay.QuadPart = -10 * 1000 * 50;   /* 50ms */
    while (InterlockedCompareExchange(&g_PendingWork, 0, 0) != 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }
}

VOID
PlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PLPRINT(("proclog: unload, %lu processes seen\n", g_ProcCount));

    PlCloseLogFile();

    PsSetCreateProcessNotifyRoutineEx(PlProcessNotify, TRUE);
    PsRemoveCreateThreadNotifyRoutine(PlThreadNotify);

    PlWaitForWork();

    IoDeleteDevice(g_PlDevice);
    g_PlDevice = NULL;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING devName;

    UNREFERENCED_PARAMETER(RegistryPath);

    KdPrint(("proclog: DriverEntry\n"));

    /* the device object is only here so we can use IoAllocateWorkItem */
    RtlInitUnicodeString(&devName, PL_DEVICE_NAME);
    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_PlDevice);
    if (!NT_SUCCESS(status)) {
        PLPRINT(("proclog: IoCreateDevice 0x%08X\n", status));
        return status;
    }

    status = PlOpenLogFile();
    if (!NT_SUCCESS(status)) {
        goto fail_device;
    }

    status = PsSetCreateProcessNotifyRoutineEx(PlProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        PLPRINT(("proclog: PsSetCreateProcessNotifyRoutineEx 0x%08X (INTEGRITYCHECK?)\n", status));
        goto fail_file;
    }

    status = PsSetCreateThreadNotifyRoutine(PlThreadNotify);
    if (!NT_SUCCESS(status)) {
        PLPRINT(("proclog: PsSetCreateThreadNotifyRoutine 0x%08X\n", status));
        goto fail_file;
    }

    DriverObject->DriverUnload = PlUnload;

    PlQueueLine("proclog started\r\n");
    PLPRINT(("proclog: loaded\n"));
    return STATUS_SUCCESS;

fail_file:
    PlCloseLogFile();
    PlWaitForWork();
fail_device:
    IoDeleteDevice(g_PlDevice);
    g_PlDevice = NULL;
    return status;
}
