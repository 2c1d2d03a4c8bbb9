/*
 * filter.c - the keyboard filter device
 */
#include "kbdcount.h"

static IO_COMPLETION_ROUTINE KcReadComplete;

NTSTATUS
KcAttachFilter(PDRIVER_OBJECT DriverObject, PUNICODE_STRING Target)
{
    PDEVICE_OBJECT  filter = NULL;
    PKC_EXTENSION   ext;
    NTSTATUS        status;

    status = IoCreateDevice(DriverObject, sizeof(KC_EXTENSION), NULL,
                            FILE_DEVICE_KEYBOARD, 0, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        KC_ERROR("filter IoCreateDevice 0x%08X\n", status);
        return status;
    }

    ext = (PKC_EXTENSION)filter->DeviceExtension;
    ext->Kind        = KcKindFilter;
    ext->LowerDevice = NULL;
    filter->Flags |= DO_BUFFERED_IO;

    status = IoAttachDevice(filter, Target, &ext->LowerDevice);
    if (!NT_SUCCESS(status)) {
        KC_ERROR("IoAttachDevice(%wZ) 0x%08X\n", Target, status);
        IoDeleteDevice(filter);
        return status;
    }

    filter->DeviceType      = ext->LowerDevice->DeviceType;
    filter->Characteristics = ext->LowerDevice->Characteristics;
    filter->Flags          |= ext->LowerDevice->Flags & DO_POWER_PAGABLE;
    filter->Flags          &= ~DO_DEVICE_INITIALIZING;

    g_Kc.Filter = filter;
    KC_PRINT("attached to %wZ\n", Target);
    return STATUS_SUCCESS;
}

/*
 * Detach first so no new reads reach us, then wait for the read that is
 * parked in kbdclass (it carries our completion routine), then delete.
 */
VOID
KcDetachFilter(VOID)
{
    PKC_EXTENSION ext;
    LARGE_INTEGER interval;

    if (g_Kc.Filter == NULL) {
        return;
    }
    ext = (PKC_EXTENSION)g_Kc.Filter->DeviceExtension;

    IoDetachDevice(ext->LowerDevice);

    interval.QuadPart = -10 * 1000 * 50;
    while (InterlockedCompareExchange(&g_Kc.PendingReads, 0, 0) != 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &interval);
    }

    IoDeleteDevice(g_Kc.Filter);
    g_Kc.Filter = NULL;
}

static NTSTATUS
KcReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PKEYBOARD_INPUT_DATA keys;
    ULONG                n, i;

    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        keys = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        n    = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));
        for (i = 0; i < n; i++) {
            if ((keys[i].Flags & KEY_BREAK) == 0) {
                InterlockedIncrement(&g_Kc.Keys);
            }
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    InterlockedDecrement(&g_Kc.PendingReads);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
KcFilterDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKC_EXTENSION      ext   = (PKC_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp    = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_OBJECT     lower = ext->LowerDevice;
    NTSTATUS           status;

    switch (sp->MajorFunction) {
    case IRP_MJ_READ:
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, KcReadComplete, NULL, TRUE, TRUE, TRUE);
        InterlockedIncrement(&g_Kc.PendingReads);
        return IoCallDriver(lower, Irp);

    case IRP_MJ_POWER:
        PoStartNextPowerIrp(Irp);
        IoSkipCurrentIrpStackLocation(Irp);
        return PoCallDriver(lower, Irp);

    case IRP_MJ_PNP:
        if (sp->MinorFunction == IRP_MN_REMOVE_DEVICE) {
            KC_PRINT("keyboard removed, dropping the filter\n");
            IoSkipCurrentIrpStackLocation(Irp);
            status = IoCallDriver(lower, Irp);
            IoDetachDevice(lower);
            IoDeleteDevice(DeviceObject);
            g_Kc.Filter = NULL;
            return status;
        }
        break;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(lower, Irp);
}
