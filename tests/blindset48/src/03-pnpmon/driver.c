/*
 * driver.c - PnpMon DriverEntry / unload.
 */
#include "pnpmon.h"

PNM_GLOBALS g_Pnm;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     PnmUnload;
DRIVER_DISPATCH   PnmDispatchCreateClose;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PnmUnload)
#endif

NTSTATUS
PnmDispatchCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
PnmSaveRegistryPath(_In_ PCUNICODE_STRING RegistryPath)
{
    g_Pnm.RegistryPath.MaximumLength = RegistryPath->Length + sizeof(WCHAR);
    g_Pnm.RegistryPath.Length = 0;
    g_Pnm.RegistryPath.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED,
                                                      g_Pnm.RegistryPath.MaximumLength, PNM_TAG);
    if (g_Pnm.RegistryPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&g_Pnm.RegistryPath, RegistryPath);
    return STATUS_SUCCESS;
}

VOID
PnmUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(PNM_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    PNM_DBG("unload: arrivals=%lu removals=%lu", g_Pnm.Stats.Arrivals, g_Pnm.Stats.Removals);

    PnmPnpUnregister();
    PnmWmiDeregister(g_Pnm.ControlDevice);

    if (g_Pnm.LinkCreated) {
        IoDeleteSymbolicLink(&link);
        g_Pnm.LinkCreated = FALSE;
    }
    IoDeleteDevice(g_Pnm.ControlDevice);
    g_Pnm.ControlDevice = NULL;

    PnmTrackerUninit();

    ExFreePoolWithTag(g_Pnm.RegistryPath.Buffer, PNM_TAG);
    g_Pnm.RegistryPath.Buffer = NULL;
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PNM_DEVICE_NAME);
    UNICODE_STRING link    = RTL_CONSTANT_STRING(PNM_LINK_NAME);
    NTSTATUS       status;

    status = PnmSaveRegistryPath(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = PnmDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PnmDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = PnmDispatchSystemControl;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Pnm.ControlDevice);
    if (!NT_SUCCESS(status)) {
        goto FreePath;
    }

    status = PnmWmiRegister(g_Pnm.ControlDevice);
    if (!NT_SUCCESS(status)) {
        PNM_DBG("WMI registration 0x%08X", status);
        goto DeleteDevice;
    }

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        PNM_DBG("IoCreateSymbolicLink 0x%08X", status);
        goto DeleteDevice;
    }
    g_Pnm.LinkCreated = TRUE;

    status = PnmPnpRegister(DriverObject);
    if (!NT_SUCCESS(status)) {
        goto DeleteLink;
    }

    /* record table is only consulted once interfaces start showing up */
    PnmTrackerInit();

    DriverObject->DriverUnload = PnmUnload;
    return STATUS_SUCCESS;

DeleteLink:
    IoDeleteSymbolicLink(&link);
    g_Pnm.LinkCreated = FALSE;
    PnmWmiDeregister(g_Pnm.ControlDevice);
DeleteDevice:
    IoDeleteDevice(g_Pnm.ControlDevice);
    g_Pnm.ControlDevice = NULL;
FreePath:
    ExFreePoolWithTag(g_Pnm.RegistryPath.Buffer, PNM_TAG);
    g_Pnm.RegistryPath.Buffer = NULL;
    return status;
}
