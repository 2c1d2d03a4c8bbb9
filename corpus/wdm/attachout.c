/*
 * attachout.c - "tcpwatch": a legacy filter above \Device\Tcp. A helper
 * creates the filter device, attaches it and hands both the filter and the
 * device below back through its out parameters, into globals. The unload
 * routine detaches the filter from the device below, then deletes it.
 */

#include <ntddk.h>

typedef struct _TW_EXT {
    PDEVICE_OBJECT Lower;
} TW_EXT, *PTW_EXT;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TwUnload;
DRIVER_DISPATCH TwPass;

static PDEVICE_OBJECT g_TwFilter;
static PDEVICE_OBJECT g_TwLower;

NTSTATUS
TwPass(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PTW_EXT ext = (PTW_EXT)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

static NTSTATUS
TwAttach(_In_ PDRIVER_OBJECT DriverObject, _In_ PCWSTR Target, _Out_ PDEVICE_OBJECT *Filter,
         _Out_ PDEVICE_OBJECT *Lower)
{
    UNICODE_STRING name;
    PDEVICE_OBJECT fdo;
    PTW_EXT ext;
    NTSTATUS status;

    RtlInitUnicodeString(&name, Target);
    status = IoCreateDevice(DriverObject, sizeof(TW_EXT), NULL, FILE_DEVICE_NETWORK, 0, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = (PTW_EXT)fdo->DeviceExtension;
    status = IoAttachDevice(fdo, &name, &ext->Lower);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(fdo);
        return status;
    }
    fdo->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO);
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    *Filter = fdo;
    *Lower = ext->Lower;
    return STATUS_SUCCESS;
}

VOID
TwUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDetachDevice(g_TwLower);
    IoDeleteDevice(g_TwFilter);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = TwPass;
    }
    status = TwAttach(DriverObject, L"\\Device\\Tcp", &g_TwFilter, &g_TwLower);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DriverObject->DriverUnload = TwUnload;
    return STATUS_SUCCESS;
}
