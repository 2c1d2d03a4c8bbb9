/*
 * driver.c - DriverEntry and the configuration device of wfpscan.sys.
 */
#define INITGUID
#include <guiddef.h>
#include "wfpscan.h"

WS_GLOBALS g_Ws;

DRIVER_INITIALIZE DriverEntry;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
static DRIVER_DISPATCH WsDispatchCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH WsDispatchDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

static const USHORT WsDefaultPorts[] = { 21, 23, 25, 80, 110, 143 };

static NTSTATUS
WsDispatchCreateClose(
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

static NTSTATUS
WsDispatchDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    KIRQL irql;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_WS_SET_PORTS: {
        PWS_PORT_LIST list = (PWS_PORT_LIST)buffer;
        if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(WS_PORT_LIST) ||
            list->Count > WS_MAX_PORTS) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        KeAcquireSpinLock(&g_Ws.ConfigLock, &irql);
        g_Ws.Ports = *list;
        KeReleaseSpinLock(&g_Ws.ConfigLock, irql);
        break;
    }

    case IOCTL_WS_GET_STATS:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(WS_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        RtlCopyMemory(buffer, &g_Ws.Stats, sizeof(WS_STATS));
        info = sizeof(WS_STATS);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS
WsCreateControlDevice(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING deviceName = RTL_CONSTANT_STRING(WS_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(WS_SYMLINK_NAME);
    NTSTATUS status;

    status = IoCreateDevice(DriverObject,
                            0,
                            &deviceName,
                            FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &g_Ws.DeviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Ws.DeviceObject);
        g_Ws.DeviceObject = NULL;
        return status;
    }
    g_Ws.SymlinkCreated = TRUE;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = WsDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = WsDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = WsDispatchDeviceControl;

    g_Ws.DeviceObject->Flags |= DO_BUFFERED_IO;
    g_Ws.DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static VOID
WsDeleteControlDevice(
    VOID
    )
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(WS_SYMLINK_NAME);

    if (g_Ws.SymlinkCreated) {
        IoDeleteSymbolicLink(&linkName);
        g_Ws.SymlinkCreated = FALSE;
    }
    if (g_Ws.DeviceObject != NULL) {
        IoDeleteDevice(g_Ws.DeviceObject);
        g_Ws.DeviceObject = NULL;
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

    RtlZeroMemory(&g_Ws, sizeof(g_Ws));
    KeInitializeSpinLock(&g_Ws.ConfigLock);

    for (i = 0; i < RTL_NUMBER_OF(WsDefaultPorts); i++) {
        g_Ws.Ports.Ports[i] = WsDefaultPorts[i];
    }
    g_Ws.Ports.Count = RTL_NUMBER_OF(WsDefaultPorts);
    g_Ws.Ports.ResetOnMatch = FALSE;

    status = WsCreateControlDevice(DriverObject);
    if (!NT_SUCCESS(status)) {
        DbgPrint("wfpscan: control device 0x%08X\n", status);
        return status;
    }

    status = WsRegisterCallouts(g_Ws.DeviceObject);
    if (!NT_SUCCESS(status)) {
        DbgPrint("wfpscan: FwpsCalloutRegister 0x%08X\n", status);
        goto fail_device;
    }

    status = WsAddFilters();
    if (!NT_SUCCESS(status)) {
        DbgPrint("wfpscan: filter setup 0x%08X\n", status);
        goto fail_callouts;
    }

    DbgPrint("wfpscan: inspecting %lu ports\n", g_Ws.Ports.Count);
    return STATUS_SUCCESS;

fail_callouts:
    WsUnregisterCallouts();
fail_device:
    WsDeleteControlDevice();
    return status;
}
