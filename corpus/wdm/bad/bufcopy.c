/*
 * bufcopy: a legacy keyboard filter that attaches to the keyboard class
 * device in DriverEntry; the keyboard class driver reads into a system
 * buffer (DO_BUFFERED_IO).
 *
 * Violating: the filter never sets DO_BUFFERED_IO or DO_DIRECT_IO in its
 * device object, so reads sent to it reach the class driver without a
 * system buffer.
 */
#include <ntddk.h>

static PDEVICE_OBJECT g_BcFilter;
static PDEVICE_OBJECT g_BcLower;

DRIVER_UNLOAD BcUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_READ)
_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH BcPass;

_Use_decl_annotations_
NTSTATUS BcPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(g_BcLower, Irp);
}

_Use_decl_annotations_
VOID BcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDetachDevice(g_BcLower);
    IoDeleteDevice(g_BcFilter);
}

DRIVER_INITIALIZE DriverEntry;

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    UNICODE_STRING target = RTL_CONSTANT_STRING(L"\\Device\\KeyboardClass0");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_KEYBOARD, 0, FALSE, &g_BcFilter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoAttachDevice(g_BcFilter, &target, &g_BcLower);  // expect: WDM016
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_BcFilter);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = BcPass;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = BcPass;
    DriverObject->MajorFunction[IRP_MJ_READ] = BcPass;
    DriverObject->MajorFunction[IRP_MJ_PNP] = BcPass;
    DriverObject->DriverUnload = BcUnload;
    return STATUS_SUCCESS;
}
