/*
 * ipwatch.c - legacy WDM driver of a VPN client that follows the machine's IP
 * interfaces: it asks the network stack for interface change notifications
 * (NotifyIpInterfaceChange) and creates a control device and its symbolic
 * link for the user-mode service.
 *
 * The notification handle is given back with CancelMibChangeNotify2 when a
 * later step fails and in the unload routine.
 *
 * Conforming: DE006 (every failure path) and DE011 (the unload routine).
 */

#include <ntddk.h>
#include <netioapi.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD IwUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH IwCreateClose;

static HANDLE IwNotifier;
static volatile LONG IwChanges;
static UNICODE_STRING IwLink = RTL_CONSTANT_STRING(L"\\DosDevices\\IpWatch");

static VOID NTAPI
IwInterfaceChanged(PVOID CallerContext, PMIB_IPINTERFACE_ROW Row, MIB_NOTIFICATION_TYPE NotificationType)
{
    UNREFERENCED_PARAMETER(CallerContext);
    UNREFERENCED_PARAMETER(Row);
    UNREFERENCED_PARAMETER(NotificationType);
    InterlockedIncrement(&IwChanges);
}

_Use_decl_annotations_
NTSTATUS
IwCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
IwUnload(PDRIVER_OBJECT DriverObject)
{
    CancelMibChangeNotify2(IwNotifier);
    IoDeleteSymbolicLink(&IwLink);
    IoDeleteDevice(DriverObject->DeviceObject);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\IpWatch");
    PDEVICE_OBJECT device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = NotifyIpInterfaceChange(AF_UNSPEC, IwInterfaceChanged, NULL, FALSE, &IwNotifier);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        CancelMibChangeNotify2(IwNotifier);
        return status;
    }

    status = IoCreateSymbolicLink(&IwLink, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        CancelMibChangeNotify2(IwNotifier);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = IwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = IwCreateClose;
    DriverObject->DriverUnload = IwUnload;
    return STATUS_SUCCESS;
}
