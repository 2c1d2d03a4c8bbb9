/*
 * attachnull.c - a legacy WDM upper filter of the first serial port,
 * attached in DriverEntry, in the version that copies the lower device's
 * I/O flags without testing that the attach succeeded.
 *
 * BUG (DE018, twice): IoAttachDeviceToDeviceStack returns NULL when it
 * cannot attach (the port's driver is being unloaded); reading Flags
 * through that NULL bug checks, where the failure should have been undone
 * and returned.
 */

#include <ntddk.h>

typedef struct _SF_EXTENSION {
    PDEVICE_OBJECT Lower;
} SF_EXTENSION, *PSF_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SfUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_READ)
_Dispatch_type_(IRP_MJ_WRITE)
_Dispatch_type_(IRP_MJ_PNP)
_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH SfPass;

static PDEVICE_OBJECT g_SerialFilter;
static PDEVICE_OBJECT g_MouseFilter;

NTSTATUS
SfPass(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PSF_EXTENSION ext = (PSF_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

VOID
SfUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PSF_EXTENSION ext = (PSF_EXTENSION)g_SerialFilter->DeviceExtension;

    UNREFERENCED_PARAMETER(DriverObject);
    IoDetachDevice(((PSF_EXTENSION)g_MouseFilter->DeviceExtension)->Lower);
    IoDeleteDevice(g_MouseFilter);
    IoDetachDevice(ext->Lower);
    IoDeleteDevice(g_SerialFilter);
}

static NTSTATUS
SfAttachMouse(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\PointerPort0");
    PFILE_OBJECT file;
    PDEVICE_OBJECT target;
    PDEVICE_OBJECT lower;
    NTSTATUS status;

    status = IoGetDeviceObjectPointer(&name, FILE_READ_DATA, &file, &target);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateDevice(DriverObject, sizeof(SF_EXTENSION), NULL, FILE_DEVICE_MOUSE, 0, FALSE,
                            &g_MouseFilter);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(file);
        return status;
    }
    lower = IoAttachDeviceToDeviceStack(g_MouseFilter, target);
    ObDereferenceObject(file);
    ((PSF_EXTENSION)g_MouseFilter->DeviceExtension)->Lower = lower;
    g_MouseFilter->Flags |= lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE); // expect: DE018
    g_MouseFilter->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\Serial0");
    PFILE_OBJECT file;
    PDEVICE_OBJECT target;
    PSF_EXTENSION ext;
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = SfPass;
    }

    status = IoGetDeviceObjectPointer(&name, FILE_READ_DATA, &file, &target);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateDevice(DriverObject, sizeof(SF_EXTENSION), NULL, FILE_DEVICE_SERIAL_PORT, 0, FALSE,
                            &g_SerialFilter);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(file);
        return status;
    }
    ext = (PSF_EXTENSION)g_SerialFilter->DeviceExtension;
    ext->Lower = IoAttachDeviceToDeviceStack(g_SerialFilter, target);
    ObDereferenceObject(file);
    g_SerialFilter->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE); // expect: DE018
    g_SerialFilter->Flags &= ~DO_DEVICE_INITIALIZING;

    status = SfAttachMouse(DriverObject);
    if (!NT_SUCCESS(status)) {
        IoDetachDevice(ext->Lower);
        IoDeleteDevice(g_SerialFilter);
        return status;
    }
    DriverObject->DriverUnload = SfUnload;
    return STATUS_SUCCESS;
}
