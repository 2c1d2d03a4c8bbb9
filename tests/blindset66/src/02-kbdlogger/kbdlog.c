//
// kbdlog.c - keyboard filter, sits on top of \Device\KeyboardClass0
// and remembers the last keys typed (for the macro recorder)
//
// load with: sc create kbdlog type= kernel binPath= C:\drv\kbdlog.sys
//
#include "kbdlog.h"

PDEVICE_OBJECT  g_FilterDevice = NULL;
volatile LONG   g_PendingReads = 0;

DRIVER_INITIALIZE       DriverEntry;
DRIVER_UNLOAD           KbdUnload;
DRIVER_DISPATCH         KbdPassThrough;
DRIVER_DISPATCH         KbdDispatchRead;
DRIVER_DISPATCH         KbdDispatchPower;
IO_COMPLETION_ROUTINE   KbdReadComplete;

NTSTATUS
KbdPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PKBDLOG_EXTENSION ext = (PKBDLOG_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS
KbdDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PKBDLOG_EXTENSION ext = (PKBDLOG_EXTENSION)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS
KbdReadComplete(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    PKBDLOG_EXTENSION ext = (PKBDLOG_EXTENSION)Context;
    PKEYBOARD_INPUT_DATA keys;
    ULONG n, i;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        keys = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        n = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));

        for (i = 0; i < n; i++) {
            KlRingPush(keys[i].MakeCode, keys[i].Flags);
            if (!(keys[i].Flags & KEY_BREAK)) {
                ext->KeysSeen++;
                KdLog(("[kbdlog] %s\n", KlScanCodeToName(keys[i].MakeCode,
                                                         (keys[i].Flags & KEY_E0) != 0)));
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
KbdDispatchRead(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PKBDLOG_EXTENSION ext = (PKBDLOG_EXTENSION)DeviceObject->DeviceExtension;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KbdReadComplete, ext, TRUE, TRUE, TRUE);

    InterlockedIncrement(&g_PendingReads);
    return IoCallDriver(ext->LowerDevice, Irp);
}

VOID
KbdUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    LARGE_INTEGER delay;
    PKBDLOG_EXTENSION ext;
    PDEVICE_OBJECT lower;

    UNREFERENCED_PARAMETER(DriverObject);

    KdLog(("[kbdlog] unload, %ld reads pending\n", g_PendingReads));

    if (g_FilterDevice == NULL) {
        return;
    }

    ext = (PKBDLOG_EXTENSION)g_FilterDevice->DeviceExtension;
    lower = ext->LowerDevice;
    KlRingDump();

    IoDeleteDevice(g_FilterDevice);
    IoDetachDevice(lower);
    g_FilterDevice = NULL;

    //
    // there is always one read sitting in kbdclass; it only comes back
    // when a key is pressed, so wait for it before the image goes away
    //
    delay.QuadPart = -10 * 1000 * 50;   // 50ms
    while (g_PendingReads > 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }

    KdLog(("[kbdlog] gone\n"));
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING target;
    PKBDLOG_EXTENSION ext;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    KdLog(("[kbdlog] DriverEntry\n"));

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KbdPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]  = KbdDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KbdDispatchPower;

    KlRingInit();

    status = IoCreateDevice(DriverObject,
                            sizeof(KBDLOG_EXTENSION),
                            NULL,
                            FILE_DEVICE_KEYBOARD,
                            0,
                            FALSE,
                            &g_FilterDevice);
    if (NT_SUCCESS(status)) {
        ext = (PKBDLOG_EXTENSION)g_FilterDevice->DeviceExtension;
        RtlZeroMemory(ext, sizeof(*ext));
        ext->Self = g_FilterDevice;

        RtlInitUnicodeString(&target, KBD_TARGET_NAME);
        status = IoAttachDevice(g_FilterDevice, &target, &ext->LowerDevice);
        if (NT_SUCCESS(status)) {
            g_FilterDevice->Flags &= ~DO_DEVICE_INITIALIZING;

            DriverObject->DriverUnload = KbdUnload;
            KdLog(("[kbdlog] attached over %p\n", ext->LowerDevice));
        } else {
            KdLog(("[kbdlog] IoAttachDevice failed %08x\n", status));
            IoDeleteDevice(g_FilterDevice);
            g_FilterDevice = NULL;
        }
    } else {
        KdLog(("[kbdlog] IoCreateDevice failed %08x\n", status));
    }

    return status;
}
