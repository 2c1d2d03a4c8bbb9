// kbdlog - my first keyboard filter: logs scan codes with DbgPrint.
// Attaches on top of \Device\KeyboardClass0 from DriverEntry (legacy style).
#include <ntddk.h>
#include <ntddkbd.h>

#define LOG(fmt, ...) DbgPrint("[kbdlog] " fmt "\n", __VA_ARGS__)

typedef struct _KBDLOG_EXT {
    PDEVICE_OBJECT LowerKbd;
} KBDLOG_EXT, *PKBDLOG_EXT;

PDEVICE_OBJECT g_FilterDevice = NULL;
volatile LONG g_PendingIrps = 0;

NTSTATUS KbdPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKBDLOG_EXT ext = (PKBDLOG_EXT)DeviceObject->DeviceExtension;
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->LowerKbd, Irp);
}

NTSTATUS KbdReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        PKEYBOARD_INPUT_DATA keys = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        ULONG n = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));
        for (ULONG i = 0; i < n; i++) {
            LOG("scan 0x%02x %s", keys[i].MakeCode, (keys[i].Flags & KEY_BREAK) ? "up" : "down");
        }
    }
    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    InterlockedDecrement(&g_PendingIrps);
    return Irp->IoStatus.Status;
}

NTSTATUS KbdRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKBDLOG_EXT ext = (PKBDLOG_EXT)DeviceObject->DeviceExtension;
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KbdReadComplete, NULL, TRUE, TRUE, TRUE);
    InterlockedIncrement(&g_PendingIrps);
    return IoCallDriver(ext->LowerKbd, Irp);
}

VOID KbdUnload(PDRIVER_OBJECT DriverObject)
{
    LARGE_INTEGER delay;
    PKBDLOG_EXT ext;

    UNREFERENCED_PARAMETER(DriverObject);

    ext = (PKBDLOG_EXT)g_FilterDevice->DeviceExtension;
    IoDetachDevice(ext->LowerKbd);

    // one read is always pending in the class driver; wait for the next key press
    delay.QuadPart = -10 * 1000 * 100; // 100 ms
    while (g_PendingIrps > 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }
    IoDeleteDevice(g_FilterDevice);
    LOG("%s", "unloaded");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING target = RTL_CONSTANT_STRING(L"\\Device\\KeyboardClass0");
    PKBDLOG_EXT ext;

    UNREFERENCED_PARAMETER(RegistryPath);
    LOG("%s", "DriverEntry");

    for (int i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = KbdPassThrough;
    DriverObject->MajorFunction[IRP_MJ_READ] = KbdRead;
    DriverObject->DriverUnload = KbdUnload;

    status = IoCreateDevice(DriverObject, sizeof(KBDLOG_EXT), NULL, FILE_DEVICE_KEYBOARD,
                            0, FALSE, &g_FilterDevice);
    if (!NT_SUCCESS(status)) {
        LOG("IoCreateDevice failed 0x%x", status);
        return status;
    }

    ext = (PKBDLOG_EXT)g_FilterDevice->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));

    status = IoAttachDevice(g_FilterDevice, &target, &ext->LowerKbd);
    if (!NT_SUCCESS(status)) {
        LOG("IoAttachDevice(%wZ) failed 0x%x", &target, status);
        return status;
    }

    g_FilterDevice->Flags |= (ext->LowerKbd->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE));
    g_FilterDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    LOG("%s", "attached to KeyboardClass0");
    return STATUS_SUCCESS;
}
