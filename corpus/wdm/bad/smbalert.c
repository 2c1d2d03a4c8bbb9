/*
 * smbalert.c - legacy driver that latches SMBus ALERT# events of the SA-2
 * sensor hub so that the monitoring agent can open \\.\SmbAlert and wait
 * on it. Ported from an NT4 driver; the dispatch setup was lost when the
 * old InitializeDispatch() helper was deleted in the port.
 *
 * BUG (WDM001): the device object and its symbolic link are created but no
 * MajorFunction entry is set, so even IRP_MJ_CREATE fails with
 * STATUS_INVALID_DEVICE_REQUEST and the agent can never open the device.
 */

#include <ntddk.h>

#define SMBALERT_TAG 'lAmS'

typedef struct _SMBALERT_EXTENSION {
    KEVENT AlertEvent;
    ULONG  AlertCount;
} SMBALERT_EXTENSION, *PSMBALERT_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SmbAlertUnload;

static UNICODE_STRING SmbDeviceName = RTL_CONSTANT_STRING(L"\\Device\\SmbAlert");
static UNICODE_STRING SmbLinkName   = RTL_CONSTANT_STRING(L"\\DosDevices\\SmbAlert");

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, SmbAlertUnload)
#endif

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PDEVICE_OBJECT device = NULL;
    PSMBALERT_EXTENSION ext;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(SMBALERT_EXTENSION), &SmbDeviceName,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PSMBALERT_EXTENSION)device->DeviceExtension;
    KeInitializeEvent(&ext->AlertEvent, NotificationEvent, FALSE);
    ext->AlertCount = 0;

    status = IoCreateSymbolicLink(&SmbLinkName, &SmbDeviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }

    DriverObject->DriverUnload = SmbAlertUnload;

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;                              // expect: WDM001
}

VOID
SmbAlertUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    PAGED_CODE();
    IoDeleteSymbolicLink(&SmbLinkName);
    IoDeleteDevice(DriverObject->DeviceObject);
}
