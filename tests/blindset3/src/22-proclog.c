/*
 * proclog - appends "pid image" lines to C:\proclog.txt from a work item
 * (the notify routine itself must not do file I/O with locks held)
 */
#include <ntddk.h>
#include <ntstrsafe.h>

#define PL_TAG 'goLP'
#define PL_PRINT(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, __VA_ARGS__)

typedef struct _PL_STATE {
    PDEVICE_OBJECT Device;
    PIO_WORKITEM   Work;
    HANDLE         File;
    KSPIN_LOCK     Lock;
    LIST_ENTRY     Pending;
    volatile LONG  Queued;
    BOOLEAN        NotifyRegistered;
} PL_STATE;

typedef struct _PL_ENTRY {
    LIST_ENTRY Link;
    HANDLE     Pid;
} PL_ENTRY, *PPL_ENTRY;

static PL_STATE g_Pl;

static VOID PlWorker(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject); UNREFERENCED_PARAMETER(Context);
    PLIST_ENTRY e;
    while ((e = ExInterlockedRemoveHeadList(&g_Pl.Pending, &g_Pl.Lock)) != NULL) {
        PPL_ENTRY item = CONTAINING_RECORD(e, PL_ENTRY, Link);
        CHAR line[32];
        IO_STATUS_BLOCK iosb;
        size_t len = 0;
        RtlStringCbPrintfA(line, sizeof(line), "%p\r\n", item->Pid);
        RtlStringCbLengthA(line, sizeof(line), &len);
        ZwWriteFile(g_Pl.File, NULL, NULL, NULL, &iosb, line, (ULONG)len, NULL, NULL);
        ExFreePoolWithTag(item, PL_TAG);
    }
    InterlockedExchange(&g_Pl.Queued, 0);
}

static VOID PlNotify(PEPROCESS Process, HANDLE Pid, PPS_CREATE_NOTIFY_INFO Info)
{
    UNREFERENCED_PARAMETER(Process);
    if (Info == NULL)
        return;
    PPL_ENTRY item = (PPL_ENTRY)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(PL_ENTRY), PL_TAG);
    if (item == NULL)
        return;
    item->Pid = Pid;
    ExInterlockedInsertTailList(&g_Pl.Pending, &item->Link, &g_Pl.Lock);
    if (InterlockedCompareExchange(&g_Pl.Queued, 1, 0) == 0)
        IoQueueWorkItem(g_Pl.Work, PlWorker, DelayedWorkQueue, NULL);
}

static VOID PlTeardown(VOID)
{
    if (g_Pl.NotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(PlNotify, TRUE);
        g_Pl.NotifyRegistered = FALSE;
    }
    if (g_Pl.Work) {
        LARGE_INTEGER wait;
        PLIST_ENTRY e;
        wait.QuadPart = -10 * 1000 * 10;
        while (g_Pl.Queued)
            KeDelayExecutionThread(KernelMode, FALSE, &wait);
        IoFreeWorkItem(g_Pl.Work);   // IoFreeWorkItem waits for nothing: drained above
        g_Pl.Work = NULL;
        while ((e = ExInterlockedRemoveHeadList(&g_Pl.Pending, &g_Pl.Lock)) != NULL)
            ExFreePoolWithTag(CONTAINING_RECORD(e, PL_ENTRY, Link), PL_TAG);
    }
    if (g_Pl.File) {
        ZwClose(g_Pl.File);
        g_Pl.File = NULL;
    }
    if (g_Pl.Device) {
        IoDeleteDevice(g_Pl.Device);
        g_Pl.Device = NULL;
    }
}

static VOID PlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PlTeardown();
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status;
    UNICODE_STRING path = RTL_CONSTANT_STRING(L"\\??\\C:\\proclog.txt");
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;

    RtlZeroMemory(&g_Pl, sizeof(g_Pl));
    KeInitializeSpinLock(&g_Pl.Lock);
    InitializeListHead(&g_Pl.Pending);

    do {
        status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_Pl.Device);
        if (!NT_SUCCESS(status)) {
            g_Pl.Device = NULL;
            break;
        }

        g_Pl.Work = IoAllocateWorkItem(g_Pl.Device);
        if (g_Pl.Work == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }

        InitializeObjectAttributes(&oa, &path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
        status = ZwCreateFile(&g_Pl.File, FILE_APPEND_DATA | SYNCHRONIZE, &oa, &iosb, NULL,
                              FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF,
                              FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, NULL, 0);
        if (!NT_SUCCESS(status)) {
            g_Pl.File = NULL;
            break;
        }

        status = PsSetCreateProcessNotifyRoutineEx(PlNotify, FALSE);
        if (!NT_SUCCESS(status))
            break;
        g_Pl.NotifyRegistered = TRUE;
    } while (0);

    if (!NT_SUCCESS(status)) {
        PL_PRINT("proclog: init failed %08X\n", status);
        PlTeardown();
        return status;
    }

    DriverObject->DriverUnload = PlUnload;
    return STATUS_SUCCESS;
}
