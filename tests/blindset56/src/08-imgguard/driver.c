/*
 *  ImgGuard - vulnerable driver (BYOVD) watcher
 *
 *  - image load notify: alerts when a known vulnerable driver is mapped
 *  - registry callback: denies creation of a service key for one
 *  - \\.\ImgGuard: add names, clear list, fetch alerts
 */
#include "imgguard.h"

IG_GLOBALS g_Guard = { 0 };

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     IgUnload;

__drv_dispatchType(IRP_MJ_CREATE)
__drv_dispatchType(IRP_MJ_CLOSE)
DRIVER_DISPATCH   IgCreateClose;

__drv_dispatchType(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH   IgDeviceControl;

NTSTATUS IgCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS IgDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PVOID    sysBuf = Irp->AssociatedIrp.SystemBuffer;
    ULONG    inLen  = irpSp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG    outLen = irpSp->Parameters.DeviceIoControl.OutputBufferLength;
    NTSTATUS status;
    ULONG    info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_IG_ADD_NAME:
        status = IgBlocklistAdd((PCWSTR)sysBuf, inLen);
        break;

    case IOCTL_IG_CLEAR:
        IgBlocklistClear();
        status = STATUS_SUCCESS;
        break;

    case IOCTL_IG_GET_ALERTS:
        if (outLen < sizeof(IG_ALERT)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        info = IgAlertFetch((PIG_ALERT)sysBuf, outLen / sizeof(IG_ALERT)) * sizeof(IG_ALERT);
        status = STATUS_SUCCESS;
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

VOID IgUnload(PDRIVER_OBJECT DriverObject)
{
    IgLog("unload\n");

    CmUnRegisterCallback(g_Guard.CmCookie);
    PsRemoveLoadImageNotifyRoutine(IgImageNotify);

    IoDeleteDevice(DriverObject->DeviceObject);

    ExFreePoolWithTag(g_Guard.Blocklist, IG_TAG);
    g_Guard.Blocklist = NULL;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS       status;
    UNICODE_STRING devName;
    UNICODE_STRING altitude;

    UNREFERENCED_PARAMETER(RegistryPath);

    IgLog("DriverEntry\n");

    RtlInitUnicodeString(&devName, IG_DEVICE_NAME);
    RtlInitUnicodeString(&g_Guard.DosName, IG_DOS_NAME);
    RtlInitUnicodeString(&altitude, IG_ALTITUDE);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Guard.Device);
    if (!NT_SUCCESS(status)) {
        IgLog("IoCreateDevice: %08x\n", status);
        goto Exit;
    }

    status = IoCreateSymbolicLink(&g_Guard.DosName, &devName);
    if (!NT_SUCCESS(status)) {
        IgLog("IoCreateSymbolicLink: %08x\n", status);
        goto ExitDevice;
    }

    g_Guard.Blocklist = (PIG_BLOCKLIST)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                      sizeof(IG_BLOCKLIST), IG_TAG);
    if (g_Guard.Blocklist == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto ExitLink;
    }
    IgBlocklistInit(g_Guard.Blocklist);

    status = PsSetLoadImageNotifyRoutine(IgImageNotify);
    if (!NT_SUCCESS(status)) {
        IgLog("PsSetLoadImageNotifyRoutine: %08x\n", status);
        goto ExitLink;
    }

    status = CmRegisterCallbackEx(IgRegistryCallback, &altitude, DriverObject,
                                  NULL, &g_Guard.CmCookie, NULL);
    if (!NT_SUCCESS(status)) {
        IgLog("CmRegisterCallbackEx: %08x\n", status);
        goto ExitImage;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = IgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = IgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = IgDeviceControl;
    DriverObject->DriverUnload                         = IgUnload;

    g_Guard.Device->Flags |= DO_BUFFERED_IO;
    g_Guard.Device->Flags &= ~DO_DEVICE_INITIALIZING;

    IgLog("loaded, %lu names in the blocklist\n", g_Guard.Blocklist->Count);
    return STATUS_SUCCESS;

ExitImage:
    PsRemoveLoadImageNotifyRoutine(IgImageNotify);
ExitLink:
    IoDeleteSymbolicLink(&g_Guard.DosName);
ExitDevice:
    IoDeleteDevice(g_Guard.Device);
    g_Guard.Device = NULL;
Exit:
    return status;
}
