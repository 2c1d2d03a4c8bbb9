// usbwatch.sys - prints a line whenever a disk device interface arrives or
// goes away (USB sticks mostly). Also has a control device for a tray app.
#include <ntddk.h>
#include <initguid.h>
#include <wdmguid.h>
#include <ntddstor.h>

#define KDBG(...) KdPrint(("usbwatch: " __VA_ARGS__))

PVOID          g_NotifyEntry = NULL;
PDEVICE_OBJECT g_CtlDevice = NULL;
LONG           g_Arrivals = 0;

UNICODE_STRING g_DevName  = RTL_CONSTANT_STRING(L"\\Device\\UsbWatch");
UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\??\\UsbWatch");

DRIVER_NOTIFICATION_CALLBACK_ROUTINE OnInterfaceChange;

NTSTATUS OnInterfaceChange(PVOID NotificationStructure, PVOID Context)
{
    PDEVICE_INTERFACE_CHANGE_NOTIFICATION n = (PDEVICE_INTERFACE_CHANGE_NOTIFICATION)NotificationStructure;

    UNREFERENCED_PARAMETER(Context);

    if (IsEqualGUID(&n->Event, &GUID_DEVICE_INTERFACE_ARRIVAL)) {
        InterlockedIncrement(&g_Arrivals);
        KDBG("arrival %wZ\n", n->SymbolicLinkName);
    } else if (IsEqualGUID(&n->Event, &GUID_DEVICE_INTERFACE_REMOVAL)) {
        KDBG("removal %wZ\n", n->SymbolicLinkName);
    }
    return STATUS_SUCCESS;
}

NTSTATUS CtlDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID DriverUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    IoDeleteSymbolicLink(&g_LinkName);
    if (g_CtlDevice) {
        IoDeleteDevice(g_CtlDevice);
        g_CtlDevice = NULL;
    }
    KDBG("bye, saw %ld arrivals\n", g_Arrivals);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_CtlDevice);
    if (!NT_SUCCESS(status)) {
        KDBG("IoCreateDevice: %08x\n", status);
        return status;
    }

    status = IoCreateSymbolicLink(&g_LinkName, &g_DevName);
    if (!NT_SUCCESS(status)) {
        KDBG("IoCreateSymbolicLink: %08x\n", status);
        IoDeleteDevice(g_CtlDevice);
        g_CtlDevice = NULL;
        return status;
    }

    status = IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange,
                                            PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES,
                                            (PVOID)&GUID_DEVINTERFACE_DISK,
                                            DriverObject,
                                            OnInterfaceChange,
                                            NULL,
                                            &g_NotifyEntry);
    if (!NT_SUCCESS(status)) {
        KDBG("IoRegisterPlugPlayNotification: %08x\n", status);
        IoDeleteSymbolicLink(&g_LinkName);
        IoDeleteDevice(g_CtlDevice);
        g_CtlDevice = NULL;
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = CtlDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CtlDispatch;
    DriverObject->DriverUnload = DriverUnload;
    g_CtlDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    KDBG("watching disk interfaces\n");
    return STATUS_SUCCESS;
}
