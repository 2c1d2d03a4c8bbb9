/*
 * sfilter.c - DriverEntry, unload and IRP dispatch for VolTap
 */
#include "voltap.h"

VT_GLOBALS g_Vt;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     VtUnload;
DRIVER_DISPATCH   VtPassThrough;
DRIVER_DISPATCH   VtCreate;
DRIVER_DISPATCH   VtDeviceControl;

static NTSTATUS
VtCompleteCdo(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
VtPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVT_EXTENSION ext = (PVT_EXTENSION)DeviceObject->DeviceExtension;

    if (!VT_IS_FILTER(DeviceObject)) {
        /* the CDO only supports open/close/ioctl */
        PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
        if (sp->MajorFunction == IRP_MJ_CLEANUP || sp->MajorFunction == IRP_MJ_CLOSE) {
            return VtCompleteCdo(Irp, STATUS_SUCCESS, 0);
        }
        return VtCompleteCdo(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->AttachedTo, Irp);
}

NTSTATUS
VtCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVT_EXTENSION ext = (PVT_EXTENSION)DeviceObject->DeviceExtension;

    if (!VT_IS_FILTER(DeviceObject)) {
        return VtCompleteCdo(Irp, STATUS_SUCCESS, FILE_OPENED);
    }

    InterlockedIncrement(&ext->Creates);
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->AttachedTo, Irp);
}

NTSTATUS
VtDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp;
    PVT_COUNT out;
    ULONG room, n = 0, i;
    KIRQL irql;

    if (VT_IS_FILTER(DeviceObject)) {
        return VtPassThrough(DeviceObject, Irp);
    }

    sp = IoGetCurrentIrpStackLocation(Irp);
    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_VT_GET_COUNTS) {
        return VtCompleteCdo(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }

    out = (PVT_COUNT)Irp->AssociatedIrp.SystemBuffer;
    room = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(VT_COUNT);

    KeAcquireSpinLock(&g_Vt.FilterLock, &irql);
    for (i = 0; i < g_Vt.FilterCount && n < room; i++) {
        PDEVICE_OBJECT f = g_Vt.Filters[i];
        if (f != NULL) {
            PVT_EXTENSION fx = (PVT_EXTENSION)f->DeviceExtension;
            out[n].Drive = fx->Drive;
            out[n].Creates = fx->Creates;
            n++;
        }
    }
    KeReleaseSpinLock(&g_Vt.FilterLock, irql);

    return VtCompleteCdo(Irp, STATUS_SUCCESS, n * sizeof(VT_COUNT));
}

/*
 * Shared by unload and by the failure path of DriverEntry.
 */
static VOID
VtTeardown(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(VT_LINK_NAME);

    VtDetachAll();

    if (g_Vt.FastIo != NULL) {
        DriverObject->FastIoDispatch = NULL;
        VtFreeFastIo(g_Vt.FastIo);
        g_Vt.FastIo = NULL;
    }
    if (g_Vt.LinkUp) {
        IoDeleteSymbolicLink(&link);
        g_Vt.LinkUp = FALSE;
    }
    if (g_Vt.ControlDevice != NULL) {
        IoDeleteDevice(g_Vt.ControlDevice);
        g_Vt.ControlDevice = NULL;
    }
}

VOID
VtUnload(PDRIVER_OBJECT DriverObject)
{
    LARGE_INTEGER delay;

    VtTeardown(DriverObject);

    /* give in-flight IRPs a moment to leave our dispatch routines */
    delay.QuadPart = -10 * 1000 * 1000;
    KeDelayExecutionThread(KernelMode, FALSE, &delay);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING cdoName = RTL_CONSTANT_STRING(VT_CDO_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(VT_LINK_NAME);
    PCWSTR drives = VT_DRIVES;
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Vt, sizeof(g_Vt));
    KeInitializeSpinLock(&g_Vt.FilterLock);

    status = IoCreateDevice(DriverObject, sizeof(VT_EXTENSION), &cdoName,
                            FILE_DEVICE_DISK_FILE_SYSTEM, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &g_Vt.ControlDevice);
    if (!NT_SUCCESS(status)) {
        VT_PRINT("CDO create failed 0x%08X", status);
        return status;
    }
    RtlZeroMemory(g_Vt.ControlDevice->DeviceExtension, sizeof(VT_EXTENSION));
    ((PVT_EXTENSION)g_Vt.ControlDevice->DeviceExtension)->Kind = VtControl;
    g_Vt.ControlDevice->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &cdoName);
    if (!NT_SUCCESS(status)) {
        VT_PRINT("link failed 0x%08X", status);
        goto Fail;
    }
    g_Vt.LinkUp = TRUE;

    /* every IRP goes down unless we care about it */
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = VtPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = VtCreate;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = VtDeviceControl;

    g_Vt.FastIo = VtAllocFastIo();
    if (g_Vt.FastIo == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Fail;
    }
    DriverObject->FastIoDispatch = g_Vt.FastIo;

    g_Vt.ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    /* any drive that is missing or refuses us is skipped */
    for (i = 0; drives[i] != L'\0' && g_Vt.FilterCount < VT_MAX_VOLUMES; i++) {
        PDEVICE_OBJECT filter;
        NTSTATUS attachStatus;
        KIRQL irql;

        if (!VtAttachToDrive(DriverObject, drives[i], &filter, &attachStatus)) {
            VT_PRINT("%wc: not attached (0x%08X)", drives[i], attachStatus);
            continue;
        }
        KeAcquireSpinLock(&g_Vt.FilterLock, &irql);
        g_Vt.Filters[g_Vt.FilterCount++] = filter;
        KeReleaseSpinLock(&g_Vt.FilterLock, irql);
        VT_PRINT("%wc: attached", drives[i]);
    }

    if (g_Vt.FilterCount == 0) {
        VT_PRINT("no volume to filter%s", "");
        status = STATUS_NO_SUCH_DEVICE;
        goto Fail;
    }

    DriverObject->DriverUnload = VtUnload;
    return STATUS_SUCCESS;

Fail:
    VtTeardown(DriverObject);
    return status;
}
