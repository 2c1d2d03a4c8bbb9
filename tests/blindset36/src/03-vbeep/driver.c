/*
 * driver.c - DriverEntry, AddDevice, create/close/ioctl for vbeep
 */
#include <initguid.h>
#include "vbeep.h"

ULONG g_DefaultFrequency = VB_DEFAULT_FREQ;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VbAddDevice)
#pragma alloc_text(PAGE, VbUnload)
#endif

static NTSTATUS
VbReadParameters(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG freq = VB_DEFAULT_FREQ;
    ULONG defFreq = VB_DEFAULT_FREQ;
    NTSTATUS status;

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name          = L"DefaultFrequency";
    table[0].EntryContext  = &freq;
    table[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData   = &defFreq;
    table[0].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    RegistryPath->Buffer, table, NULL, NULL);
    if (NT_SUCCESS(status) && freq >= 37 && freq <= 32767) {
        g_DefaultFrequency = freq;
    }
    return status;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    VBLOG(("DriverEntry %wZ\n", RegistryPath));

    /* Parameters key is optional; defaults are fine. */
    (VOID)VbReadParameters(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = VbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = VbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = VbDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_PNP]            = VbDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = VbDispatchPower;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = VbDispatchSystemControl;

    DriverObject->DriverExtension->AddDevice = VbAddDevice;
    DriverObject->DriverUnload               = VbUnload;

    return STATUS_SUCCESS;
}

VOID
VbUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    /* All FDOs are gone by the time PnP unloads us. */
    ASSERT(DriverObject->DeviceObject == NULL);
    VBLOG(("unload\n"));
}

NTSTATUS
VbAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PDEVICE_OBJECT fdo = NULL;
    PVB_EXTENSION ext;
    NTSTATUS status;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject,
                            sizeof(VB_EXTENSION),
                            NULL,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &fdo);
    if (!NT_SUCCESS(status)) {
        VBLOG(("IoCreateDevice failed %08x\n", status));
        return status;
    }

    ext = (PVB_EXTENSION)fdo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(VB_EXTENSION));
    ext->Self = fdo;
    ext->Pdo  = PhysicalDeviceObject;
    ext->PnpState = ext->PrevPnpState = VbNotStarted;
    ext->LastTone.Frequency = g_DefaultFrequency;

    IoInitializeRemoveLock(&ext->RemoveLock, VB_TAG, 0, 0);

    status = IoRegisterDeviceInterface(PhysicalDeviceObject,
                                       &GUID_DEVINTERFACE_VBEEP,
                                       NULL,
                                       &ext->InterfaceName);
    if (!NT_SUCCESS(status)) {
        VBLOG(("IoRegisterDeviceInterface failed %08x\n", status));
        IoDeleteDevice(fdo);
        return status;
    }

    ext->LowerDevice = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    if (ext->LowerDevice == NULL) {
        VBLOG(("attach failed\n"));
        return STATUS_NO_SUCH_DEVICE;
    }

    fdo->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;

    VBLOG(("AddDevice fdo=%p lower=%p\n", fdo, ext->LowerDevice));
    return STATUS_SUCCESS;
}

NTSTATUS
VbCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVB_EXTENSION ext = (PVB_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status = STATUS_SUCCESS;

    if (ext->PnpState != VbStarted &&
        IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_CREATE) {
        status = STATUS_DEVICE_NOT_READY;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
VbDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVB_EXTENSION ext = (PVB_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    ULONG_PTR info = 0;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_VBEEP_TONE:
        if (stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(VB_TONE)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ext->LastTone = *(PVB_TONE)Irp->AssociatedIrp.SystemBuffer;
        VBLOG(("tone %lu Hz for %lu ms\n", ext->LastTone.Frequency, ext->LastTone.DurationMs));
        status = STATUS_SUCCESS;
        break;

    case IOCTL_VBEEP_QUERY:
        if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(VB_TONE)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *(PVB_TONE)Irp->AssociatedIrp.SystemBuffer = ext->LastTone;
        info = sizeof(VB_TONE);
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
