//
// fwsaudit.sys - legacy filter on top of \Device\FwStage that counts the
// chunks written by the updater, for the compliance log.
//
#include <initguid.h>
#include "fwstage.h"
#include "ntmacros.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DriverUnload;
DRIVER_DISPATCH DispatchAny;
DRIVER_NOTIFICATION_CALLBACK_ROUTINE OnInterfaceChange;

typedef struct _AUDIT_EXTENSION {
    BOOLEAN         IsControl;
    PDEVICE_OBJECT  Lower;
} AUDIT_EXTENSION, *PAUDIT_EXTENSION;

typedef struct _AUDIT_GLOBALS {
    PDEVICE_OBJECT  FilterDevice;
    PDEVICE_OBJECT  ControlDevice;
    PVOID           InterfaceNotification;
    volatile LONG   Chunks;
    volatile LONG   Arrivals;
} AUDIT_GLOBALS;

static AUDIT_GLOBALS g;

static NTSTATUS
InitializeGlobals(
    VOID
    )
{
    RtlZeroMemory(&g, sizeof(g));
    return STATUS_SUCCESS;
}

static NTSTATUS
CreateControlDevice(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING name;
    PAUDIT_EXTENSION ext;

    RtlInitUnicodeString(&name, FWS_FILTER_CTL_NAME);
    NT_RETURN_IF_FAILED(IoCreateDevice(DriverObject, sizeof(AUDIT_EXTENSION), &name,
                                       FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                                       FALSE, &g.ControlDevice));

    ext = (PAUDIT_EXTENSION)g.ControlDevice->DeviceExtension;
    ext->IsControl = TRUE;
    ext->Lower = NULL;
    g.ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static NTSTATUS
AttachToStage(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING target;
    PAUDIT_EXTENSION ext;
    NTSTATUS status;

    RtlInitUnicodeString(&target, FWS_DEVICE_NAME);

    NT_RETURN_IF_FAILED(IoCreateDevice(DriverObject, sizeof(AUDIT_EXTENSION), NULL,
                                       FILE_DEVICE_UNKNOWN, 0, FALSE, &g.FilterDevice));

    ext = (PAUDIT_EXTENSION)g.FilterDevice->DeviceExtension;
    ext->IsControl = FALSE;

    status = IoAttachDevice(g.FilterDevice, &target, &ext->Lower);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g.FilterDevice);
        g.FilterDevice = NULL;
        LOG_AND_RETURN(status, "IoAttachDevice(\\Device\\FwStage)");
    }

    g.FilterDevice->Flags |= DO_DIRECT_IO;
    g.FilterDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS
OnInterfaceChange(
    _In_ PVOID NotificationStructure,
    _Inout_opt_ PVOID Context
    )
{
    PDEVICE_INTERFACE_CHANGE_NOTIFICATION n = (PDEVICE_INTERFACE_CHANGE_NOTIFICATION)NotificationStructure;

    UNREFERENCED_PARAMETER(Context);

    if (IsEqualGUID(&n->Event, &GUID_DEVICE_INTERFACE_ARRIVAL)) {
        InterlockedIncrement(&g.Arrivals);
    }
    return STATUS_SUCCESS;
}

NTSTATUS
DispatchAny(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PAUDIT_EXTENSION ext = (PAUDIT_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    if (!ext->IsControl) {
        if (sl->MajorFunction == IRP_MJ_DEVICE_CONTROL &&
            sl->Parameters.DeviceIoControl.IoControlCode == IOCTL_FWS_WRITE_CHUNK) {
            InterlockedIncrement(&g.Chunks);
        }
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(ext->Lower, Irp);
    }

    if (sl->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        if (sl->Parameters.DeviceIoControl.IoControlCode == IOCTL_FWS_AUDIT_COUNT &&
            sl->Parameters.DeviceIoControl.OutputBufferLength >= 2 * sizeof(LONG)) {
            ((PLONG)Irp->AssociatedIrp.SystemBuffer)[0] = g.Chunks;
            ((PLONG)Irp->AssociatedIrp.SystemBuffer)[1] = g.Arrivals;
            info = 2 * sizeof(LONG);
        } else {
            status = STATUS_INVALID_DEVICE_REQUEST;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
DriverUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g.InterfaceNotification != NULL) {
        IoUnregisterPlugPlayNotificationEx(g.InterfaceNotification);
        g.InterfaceNotification = NULL;
    }
    if (g.FilterDevice != NULL) {
        IoDetachDevice(((PAUDIT_EXTENSION)g.FilterDevice->DeviceExtension)->Lower);
        IoDeleteDevice(g.FilterDevice);
    }
    if (g.ControlDevice != NULL) {
        IoDeleteDevice(g.ControlDevice);
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    NT_RETURN_IF_FAILED(InitializeGlobals());

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = DispatchAny;
    }

    NT_RETURN_IF_FAILED(CreateControlDevice(DriverObject));

    status = AttachToStage(DriverObject);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g.ControlDevice);
        return status;
    }

    status = IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange,
                                            0,
                                            (PVOID)&GUID_DEVINTERFACE_FWSTAGE_TARGET,
                                            DriverObject,
                                            OnInterfaceChange,
                                            NULL,
                                            &g.InterfaceNotification);
    if (!NT_SUCCESS(status)) {
        IoDetachDevice(((PAUDIT_EXTENSION)g.FilterDevice->DeviceExtension)->Lower);
        IoDeleteDevice(g.FilterDevice);
        IoDeleteDevice(g.ControlDevice);
        return status;
    }

    DriverObject->DriverUnload = DriverUnload;
    return STATUS_SUCCESS;
}
