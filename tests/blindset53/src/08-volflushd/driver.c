/*
 * driver.c - DriverEntry, unload and the control device for volflushd
 */
#include "volflushd.h"

FD_GLOBALS g_Fd;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     FdUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH FdCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH FdDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FdUnload)
#endif

static VOID
FdReadConfig(_In_ PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE qt[4];
    ULONG    defInterval = FD_DEFAULT_INTERVAL;
    NTSTATUS status;

    g_Fd.TargetName.Buffer        = g_Fd.TargetBuffer;
    g_Fd.TargetName.MaximumLength = sizeof(g_Fd.TargetBuffer);
    RtlUnicodeStringCopyString(&g_Fd.TargetName, FD_DEFAULT_TARGET);
    g_Fd.IntervalSec = FD_DEFAULT_INTERVAL;

    RtlZeroMemory(qt, sizeof(qt));
    qt[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    qt[0].Name  = L"Parameters";

    qt[1].Flags        = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    qt[1].Name         = L"Target";
    qt[1].EntryContext = &g_Fd.TargetName;
    qt[1].DefaultType  = (REG_SZ << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    qt[2].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    qt[2].Name          = L"IntervalSec";
    qt[2].EntryContext  = &g_Fd.IntervalSec;
    qt[2].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    qt[2].DefaultData   = &defInterval;
    qt[2].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    RegistryPath->Buffer, qt, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        FDLOG("config: defaults (0x%08X)\n", status);
    }
    if (g_Fd.IntervalSec < FD_MIN_INTERVAL) {
        g_Fd.IntervalSec = FD_MIN_INTERVAL;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS       status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(FD_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(FD_LINK_NAME);

    RtlZeroMemory(&g_Fd, sizeof(g_Fd));
    FdReadConfig(RegistryPath);
    FDLOG("target %wZ every %lus\n", &g_Fd.TargetName, g_Fd.IntervalSec);

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = FdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = FdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = FdDeviceControl;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_VOLFLUSHD,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Fd.ControlDevice);
    if (!NT_SUCCESS(status)) {
        FDERR("IoCreateDevice 0x%08X\n", status);
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        FDERR("IoCreateSymbolicLink 0x%08X\n", status);
        goto err_device;
    }

    status = IoGetDeviceObjectPointer(&g_Fd.TargetName, FILE_WRITE_DATA,
                                      &g_Fd.TargetFile, &g_Fd.TargetDevice);
    if (!NT_SUCCESS(status)) {
        FDERR("cannot open %wZ: 0x%08X\n", &g_Fd.TargetName, status);
        goto err_link;
    }

    KeInitializeEvent(&g_Fd.StopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&g_Fd.FlushNowEvent, SynchronizationEvent, FALSE);

    status = FdRegisterPowerCallback();
    if (!NT_SUCCESS(status)) {
        FDERR("power callback 0x%08X\n", status);
        goto err_target;
    }

    status = FdStartWorker();
    if (!NT_SUCCESS(status)) {
        FDERR("worker 0x%08X\n", status);
        goto err_target;
    }

    DriverObject->DriverUnload = FdUnload;
    g_Fd.ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

err_target:
    ObDereferenceObject(g_Fd.TargetFile);
    g_Fd.TargetFile = NULL;
    g_Fd.TargetDevice = NULL;
err_link:
    IoDeleteSymbolicLink(&linkName);
err_device:
    IoDeleteDevice(g_Fd.ControlDevice);
    g_Fd.ControlDevice = NULL;
    return status;
}

VOID
FdUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(FD_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    FdUnregisterPowerCallback();

    /* tell the worker to go away; it checks StopEvent before each flush */
    KeSetEvent(&g_Fd.StopEvent, IO_NO_INCREMENT, FALSE);

    if (g_Fd.TargetFile != NULL) {
        ObDereferenceObject(g_Fd.TargetFile);
        g_Fd.TargetFile = NULL;
        g_Fd.TargetDevice = NULL;
    }

    FdStopWorker();

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_Fd.ControlDevice);
    FDLOG("unloaded after %ld flushes\n", g_Fd.Flushes);
}

NTSTATUS
FdCreateClose(
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
FdDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS  status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_FLUSHD_FLUSH_NOW:
        KeSetEvent(&g_Fd.FlushNowEvent, IO_NO_INCREMENT, FALSE);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_FLUSHD_GET_STATS:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(FD_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        {
            PFD_STATS st = (PFD_STATS)Irp->AssociatedIrp.SystemBuffer;
            st->Flushes    = (ULONG)g_Fd.Flushes;
            st->Failures   = (ULONG)g_Fd.Failures;
            st->LastStatus = g_Fd.LastStatus;
        }
        info = sizeof(FD_STATS);
        status = STATUS_SUCCESS;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
