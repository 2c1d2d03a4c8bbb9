/*
 * procguard - strips dangerous access rights from handles opened to
 * processes that the user-mode service asks us to protect.
 *
 *   sc create procguard type= kernel binPath= C:\drv\procguard.sys
 *   link with /INTEGRITYCHECK or ObRegisterCallbacks returns ACCESS_DENIED
 */
#include "procguard.h"

PG_GLOBALS g_Pg;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     PgUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PgCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH PgDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PgUnload)
#pragma alloc_text(PAGE, PgCreateClose)
#endif

static NTSTATUS
PgComplete(_In_ PIRP Irp, _In_ NTSTATUS Status, _In_ ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
PgCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();
    return PgComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
PgDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG code = sp->Parameters.DeviceIoControl.IoControlCode;
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buf = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (code) {
    case IOCTL_PG_PROTECT:
    case IOCTL_PG_UNPROTECT:
    {
        PPG_PROTECT_REQUEST req = (PPG_PROTECT_REQUEST)buf;
        if (inLen < sizeof(PG_PROTECT_REQUEST) || req == NULL) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        if (req->ProcessId == 0 || req->ProcessId == 4) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        if (code == IOCTL_PG_PROTECT) {
            status = PgAddProcess(ULongToHandle(req->ProcessId), req->Flags);
        } else {
            status = PgRemoveProcess(ULongToHandle(req->ProcessId));
        }
        break;
    }
    case IOCTL_PG_CLEAR:
        PgClearAll();
        status = STATUS_SUCCESS;
        break;

    case IOCTL_PG_QUERY_COUNT:
        if (outLen < sizeof(ULONG) || buf == NULL) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *(PULONG)buf = g_Pg.ProtectedCount;
        info = sizeof(ULONG);
        status = STATUS_SUCCESS;
        break;

    default:
        PG_ERR("unknown ioctl %08X", code);
        break;
    }

    return PgComplete(Irp, status, info);
}

VOID
PgUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(PG_SYMLINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    PgUnregisterCallbacks();

    if (g_Pg.LinkCreated) {
        IoDeleteSymbolicLink(&link);
        g_Pg.LinkCreated = FALSE;
    }

    PgClearAll();

    if (g_Pg.DeviceObject != NULL) {
        IoDeleteDevice(g_Pg.DeviceObject);
        g_Pg.DeviceObject = NULL;
    }

    PG_LOG("unloaded");
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PG_DEVICE_NAME);
    UNICODE_STRING link    = RTL_CONSTANT_STRING(PG_SYMLINK_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    PG_LOG("DriverEntry (built %s %s)", __DATE__, __TIME__);

    RtlZeroMemory(&g_Pg, sizeof(g_Pg));

    DriverObject->DriverUnload                         = PgUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE]         = PgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PgDeviceControl;

    status = IoCreateDevice(DriverObject,
                            0,
                            &devName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &g_Pg.DeviceObject);
    if (!NT_SUCCESS(status)) {
        PG_ERR("IoCreateDevice failed 0x%08X", status);
        return status;
    }
    g_Pg.DeviceObject->Flags |= DO_BUFFERED_IO;

    /*
     * hook handle creation as early as possible so nothing can grab a
     * full-access handle between load and the service's first IOCTL
     */
    status = PgRegisterCallbacks();
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        PG_ERR("IoCreateSymbolicLink failed 0x%08X", status);
        goto Fail;
    }
    g_Pg.LinkCreated = TRUE;

    InitializeListHead(&g_Pg.ProtectedList);
    KeInitializeSpinLock(&g_Pg.ListLock);
    g_Pg.ProtectedCount = 0;

    g_Pg.DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    PG_LOG("loaded, device %p", g_Pg.DeviceObject);
    return STATUS_SUCCESS;

Fail:
    IoDeleteDevice(g_Pg.DeviceObject);
    g_Pg.DeviceObject = NULL;
    return status;
}
