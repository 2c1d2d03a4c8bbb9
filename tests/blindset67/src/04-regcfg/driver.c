/*
 * driver.c - regcfg DriverEntry/unload/dispatch
 */
#include "regcfg.h"

RC_CONFIG  g_Cfg;
RC_GLOBALS g_Rc;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     RcUnload;
DRIVER_DISPATCH   RcCreate;
DRIVER_DISPATCH   RcClose;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RcUnload)
#endif

NTSTATUS
RcCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    NTSTATUS status = STATUS_SUCCESS;
    LONG     n;

    UNREFERENCED_PARAMETER(DeviceObject);

    n = InterlockedIncrement(&g_Rc.Clients);
    if ((ULONG)n > g_Cfg.MaxClients) {
        InterlockedDecrement(&g_Rc.Clients);
        status = STATUS_TOO_MANY_OPENED_FILES;
    } else if (g_Cfg.Banner.Buffer != NULL) {
        DBG_TRACE("open #%d: %wZ\n", n, &g_Cfg.Banner);
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
RcClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    InterlockedDecrement(&g_Rc.Clients);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
RcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    IoDeleteSymbolicLink(&g_Rc.Link);
    IoDeleteDevice(g_Rc.Device);
    RcFreeConfig(&g_Cfg);
    DbgPrint("regcfg: unloaded\n");
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS       status;
    UNICODE_STRING devName;

    status = RcLoadConfig(RegistryPath, &g_Cfg);
    if (!NT_SUCCESS(status)) {
        DBG_ERR("config load failed %08x\n", status);
        return status;
    }
    DBG_TRACE("MaxClients=%u Verbose=%u\n", g_Cfg.MaxClients, g_Cfg.Verbose);

    RtlInitUnicodeString(&devName, RC_DEVICE);
    RtlInitUnicodeString(&g_Rc.Link, RC_LINK);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Rc.Device);
    if (!NT_SUCCESS(status)) {
        DBG_ERR("IoCreateDevice %08x\n", status);
        goto out_cfg;
    }

    status = IoCreateSymbolicLink(&g_Rc.Link, &devName);
    if (!NT_SUCCESS(status)) {
        DBG_ERR("IoCreateSymbolicLink %08x\n", status);
        goto out_dev;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RcCreate;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]  = RcClose;
    DriverObject->DriverUnload                 = RcUnload;

    return STATUS_SUCCESS;

out_dev:
    IoDeleteDevice(g_Rc.Device);
    g_Rc.Device = NULL;
out_cfg:
    RcFreeConfig(&g_Cfg);
    return status;
}
