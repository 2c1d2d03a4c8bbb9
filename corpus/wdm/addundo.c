/*
 * addundo.c - the panel light of pnpinit.c, whose AddDevice routine also
 * registers a device interface after attaching the FDO. When that fails, it
 * undoes in reverse: it detaches the FDO from the device below, then deletes
 * it.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE PlAddDevice;
DRIVER_UNLOAD PlUnload;
_Dispatch_type_(IRP_MJ_PNP)
_Dispatch_type_(IRP_MJ_POWER)
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PlDispatch;

typedef struct _PL_EXTENSION {
    PDEVICE_OBJECT Lower;
    ULONG Level;
    UNICODE_STRING Interface;
} PL_EXTENSION, *PPL_EXTENSION;

/* {6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d} */
DEFINE_GUID(PL_INTERFACE, 0x6a1b2c3d, 0x4e5f, 0x4a6b, 0x8c, 0x7d, 0x9e, 0x0f, 0x1a, 0x2b, 0x3c, 0x4d);

NTSTATUS PlDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PPL_EXTENSION ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);

    if (stack->MajorFunction == IRP_MJ_CREATE || stack->MajorFunction == IRP_MJ_CLOSE) {
        Irp->IoStatus.Status = STATUS_SUCCESS;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_SUCCESS;
    }
    if (stack->MajorFunction == IRP_MJ_PNP && stack->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        PDEVICE_OBJECT lower = ext->Lower;
        IoSkipCurrentIrpStackLocation(Irp);
        NTSTATUS status = IoCallDriver(lower, Irp);
        RtlFreeUnicodeString(&ext->Interface);
        IoDetachDevice(lower);
        IoDeleteDevice(DeviceObject);
        return status;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

static VOID PlFinishDevice(PDEVICE_OBJECT Fdo)
{
    Fdo->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;
    Fdo->Flags &= ~DO_DEVICE_INITIALIZING;
}

NTSTATUS PlAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{
    PDEVICE_OBJECT fdo;
    PPL_EXTENSION ext;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(PL_EXTENSION), NULL, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
    if (!NT_SUCCESS(status))
        return status;
    ext = fdo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Lower = IoAttachDeviceToDeviceStack(fdo, Pdo);
    if (ext->Lower == NULL) {
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }
    status = IoRegisterDeviceInterface(Pdo, &PL_INTERFACE, NULL, &ext->Interface);
    if (!NT_SUCCESS(status)) {
        IoDetachDevice(ext->Lower);
        IoDeleteDevice(fdo);
        return status;
    }
    PlFinishDevice(fdo);
    return STATUS_SUCCESS;
}

VOID PlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_PNP] = PlDispatch;
    DriverObject->MajorFunction[IRP_MJ_POWER] = PlDispatch;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = PlDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PlDispatch;
    DriverObject->DriverExtension->AddDevice = PlAddDevice;
    DriverObject->DriverUnload = PlUnload;
    return STATUS_SUCCESS;
}
