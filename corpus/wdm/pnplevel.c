/*
 * pnplevel.c - the panel light of pnpinit.c, whose AddDevice routine also
 * reads the light's starting level through a registry query table: the
 * table entry's Flags (`table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | ...`)
 * are the query's, not a device object's. The helper that finishes the FDO
 * clears DO_DEVICE_INITIALIZING last. Conforming: no WDM014.
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
} PL_EXTENSION, *PPL_EXTENSION;

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
        IoDetachDevice(lower);
        IoDeleteDevice(DeviceObject);
        return status;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

static VOID PlReadLevel(PPL_EXTENSION Ext)
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG level = 50;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"StartLevel";
    table[0].EntryContext = &level;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;
    if (NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"PanelLight\\Parameters", table, NULL, NULL)) &&
        level <= 100) {
        Ext->Level = level;
    } else {
        Ext->Level = 50;
    }
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
    PlReadLevel(ext);
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
