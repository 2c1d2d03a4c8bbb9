/*
 * sensorhub WDM function driver (kept for the WinPE image, which has no
 * KMDF runtime on the oldest build we still ship).
 */
#include <initguid.h>
#include "sensorhw.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DriverUnload;
DRIVER_ADD_DEVICE SensorAddDevice;
__drv_dispatchType(IRP_MJ_PNP) DRIVER_DISPATCH SensorDispatchPnp;
__drv_dispatchType(IRP_MJ_POWER) DRIVER_DISPATCH SensorDispatchPower;
__drv_dispatchType(IRP_MJ_CREATE) __drv_dispatchType(IRP_MJ_CLOSE) DRIVER_DISPATCH SensorDispatchCreateClose;
__drv_dispatchType(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH SensorDispatchIoctl;
__drv_dispatchType(IRP_MJ_SYSTEM_CONTROL) DRIVER_DISPATCH SensorDispatchPassDown;

typedef struct _SENSOR_DRIVER_EXT {
    UNICODE_STRING RegistryPath;
    ULONG          SampleCount;
} SENSOR_DRIVER_EXT, *PSENSOR_DRIVER_EXT;

typedef struct _FDO_EXTENSION {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Lower;
    PDEVICE_OBJECT Pdo;
    UNICODE_STRING InterfaceName;
    SENSOR_REGS    Regs;
    BOOLEAN        Started;
} FDO_EXTENSION, *PFDO_EXTENSION;

// {6e1b3f7c-92a4-4d0e-b5c1-0af2d9e84b37}
DEFINE_GUID(GUID_DEVINTERFACE_SENSORHUB,
    0x6e1b3f7c, 0x92a4, 0x4d0e, 0xb5, 0xc1, 0x0a, 0xf2, 0xd9, 0xe8, 0x4b, 0x37);

static PSENSOR_DRIVER_EXT
GetDriverExt(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    return (PSENSOR_DRIVER_EXT)IoGetDriverObjectExtension(DriverObject, (PVOID)DriverEntry);
}

static NTSTATUS
InitializeGlobals(
    _In_ PSENSOR_DRIVER_EXT Ext,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    RtlZeroMemory(Ext, sizeof(*Ext));

    Ext->RegistryPath.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED,
                                                     RegistryPath->Length,
                                                     SENSOR_TAG);
    if (Ext->RegistryPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Ext->RegistryPath.MaximumLength = RegistryPath->Length;
    RtlCopyUnicodeString(&Ext->RegistryPath, RegistryPath);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PSENSOR_DRIVER_EXT ext = NULL;
    NTSTATUS status;

    status = IoAllocateDriverObjectExtension(DriverObject,
                                             (PVOID)DriverEntry,
                                             sizeof(SENSOR_DRIVER_EXT),
                                             (PVOID *)&ext);

    status = InitializeGlobals(ext, RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_PNP] = SensorDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = SensorDispatchPower;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = SensorDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SensorDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SensorDispatchIoctl;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = SensorDispatchPassDown;
    DriverObject->DriverExtension->AddDevice = SensorAddDevice;
    DriverObject->DriverUnload = DriverUnload;

    return STATUS_SUCCESS;
}

VOID
DriverUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PSENSOR_DRIVER_EXT ext = GetDriverExt(DriverObject);

    if (ext != NULL) {
        KdPrint(("sensorhub(wdm): %lu samples served\n", ext->SampleCount));
        ExFreePool(ext);
    }
}

NTSTATUS
SensorAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PDEVICE_OBJECT fdo;
    PFDO_EXTENSION fx;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(FDO_EXTENSION), NULL, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    fx = (PFDO_EXTENSION)fdo->DeviceExtension;
    RtlZeroMemory(fx, sizeof(*fx));
    fx->Self = fdo;
    fx->Pdo = PhysicalDeviceObject;

    status = IoRegisterDeviceInterface(PhysicalDeviceObject, &GUID_DEVINTERFACE_SENSORHUB,
                                       NULL, &fx->InterfaceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(fdo);
        return status;
    }

    fx->Lower = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    if (fx->Lower == NULL) {
        RtlFreeUnicodeString(&fx->InterfaceName);
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }

    fdo->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static NTSTATUS
SensorStart(
    _In_ PFDO_EXTENSION Fx,
    _In_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    PCM_RESOURCE_LIST list = sl->Parameters.StartDevice.AllocatedResourcesTranslated;
    PCM_PARTIAL_RESOURCE_LIST partial;
    NTSTATUS status = STATUS_DEVICE_CONFIGURATION_ERROR;
    ULONG i;

    if (list == NULL || list->Count == 0) {
        return status;
    }

    partial = &list->List[0].PartialResourceList;
    for (i = 0; i < partial->Count; i++) {
        if (partial->PartialDescriptors[i].Type == CmResourceTypeMemory) {
            status = SensorMapRegisters(&Fx->Regs, &partial->PartialDescriptors[i]);
            break;
        }
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = SensorEnable(&Fx->Regs);
    if (!NT_SUCCESS(status)) {
        SensorUnmapRegisters(&Fx->Regs);
        return status;
    }

    (VOID)IoSetDeviceInterfaceState(&Fx->InterfaceName, TRUE);
    Fx->Started = TRUE;
    return STATUS_SUCCESS;
}

static VOID
SensorStop(
    _In_ PFDO_EXTENSION Fx
    )
{
    if (Fx->Started) {
        (VOID)IoSetDeviceInterfaceState(&Fx->InterfaceName, FALSE);
        SensorDisable(&Fx->Regs);
        SensorUnmapRegisters(&Fx->Regs);
        Fx->Started = FALSE;
    }
}

NTSTATUS
SensorDispatchPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PFDO_EXTENSION fx = (PFDO_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    switch (sl->MinorFunction) {
    case IRP_MN_START_DEVICE:
        if (IoForwardIrpSynchronously(fx->Lower, Irp) && NT_SUCCESS(Irp->IoStatus.Status)) {
            status = SensorStart(fx, Irp);
        } else {
            status = Irp->IoStatus.Status;
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;

    case IRP_MN_SURPRISE_REMOVAL:
    case IRP_MN_STOP_DEVICE:
        SensorStop(fx);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        SensorStop(fx);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(fx->Lower, Irp);
        IoDetachDevice(fx->Lower);
        RtlFreeUnicodeString(&fx->InterfaceName);
        IoDeleteDevice(DeviceObject);
        return status;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(fx->Lower, Irp);
}

NTSTATUS
SensorDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PFDO_EXTENSION fx = (PFDO_EXTENSION)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(fx->Lower, Irp);
}

NTSTATUS
SensorDispatchPassDown(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PFDO_EXTENSION fx = (PFDO_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(fx->Lower, Irp);
}

NTSTATUS
SensorDispatchCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
SensorDispatchIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PFDO_EXTENSION fx = (PFDO_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    PSENSOR_DRIVER_EXT ext = GetDriverExt(DeviceObject->DriverObject);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    if (sl->Parameters.DeviceIoControl.IoControlCode == IOCTL_SENSOR_READ) {
        if (!fx->Started) {
            status = STATUS_DEVICE_NOT_READY;
        } else if (sl->Parameters.DeviceIoControl.OutputBufferLength < sizeof(SENSOR_SAMPLE)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            SensorReadSample(&fx->Regs, (PSENSOR_SAMPLE)Irp->AssociatedIrp.SystemBuffer);
            InterlockedIncrement((volatile LONG *)&ext->SampleCount);
            info = sizeof(SENSOR_SAMPLE);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
