// kbdlog - keyboard filter that logs scan codes (educational!)
// attaches on top of \Device\KeyboardClass0
#include <ntddk.h>
#include <ntddkbd.h>

#define KdLog(x) KdPrint(x)

typedef struct _FLT_EXT {
    PDEVICE_OBJECT Lower;
    PFILE_OBJECT   TargetFile;
    LONG           PendingIrps;
} FLT_EXT, *PFLT_EXT;

PDEVICE_OBJECT g_FilterDevice = NULL;

NTSTATUS ReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    PFLT_EXT ext = (PFLT_EXT)DeviceObject->DeviceExtension;

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        PKEYBOARD_INPUT_DATA keys = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        ULONG n = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));
        for (ULONG i = 0; i < n; i++) {
            KdLog(("kbdlog: scan 0x%02X %s\n", keys[i].MakeCode,
                   (keys[i].Flags & KEY_BREAK) ? "up" : "down"));
        }
    }
    if (Irp->PendingReturned)
        IoMarkIrpPending(Irp);
    InterlockedDecrement(&ext->PendingIrps);
    return Irp->IoStatus.Status;
}

NTSTATUS DispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFLT_EXT ext = (PFLT_EXT)DeviceObject->DeviceExtension;
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, ReadComplete, NULL, TRUE, TRUE, TRUE);
    InterlockedIncrement(&ext->PendingIrps);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS DispatchPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFLT_EXT ext = (PFLT_EXT)DeviceObject->DeviceExtension;
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

VOID KbdUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PFLT_EXT ext = (PFLT_EXT)g_FilterDevice->DeviceExtension;
    LARGE_INTEGER delay;

    delay.QuadPart = -10 * 1000 * 100; // 100ms
    // wait for the read that is always pending in the class driver
    while (ext->PendingIrps > 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }

    if (ext->TargetFile)
        ObDereferenceObject(ext->TargetFile);
    IoDeleteDevice(g_FilterDevice);
    KdLog(("kbdlog: unloaded\n"));
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status;
    UNICODE_STRING targetName = RTL_CONSTANT_STRING(L"\\Device\\KeyboardClass0");
    PFILE_OBJECT file = NULL;
    PDEVICE_OBJECT target = NULL;
    PFLT_EXT ext;

    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = DispatchPass;
    DriverObject->MajorFunction[IRP_MJ_READ] = DispatchRead;
    DriverObject->DriverUnload = KbdUnload;

    status = IoCreateDevice(DriverObject, sizeof(FLT_EXT), NULL, FILE_DEVICE_KEYBOARD,
                            0, FALSE, &g_FilterDevice);
    if (!NT_SUCCESS(status)) {
        KdLog(("kbdlog: IoCreateDevice failed %x\n", status));
        return status;
    }
    ext = (PFLT_EXT)g_FilterDevice->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));

    status = IoGetDeviceObjectPointer(&targetName, FILE_READ_DATA, &file, &target);
    if (!NT_SUCCESS(status)) {
        KdLog(("kbdlog: no keyboard class device %x\n", status));
        IoDeleteDevice(g_FilterDevice);
        return status;
    }

    ext->Lower = IoAttachDeviceToDeviceStack(g_FilterDevice, target);
    if (ext->Lower == NULL) {
        KdLog(("kbdlog: attach failed\n"));
        ObDereferenceObject(file);
        return STATUS_UNSUCCESSFUL;
    }
    ext->TargetFile = file;

    g_FilterDevice->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    g_FilterDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    KdLog(("kbdlog: attached to %wZ\n", &targetName));
    return STATUS_SUCCESS;
}
