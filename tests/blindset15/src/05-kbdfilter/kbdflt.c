/*
 * kbdflt - minimal keyboard filter that sits on top of \Device\KeyboardClass0
 * and counts / prints scan codes. Loaded as a demand-start service.
 */
#include <ntddk.h>
#include <ntddkbd.h>

#define KF_TARGET  L"\\Device\\KeyboardClass0"

typedef struct _KF_EXTENSION {
    PDEVICE_OBJECT Lower;
    BOOLEAN Removed;
} KF_EXTENSION, *PKF_EXTENSION;

static PDEVICE_OBJECT g_FilterDevice;
static volatile LONG g_PendingReads;
static volatile LONG g_KeysSeen;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KfUnload;
DRIVER_DISPATCH KfPassThrough;
DRIVER_DISPATCH KfRead;
DRIVER_DISPATCH KfPower;
DRIVER_DISPATCH KfPnp;
IO_COMPLETION_ROUTINE KfReadComplete;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KfUnload)
#endif

NTSTATUS KfPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKF_EXTENSION ext = (PKF_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS KfPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKF_EXTENSION ext = (PKF_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}

NTSTATUS KfPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKF_EXTENSION ext = (PKF_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_OBJECT lower = ext->Lower;
    NTSTATUS status;

    if (sp->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        ext->Removed = TRUE;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(lower, Irp);

        IoDetachDevice(lower);
        InterlockedExchangePointer((PVOID volatile *)&g_FilterDevice, NULL);
        IoDeleteDevice(DeviceObject);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(lower, Irp);
}

NTSTATUS KfReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        PKEYBOARD_INPUT_DATA keys = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        ULONG count = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));
        ULONG i;

        for (i = 0; i < count; i++) {
            KdPrint(("kbdflt: code=0x%02X %s\n", keys[i].MakeCode,
                     (keys[i].Flags & KEY_BREAK) ? "up" : "down"));
        }
        InterlockedAdd(&g_KeysSeen, (LONG)count);
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    InterlockedDecrement(&g_PendingReads);
    return Irp->IoStatus.Status;
}

NTSTATUS KfRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKF_EXTENSION ext = (PKF_EXTENSION)DeviceObject->DeviceExtension;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KfReadComplete, NULL, TRUE, TRUE, TRUE);
    InterlockedIncrement(&g_PendingReads);
    return IoCallDriver(ext->Lower, Irp);
}

VOID KfUnload(PDRIVER_OBJECT DriverObject)
{
    LARGE_INTEGER delay;
    PDEVICE_OBJECT filter;

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    filter = (PDEVICE_OBJECT)InterlockedExchangePointer((PVOID volatile *)&g_FilterDevice, NULL);
    if (filter != NULL) {
        IoDetachDevice(((PKF_EXTENSION)filter->DeviceExtension)->Lower);
    }

    /* A read is usually parked in kbdclass; it completes on the next key press. */
    delay.QuadPart = -100 * 10000LL;
    while (InterlockedCompareExchange(&g_PendingReads, 0, 0) > 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }

    if (filter != NULL) {
        IoDeleteDevice(filter);
    }
    KdPrint(("kbdflt: unloaded after %ld keys\n", g_KeysSeen));
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING target = RTL_CONSTANT_STRING(KF_TARGET);
    PDEVICE_OBJECT filter = NULL;
    PKF_EXTENSION ext;
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KfPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ] = KfRead;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KfPower;
    DriverObject->MajorFunction[IRP_MJ_PNP] = KfPnp;

    do {
        status = IoCreateDevice(DriverObject, sizeof(KF_EXTENSION), NULL,
                                FILE_DEVICE_KEYBOARD, 0, FALSE, &filter);
        if (!NT_SUCCESS(status)) {
            KdPrint(("kbdflt: IoCreateDevice 0x%08X\n", status));
            break;
        }

        ext = (PKF_EXTENSION)filter->DeviceExtension;
        RtlZeroMemory(ext, sizeof(*ext));

        status = IoAttachDevice(filter, &target, &ext->Lower);
        if (!NT_SUCCESS(status)) {
            KdPrint(("kbdflt: IoAttachDevice 0x%08X\n", status));
            IoDeleteDevice(filter);
            break;
        }

        filter->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
        filter->DeviceType = ext->Lower->DeviceType;
        filter->Characteristics = ext->Lower->Characteristics;
        filter->Flags &= ~DO_DEVICE_INITIALIZING;

        g_FilterDevice = filter;
        DriverObject->DriverUnload = KfUnload;
    } while (0);

    return status;
}
