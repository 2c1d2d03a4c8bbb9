/*
 * chime.c - a legacy filter above a named device. The attach puts the
 * device below in the filter's extension, where the dispatch routine
 * finds it; DriverEntry also copies it to a global for the unload
 * routine, which detaches the filter before it deletes it.
 */

#include <ntddk.h>

#define CHIME_TARGET L"\\Device\\Beep"

typedef struct _CHIME_EXTENSION {
    PDEVICE_OBJECT Lower;
} CHIME_EXTENSION, *PCHIME_EXTENSION;

static struct {
    PDEVICE_OBJECT Filter;
    PDEVICE_OBJECT Lower;
} g_Chime;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD ChimeUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH ChimePass;

NTSTATUS
ChimePass(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PCHIME_EXTENSION ext = (PCHIME_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

VOID
ChimeUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDetachDevice(g_Chime.Lower);
    IoDeleteDevice(g_Chime.Filter);
}

NTSTATUS
DriverEntry( // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING target = RTL_CONSTANT_STRING(CHIME_TARGET);
    PFILE_OBJECT file;
    PDEVICE_OBJECT below;
    PCHIME_EXTENSION ext;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoGetDeviceObjectPointer(&target, FILE_READ_DATA, &file, &below);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateDevice(DriverObject, sizeof(CHIME_EXTENSION), NULL, below->DeviceType, 0, FALSE,
                            &g_Chime.Filter);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(file);
        return status;
    }
    ext = (PCHIME_EXTENSION)g_Chime.Filter->DeviceExtension;
    ext->Lower = NULL;
    g_Chime.Filter->Flags |= below->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO);

    status = IoAttachDeviceToDeviceStackSafe(g_Chime.Filter, below, &ext->Lower);
    ObDereferenceObject(file);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Chime.Filter);
        return status;
    }
    g_Chime.Lower = ext->Lower;
    g_Chime.Filter->Flags &= ~DO_DEVICE_INITIALIZING;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = ChimePass;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ChimePass;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ChimePass;
    DriverObject->MajorFunction[IRP_MJ_PNP] = ChimePass;
    DriverObject->DriverUnload = ChimeUnload;
    return STATUS_SUCCESS;
}
