#include "regmon.h"

RM_GLOBALS g_Rm;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RmUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH RmCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH RmDeviceControl;

#define IOCTL_RM_GET_STATS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _RM_STATS {
    LONG Pending;
    LONG Dropped;
} RM_STATS;

NTSTATUS
RmCreateClose(
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
RmDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_RM_GET_STATS) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength >= sizeof(RM_STATS)) {
            RM_STATS* out = (RM_STATS*)Irp->AssociatedIrp.SystemBuffer;
            out->Pending = g_Rm.PendingCount;
            out->Dropped = g_Rm.Dropped;
            info = sizeof(RM_STATS);
            status = STATUS_SUCCESS;
        } else {
            status = STATUS_BUFFER_TOO_SMALL;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS
RmStartRegistryFilter(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ LARGE_INTEGER Cookie
    )
{
    NTSTATUS status;
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(RM_ALTITUDE);

    status = CmRegisterCallbackEx(RmRegistryCallback, &altitude, DriverObject, NULL, &Cookie, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RM_TRACE("registry callback registered, cookie %I64x\n", Cookie.QuadPart);
    return STATUS_SUCCESS;
}

VOID
RmUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(RM_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Rm.Cookie.QuadPart != 0) {
        CmUnRegisterCallback(g_Rm.Cookie);
        g_Rm.Cookie.QuadPart = 0;
    }

    RmStopLogger();
    RmDrainPending();

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Rm.ControlDevice);

    RM_TRACE("unloaded, %ld records dropped\n", g_Rm.Dropped);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(RM_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(RM_LINK_NAME);
    BOOLEAN linkCreated = FALSE;
    BOOLEAN loggerStarted = FALSE;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Rm, sizeof(g_Rm));

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Rm.ControlDevice);
    RM_BAIL_IF_FAILED(status, "IoCreateDevice");
    g_Rm.ControlDevice->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&link, &devName);
    RM_BAIL_IF_FAILED(status, "IoCreateSymbolicLink");
    linkCreated = TRUE;

    status = RmStartLogger();
    RM_BAIL_IF_FAILED(status, "RmStartLogger");
    loggerStarted = TRUE;

    status = RmStartRegistryFilter(DriverObject, g_Rm.Cookie);
    RM_BAIL_IF_FAILED(status, "RmStartRegistryFilter");

    DriverObject->DriverUnload = RmUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = RmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RmDeviceControl;

Exit:
    if (!NT_SUCCESS(status)) {
        if (loggerStarted) {
            RmStopLogger();
            RmDrainPending();
        }
        if (linkCreated) {
            IoDeleteSymbolicLink(&link);
        }
        if (g_Rm.ControlDevice != NULL) {
            IoDeleteDevice(g_Rm.ControlDevice);
            g_Rm.ControlDevice = NULL;
        }
    }
    return status;
}
