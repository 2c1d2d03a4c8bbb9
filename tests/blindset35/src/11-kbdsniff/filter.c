/*
 * filter.c - the filter device on top of KeyboardClass0
 */
#include "kbdsniff.h"

static IO_COMPLETION_ROUTINE KsReadComplete;

#define KS_EXT(d)  ((PKS_DEVICE_EXTENSION)(d)->DeviceExtension)

NTSTATUS KsDispatchPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(KS_EXT(DeviceObject)->LowerDevice, Irp);
}

NTSTATUS KsDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(KS_EXT(DeviceObject)->LowerDevice, Irp);
}

static NTSTATUS KsReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        PKEYBOARD_INPUT_DATA keys = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        ULONG n = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));
        ULONG i;

        for (i = 0; i < n; i++) {
            if (keys[i].Flags & KEY_BREAK)
                InterlockedIncrement(&KsState.KeyUps);
            else
                InterlockedIncrement(&KsState.KeyDowns);
        }
    }

    if (Irp->PendingReturned)
        IoMarkIrpPending(Irp);

    InterlockedDecrement(&KsState.PendingReads);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS KsDispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    NTSTATUS status;

    IoCopyCurrentIrpStackLocationToNext(Irp);

    /*
     * The Ex variant keeps the driver image loaded until the routine has
     * run, which a legacy (non-PnP) filter needs to unload safely.
     */
    status = IoSetCompletionRoutineEx(DeviceObject, Irp, KsReadComplete, NULL, TRUE, TRUE, TRUE);
    if (!NT_SUCCESS(status)) {
        /* no memory: let this one go by uncounted */
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(KS_EXT(DeviceObject)->LowerDevice, Irp);
    }

    InterlockedIncrement(&KsState.PendingReads);
    return IoCallDriver(KS_EXT(DeviceObject)->LowerDevice, Irp);
}

NTSTATUS KsAttach(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING target = RTL_CONSTANT_STRING(KS_TARGET_NAME);
    PDEVICE_OBJECT filter = NULL;
    PDEVICE_OBJECT lower = NULL;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(KS_DEVICE_EXTENSION), NULL,
                            FILE_DEVICE_KEYBOARD, 0, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        KS_LOG("IoCreateDevice failed 0x%08X", status);
        return status;
    }
    KS_EXT(filter)->LowerDevice = NULL;

    status = IoAttachDevice(filter, &target, &lower);
    if (!NT_SUCCESS(status)) {
        KS_LOG("IoAttachDevice(%wZ) failed 0x%08X", &target, status);
        IoDeleteDevice(filter);
        return status;
    }
    KS_EXT(filter)->LowerDevice = lower;

    /* same I/O method and power flags as kbdclass */
    filter->Flags |= lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    filter->DeviceType = lower->DeviceType;
    filter->Characteristics = lower->Characteristics;
    filter->Flags &= ~DO_DEVICE_INITIALIZING;

    KsState.FilterDevice = filter;
    return STATUS_SUCCESS;
}

VOID KsDetach(VOID)
{
    PDEVICE_OBJECT filter = KsState.FilterDevice;
    LARGE_INTEGER delay;

    if (filter == NULL)
        return;

    /* no new IRPs reach us after this */
    IoDetachDevice(KS_EXT(filter)->LowerDevice);

    /* the read kbdclass keeps pending completes on the next keystroke */
    delay.QuadPart = -10LL * 1000 * 20;
    while (InterlockedCompareExchange(&KsState.PendingReads, 0, 0) != 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &delay);
    }

    IoDeleteDevice(filter);
    KsState.FilterDevice = NULL;
}
