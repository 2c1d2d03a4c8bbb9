/*
 * svctail.c - "svctail": a legacy driver that names its log lines after
 * its service, the last component of its registry path. DriverEntry finds
 * where that component starts in RegistryPath's characters and copies it
 * into a buffer of its own: the caller's characters are freed once
 * DriverEntry returns, and the dispatch routine reads the name later.
 *
 * BUG (DE004): this one keeps a pointer to where the component starts in
 * the caller's characters instead of copying them.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD StUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH StCreateClose;

static UNICODE_STRING g_StService;
static PDEVICE_OBJECT g_StDevice;

NTSTATUS
StCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    DbgPrint("%wZ: open or close\n", &g_StService);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
StUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_StDevice);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    USHORT i;
    NTSTATUS status;

    i = RegistryPath->Length / sizeof(WCHAR);
    while (i > 0 && RegistryPath->Buffer[i - 1] != L'\\') {
        i--;
    }
    g_StService.Buffer = &RegistryPath->Buffer[i]; // expect: DE004
    g_StService.Length = (USHORT)(RegistryPath->Length - i * sizeof(WCHAR));
    g_StService.MaximumLength = g_StService.Length;

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_StDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = StCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = StCreateClose;
    DriverObject->DriverUnload = StUnload;
    return STATUS_SUCCESS;
}
