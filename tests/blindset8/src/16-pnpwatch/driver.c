/*
 * driver.c - pnpwatch DriverEntry, Unload, IRP dispatch.
 */
#include <initguid.h>
#include "pnpwatch.h"

PW_GLOBALS g_Pw;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     PwUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH   PwCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH   PwDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PwUnload)
#pragma alloc_text(PAGE, PwDeviceControl)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING deviceName;
    NTSTATUS status;

    RtlZeroMemory(&g_Pw, sizeof(g_Pw));
    ExInitializeFastMutex(&g_Pw.HistoryLock);
    InitializeListHead(&g_Pw.History);
    RtlInitUnicodeString(&g_Pw.LinkName, PW_LINK_NAME);

    g_Pw.VolumeWatch.Name     = "volume";
    g_Pw.VolumeWatch.Category = 0;
    g_Pw.HidWatch.Name        = "hid";
    g_Pw.HidWatch.Category    = 1;

    status = PwReadSettings(RegistryPath, &g_Pw.Settings);
    if (!NT_SUCCESS(status)) {
        KdPrint(("pnpwatch: settings 0x%08X, using defaults\n", status));
        PwDefaultSettings(&g_Pw.Settings);
    }

    RtlInitUnicodeString(&deviceName, PW_DEVICE_NAME);
    status = IoCreateDevice(DriverObject, 0, &deviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Pw.Device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    g_Pw.Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_Pw.LinkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Pw.Device);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PwDeviceControl;

    /* existing volumes are reported right away, before this returns */
    status = IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange,
                                            PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES,
                                            (PVOID)&GUID_DEVINTERFACE_VOLUME,
                                            DriverObject,
                                            PwInterfaceNotify,
                                            &g_Pw.VolumeWatch,
                                            &g_Pw.VolumeEntry);
    if (!NT_SUCCESS(status)) {
        KdPrint(("pnpwatch: volume notification 0x%08X\n", status));
        IoDeleteSymbolicLink(&g_Pw.LinkName);
        IoDeleteDevice(g_Pw.Device);
        return status;
    }

    if (g_Pw.Settings.WatchHid) {
        status = IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange,
                                                PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES,
                                                (PVOID)&GUID_DEVINTERFACE_HID,
                                                DriverObject,
                                                PwInterfaceNotify,
                                                &g_Pw.HidWatch,
                                                &g_Pw.HidEntry);
        if (!NT_SUCCESS(status)) {
            /* HID history is a nice-to-have */
            KdPrint(("pnpwatch: HID notification unavailable 0x%08X\n", status));
            g_Pw.HidEntry = NULL;
        }
    }

    DriverObject->DriverUnload = PwUnload;
    g_Pw.Device->Flags &= ~DO_DEVICE_INITIALIZING;

    return status;
}

VOID
PwUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    if (g_Pw.HidEntry != NULL) {
        IoUnregisterPlugPlayNotificationEx(g_Pw.HidEntry);
        g_Pw.HidEntry = NULL;
    }

    IoDeleteSymbolicLink(&g_Pw.LinkName);
    IoDeleteDevice(g_Pw.Device);
    g_Pw.Device = NULL;

    PwClearHistory();
}

NTSTATUS
PwCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status      = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
PwDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PW_GET_HISTORY:
        info = PwCopyHistory(Irp->AssociatedIrp.SystemBuffer,
                             stack->Parameters.DeviceIoControl.OutputBufferLength);
        break;

    case IOCTL_PW_CLEAR:
        PwClearHistory();
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status      = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
