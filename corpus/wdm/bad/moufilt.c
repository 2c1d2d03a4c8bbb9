/*
 * moufilt.c - a legacy mouse filter that swaps the buttons, in the version
 * that sets only the routines it "needs": read, PnP and power.
 *
 * BUG (WDM011): once attached on top of \Device\PointerClass0 the filter
 * receives every request sent to that stack; IRP_MJ_CREATE has no routine,
 * so the I/O manager fails every open of the mouse at the filter.
 */

#include <ntddk.h>
#include <ntddmou.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD MfUnload;
_Dispatch_type_(IRP_MJ_PNP)
_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH MfPass;
_Dispatch_type_(IRP_MJ_READ)
DRIVER_DISPATCH MfRead;
IO_COMPLETION_ROUTINE MfReadDone;

static PDEVICE_OBJECT MfLower;
static PDEVICE_OBJECT MfFilter;

NTSTATUS
MfPass(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(MfLower, Irp);
}

NTSTATUS
MfReadDone(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);
    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        PMOUSE_INPUT_DATA data = Irp->AssociatedIrp.SystemBuffer;
        ULONG n = (ULONG)(Irp->IoStatus.Information / sizeof(MOUSE_INPUT_DATA));
        for (ULONG i = 0; i < n; i++) {
            USHORT flags = data[i].ButtonFlags;
            data[i].ButtonFlags = (USHORT)((flags & ~0x000F) | ((flags & 0x3) << 2) | ((flags >> 2) & 0x3));
        }
    }
    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
MfRead(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, MfReadDone, DeviceObject, TRUE, TRUE, TRUE);
    return IoCallDriver(MfLower, Irp);
}

VOID
MfUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDetachDevice(MfLower);
    IoDeleteDevice(MfFilter);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING target = RTL_CONSTANT_STRING(L"\\Device\\PointerClass0");
    PFILE_OBJECT fileObject;
    PDEVICE_OBJECT targetDevice;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_READ] = MfRead;
    DriverObject->MajorFunction[IRP_MJ_PNP] = MfPass;
    DriverObject->MajorFunction[IRP_MJ_POWER] = MfPass;   // expect: WDM011
    DriverObject->DriverUnload = MfUnload;

    status = IoGetDeviceObjectPointer(&target, FILE_READ_DATA, &fileObject, &targetDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_MOUSE, 0, FALSE, &MfFilter);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(fileObject);
        return status;
    }
    MfLower = IoAttachDeviceToDeviceStack(MfFilter, targetDevice);
    ObDereferenceObject(fileObject);
    if (MfLower == NULL) {
        IoDeleteDevice(MfFilter);
        return STATUS_NO_SUCH_DEVICE;
    }
    MfFilter->Flags |= MfLower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    MfFilter->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
