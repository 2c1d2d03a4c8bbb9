/*
 * device.c - \Device\LbrDbg, used by lbrctl.exe to pull snapshots.
 */
#include "lbrdbg.h"

typedef struct _LBR_INFO_OUT {
    ULONG   CpuCount;
    ULONG   Depth;
    ULONG   RingEntries;
    ULONG   Reserved;
} LBR_INFO_OUT;

static DRIVER_DISPATCH LbrDispatchCreateClose;
static DRIVER_DISPATCH LbrDispatchIoctl;

static NTSTATUS
LbrCompleteIrp(
    _Inout_ PIRP Irp,
    _In_ NTSTATUS Status,
    _In_ ULONG_PTR Information
    )
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS
LbrDispatchCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return LbrCompleteIrp(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS
LbrDispatchIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_LBR_GET_INFO: {
        LBR_INFO_OUT *info = (LBR_INFO_OUT *)buffer;
        if (outLen < sizeof(*info)) {
            return LbrCompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        info->CpuCount = g_Lbr.CpuCount;
        info->Depth = g_Lbr.Depth;
        info->RingEntries = LBR_RING_ENTRIES;
        info->Reserved = 0;
        return LbrCompleteIrp(Irp, STATUS_SUCCESS, sizeof(*info));
    }

    case IOCTL_LBR_READ_CPU: {
        ULONG index;
        PLBR_CPU cpu;

        if (inLen < sizeof(ULONG) || outLen < sizeof(LBR_RING)) {
            return LbrCompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        index = *(PULONG)buffer;
        if (index >= g_Lbr.CpuCount) {
            return LbrCompleteIrp(Irp, STATUS_INVALID_PARAMETER, 0);
        }
        cpu = &g_Lbr.Cpus[index];
        RtlCopyMemory(buffer, cpu->Ring, sizeof(LBR_RING));
        return LbrCompleteIrp(Irp, STATUS_SUCCESS, sizeof(LBR_RING));
    }

    case IOCTL_LBR_SNAPSHOT_NOW:
        LbrSnapshotAll(2);
        return LbrCompleteIrp(Irp, STATUS_SUCCESS, 0);

    default:
        return LbrCompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

_Use_decl_annotations_
NTSTATUS
LbrCreateControlDevice(
    PLBR_INIT_CONTEXT Context
    )
{
    UNICODE_STRING deviceName = RTL_CONSTANT_STRING(LBR_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(LBR_SYMLINK_NAME);
    PDRIVER_OBJECT driver = Context->DriverObject;
    NTSTATUS status;

    status = IoCreateDevice(driver,
                            0,
                            &deviceName,
                            FILE_DEVICE_LBRDBG,
                            FILE_DEVICE_SECURE_OPEN,
                            TRUE,
                            &g_Lbr.ControlDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Lbr.ControlDevice);
        g_Lbr.ControlDevice = NULL;
        return status;
    }
    g_Lbr.LinkCreated = TRUE;

    driver->MajorFunction[IRP_MJ_CREATE] = LbrDispatchCreateClose;
    driver->MajorFunction[IRP_MJ_CLOSE] = LbrDispatchCreateClose;
    driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = LbrDispatchIoctl;

    g_Lbr.ControlDevice->Flags |= DO_BUFFERED_IO;
    g_Lbr.ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
LbrDeleteControlDevice(
    PLBR_INIT_CONTEXT Context
    )
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(LBR_SYMLINK_NAME);

    UNREFERENCED_PARAMETER(Context);

    if (g_Lbr.LinkCreated) {
        IoDeleteSymbolicLink(&linkName);
        g_Lbr.LinkCreated = FALSE;
    }
    if (g_Lbr.ControlDevice != NULL) {
        IoDeleteDevice(g_Lbr.ControlDevice);
        g_Lbr.ControlDevice = NULL;
    }
}
