/*
 * linkname.c - a control-device driver whose teardown helper, shared by
 * DriverEntry's failure path and the unload routine, deletes the symbolic
 * link by the link's own name, \DosDevices\LnkCtl.
 * Expected: no finding.
 */

#include <ntddk.h>

#define LNK_DEVICE L"\\Device\\LnkCtl"
#define LNK_LINK   L"\\DosDevices\\LnkCtl"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LnkUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH LnkCreateClose;

static UNICODE_STRING g_LnkDevName = RTL_CONSTANT_STRING(LNK_DEVICE);
static UNICODE_STRING g_LnkLinkName = RTL_CONSTANT_STRING(LNK_LINK);
static PDEVICE_OBJECT g_LnkDevice;
static BOOLEAN g_LnkLinked;

NTSTATUS
LnkCreateClose(
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

static VOID
LnkTeardown(VOID)
{
    if (g_LnkLinked) {
        IoDeleteSymbolicLink(&g_LnkLinkName);
        g_LnkLinked = FALSE;
    }
    if (g_LnkDevice != NULL) {
        IoDeleteDevice(g_LnkDevice);
        g_LnkDevice = NULL;
    }
}

VOID
LnkUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    LnkTeardown();
}

static NTSTATUS
LnkLoadPolicy(VOID)
{
    return STATUS_NOT_SUPPORTED;
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &g_LnkDevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_LnkDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&g_LnkLinkName, &g_LnkDevName);
    if (!NT_SUCCESS(status)) {
        LnkTeardown();
        return status;
    }
    g_LnkLinked = TRUE;

    status = LnkLoadPolicy();
    if (!NT_SUCCESS(status) && status != STATUS_NOT_SUPPORTED) {
        LnkTeardown();
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = LnkCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LnkCreateClose;
    DriverObject->DriverUnload = LnkUnload;
    return STATUS_SUCCESS;
}
