/*
 * driver.c - entry, unload and the stats device for wfpconn
 */
#include <ntddk.h>
#include <initguid.h>
#include "wfpconn.h"

WFPCONN_GLOBALS g;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     WfcUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH   WfcCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH   WfcDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, WfcUnload)
#endif

NTSTATUS
WfcCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
WfcDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    KIRQL irql;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_WFC_GET_STATS) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(WFC_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            KeAcquireSpinLock(&g.StatsLock, &irql);
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &g.Stats, sizeof(WFC_STATS));
            KeReleaseSpinLock(&g.StatsLock, irql);
            info = sizeof(WFC_STATS);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS
WfcOpenEngine(_Out_ HANDLE *Engine)
{
    FWPM_SESSION0 session;

    RtlZeroMemory(&session, sizeof(session));
    // dynamic session: everything we add through this handle goes away
    // automatically when the handle is closed
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    session.displayData.name = L"wfpconn session";

    return FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, Engine);
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(WFC_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(WFC_LINK_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    WFC_LOG("DriverEntry built %s %s\n", __DATE__, __TIME__);

    RtlZeroMemory(&g, sizeof(g));
    KeInitializeSpinLock(&g.StatsLock);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g.Device);
    if (!NT_SUCCESS(status)) {
        WFC_LOG("IoCreateDevice failed 0x%08X\n", status);
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        WFC_LOG("IoCreateSymbolicLink failed 0x%08X\n", status);
        goto err_device;
    }

    status = WfcOpenEngine(&g.EngineHandle);
    if (!NT_SUCCESS(status)) {
        WFC_LOG("FwpmEngineOpen0 failed 0x%08X\n", status);
        goto err_link;
    }

    status = WfcRegisterCallout(g.Device, g.EngineHandle);
    if (!NT_SUCCESS(status)) {
        goto err_engine;
    }

    status = WfcAddFilter(g.EngineHandle);
    if (!NT_SUCCESS(status)) {
        goto err_callout;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = WfcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = WfcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = WfcDeviceControl;
    DriverObject->DriverUnload = WfcUnload;

    WFC_LOG("loaded, callout %u filter %I64u\n", g.CalloutId, g.FilterId);
    return STATUS_SUCCESS;

err_callout:
    WfcUnregisterCallout();
err_engine:
    FwpmEngineClose0(g.EngineHandle);
    g.EngineHandle = NULL;
err_link:
    IoDeleteSymbolicLink(&linkName);
err_device:
    IoDeleteDevice(g.Device);
    g.Device = NULL;
    return status;
}

VOID
WfcUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(WFC_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    WFC_LOG("unload: %lu connects, %lu dropped\n",
            g.Stats.TotalConnects, g.Stats.Dropped);

    if (g.EngineHandle != NULL) {
        if (g.FilterId != 0) {
            FwpmFilterDeleteById0(g.EngineHandle, g.FilterId);
        }
        if (g.MgmtCalloutId != 0) {
            FwpmCalloutDeleteById0(g.EngineHandle, g.MgmtCalloutId);
        }
        FwpmEngineClose0(g.EngineHandle);
        g.EngineHandle = NULL;
    }

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g.Device);
    g.Device = NULL;

    WfcUnregisterCallout();
}
