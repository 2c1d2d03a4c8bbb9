/*
 *  thermo.c -- DriverEntry, AddDevice, unload and the simple dispatchers
 */
#include "thermo.h"

THERMO_GLOBALS ThermoGlobals;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, ThermoAddDevice)
#pragma alloc_text(PAGE, ThermoUnload)
#endif

static NTSTATUS
ThermoReadSettings(
    _Out_ PULONG Rate
    )
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG defRate = THERMO_DEFAULT_RATE;

    *Rate = THERMO_DEFAULT_RATE;
    RtlZeroMemory(table, sizeof(table));

    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name          = L"SampleRate";
    table[0].EntryContext  = Rate;
    table[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData   = &defRate;
    table[0].DefaultLength = sizeof(ULONG);

    return RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                  ThermoGlobals.ServiceKey.Buffer,
                                  table, NULL, NULL);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    ULONG i;

    TLOG(("DriverEntry %wZ\n", RegistryPath));

    // keep the service key around, AddDevice reads SampleRate from it
    ThermoGlobals.ServiceKey = *RegistryPath;
    ThermoGlobals.DeviceCount = 0;

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = ThermoDispatchPassThrough;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = ThermoDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = ThermoDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ThermoDispatchIoctl;
    DriverObject->MajorFunction[IRP_MJ_PNP]            = ThermoDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = ThermoDispatchPower;

    DriverObject->DriverExtension->AddDevice = ThermoAddDevice;
    DriverObject->DriverUnload               = ThermoUnload;

    return STATUS_SUCCESS;
}

VOID
ThermoUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    // every FDO is gone by now, PnP only unloads us after the last remove
    TLOG(("Unload, %lu devices seen\n", ThermoGlobals.DeviceCount));
}

NTSTATUS
ThermoAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PDEVICE_OBJECT      fdo = NULL;
    PDEVICE_EXTENSION   ext;
    NTSTATUS            status;

    PAGED_CODE();
    TLOG(("AddDevice PDO %p\n", PhysicalDeviceObject));

    status = IoCreateDevice(DriverObject,
                            sizeof(DEVICE_EXTENSION),
                            NULL,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &fdo);
    if (!NT_SUCCESS(status)) {
        TLOG(("IoCreateDevice failed %08x\n", status));
        return status;
    }

    ext = (PDEVICE_EXTENSION)fdo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = fdo;
    ext->Pdo  = PhysicalDeviceObject;
    IoInitializeRemoveLock(&ext->RemoveLock, THERMO_TAG, 0, 0);

    if (!NT_SUCCESS(ThermoReadSettings(&ext->SampleRate)) || ext->SampleRate == 0) {
        ext->SampleRate = THERMO_DEFAULT_RATE;
    }

    status = IoRegisterDeviceInterface(PhysicalDeviceObject,
                                       &GUID_DEVINTERFACE_USBTHERMO,
                                       NULL,
                                       &ext->InterfaceName);
    if (!NT_SUCCESS(status)) {
        TLOG(("IoRegisterDeviceInterface failed %08x\n", status));
        IoDeleteDevice(fdo);
        return status;
    }

    ext->LowerDevice = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    if (ext->LowerDevice == NULL) {
        TLOG(("attach failed\n"));
        RtlFreeUnicodeString(&ext->InterfaceName);
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }

    fdo->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;

    InterlockedIncrement((LONG*)&ThermoGlobals.DeviceCount);
    TLOG(("FDO %p attached over %p, rate %lu\n", fdo, ext->LowerDevice, ext->SampleRate));

    return STATUS_SUCCESS;
}

NTSTATUS
ThermoDispatchCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status = ext->Started ? STATUS_SUCCESS : STATUS_DEVICE_NOT_READY;

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
ThermoDispatchPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->LowerDevice, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
ThermoDispatchIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    struct _URB_CONTROL_VENDOR_OR_CLASS_REQUEST urb;
    NTSTATUS status;
    ULONG_PTR info = 0;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    if (stack->Parameters.DeviceIoControl.IoControlCode != IOCTL_THERMO_READ_TEMP) {
        status = STATUS_INVALID_DEVICE_REQUEST;
    } else if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(SHORT)) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        UsbBuildVendorRequest((PURB)&urb,
                              URB_FUNCTION_VENDOR_DEVICE,
                              sizeof(urb),
                              USBD_TRANSFER_DIRECTION_IN | USBD_SHORT_TRANSFER_OK,
                              0,
                              THERMO_REQ_READ_TEMP,
                              0, 0,
                              Irp->AssociatedIrp.SystemBuffer,
                              NULL,
                              sizeof(SHORT),
                              NULL);
        status = ThermoCallUsbd(ext, (PURB)&urb);
        if (NT_SUCCESS(status)) {
            info = urb.TransferBufferLength;
        }
    }

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
