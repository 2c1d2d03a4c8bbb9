//
// driver.c - DriverEntry, AddDevice, Unload, create/close/ioctl
//
#include <initguid.h>
#include "vsensor.h"

VS_GLOBALS g_Vs;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE VsAddDevice;
DRIVER_UNLOAD VsUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH VsDispatchCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH VsDispatchIoctl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VsAddDevice)
#pragma alloc_text(PAGE, VsUnload)
#endif

static VOID
VsReadParameters(VOID)
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG poll = VS_DEFAULT_POLL;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"PollIntervalMs";
    table[0].EntryContext = &poll;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &poll;
    table[0].DefaultLength = sizeof(ULONG);

    if (!NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE,
                                           g_Vs.RegistryPath.Buffer,
                                           table, NULL, NULL))) {
        poll = VS_DEFAULT_POLL;
    }
    g_Vs.PollIntervalMs = (poll < 50 || poll > 60000) ? VS_DEFAULT_POLL : poll;
}

NTSTATUS
VsDispatchCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVS_EXTENSION ext = (PVS_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status = STATUS_SUCCESS;

    if (IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_CREATE &&
        ext->State != VsStarted) {
        status = STATUS_DEVICE_NOT_READY;
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
VsDispatchIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVS_EXTENSION ext = (PVS_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    ULONG_PTR info = 0;
    KIRQL irql;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    if (ext->State != VsStarted) {
        status = STATUS_DEVICE_NOT_READY;
    } else if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_VS_GET_READING) {
        status = STATUS_INVALID_DEVICE_REQUEST;
    } else if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(VS_READING)) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        KeAcquireSpinLock(&ext->ReadingLock, &irql);
        *(PVS_READING)Irp->AssociatedIrp.SystemBuffer = ext->Reading;
        KeReleaseSpinLock(&ext->ReadingLock, irql);
        info = sizeof(VS_READING);
        status = STATUS_SUCCESS;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
VsAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS status;
    PDEVICE_OBJECT fdo = NULL;
    PVS_EXTENSION ext;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject, sizeof(VS_EXTENSION), NULL,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PVS_EXTENSION)fdo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = fdo;
    ext->Pdo = PhysicalDeviceObject;
    ext->State = VsStopped;
    ext->Seed = (ULONG)(ULONG_PTR)fdo;

    IoInitializeRemoveLock(&ext->RemoveLock, VS_TAG, 0, 0);
    KeInitializeTimerEx(&ext->SampleTimer, NotificationTimer);
    KeInitializeDpc(&ext->SampleDpc, VsSampleDpc, ext);
    KeInitializeSpinLock(&ext->ReadingLock);

    status = IoRegisterDeviceInterface(PhysicalDeviceObject,
                                       &GUID_DEVINTERFACE_VSENSOR,
                                       NULL,
                                       &ext->InterfaceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(fdo);
        return status;
    }

    ext->LowerDevice = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    if (ext->LowerDevice == NULL) {
        RtlFreeUnicodeString(&ext->InterfaceName);
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }

    fdo->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;

    return STATUS_SUCCESS;
}

VOID
VsUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    if (g_Vs.RegistryPath.Buffer != NULL) {
        ExFreePoolWithTag(g_Vs.RegistryPath.Buffer, VS_TAG);
        g_Vs.RegistryPath.Buffer = NULL;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    // keep a NUL-terminated copy of the service key for RtlQueryRegistryValues
    g_Vs.RegistryPath.MaximumLength = (USHORT)(RegistryPath->Length + sizeof(WCHAR));
    g_Vs.RegistryPath.Length = 0;
    g_Vs.RegistryPath.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED,
                                                     g_Vs.RegistryPath.MaximumLength,
                                                     VS_TAG);
    if (g_Vs.RegistryPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&g_Vs.RegistryPath, RegistryPath);

    VsReadParameters();

    DriverObject->DriverExtension->AddDevice = VsAddDevice;
    DriverObject->DriverUnload = VsUnload;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = VsDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = VsDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = VsDispatchIoctl;
    DriverObject->MajorFunction[IRP_MJ_PNP] = VsDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = VsDispatchPower;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = VsDispatchSystemControl;

    return STATUS_SUCCESS;
}
