/*
 * latereinit.c (bad) - "bootcfg" as latereinit.c, but it asks to be called
 * again as soon as the mode cannot be read, before the control device is
 * created: when IoCreateDevice fails, DriverEntry returns failure with the
 * Reinitialize routine of an unloaded driver still queued (DE016).
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD BcUnload;
DRIVER_REINITIALIZE BcReinitialize;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH BcCreateClose;

static PDEVICE_OBJECT g_BcDevice;
static ULONG g_BcMode;
static BOOLEAN g_BcModeKnown;
static UNICODE_STRING g_BcName = RTL_CONSTANT_STRING(L"\\Device\\BootCfg");

static NTSTATUS BcReadMode(PULONG Mode)
{
    RTL_QUERY_REGISTRY_TABLE table[2];

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED;
    table[0].Name = L"Mode";
    table[0].EntryContext = Mode;
    return RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"bootcfg", table, NULL, NULL);
}

VOID BcReinitialize(PDRIVER_OBJECT DriverObject, PVOID Context, ULONG Count)
{
    UNREFERENCED_PARAMETER(Context);
    if (NT_SUCCESS(BcReadMode(&g_BcMode)))
        g_BcModeKnown = TRUE;
    else if (Count < 8)
        IoRegisterDriverReinitialization(DriverObject, BcReinitialize, NULL);
}

NTSTATUS BcCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID BcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_BcDevice);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    g_BcModeKnown = NT_SUCCESS(BcReadMode(&g_BcMode));
    if (!g_BcModeKnown)
        IoRegisterDriverReinitialization(DriverObject, BcReinitialize, NULL);

    status = IoCreateDevice(DriverObject, 0, &g_BcName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_BcDevice);
    if (!NT_SUCCESS(status))
        return status;                              // expect: DE016

    DriverObject->MajorFunction[IRP_MJ_CREATE] = BcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = BcCreateClose;
    DriverObject->DriverUnload = BcUnload;
    g_BcDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
