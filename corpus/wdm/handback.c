/*
 * handback.c - "tcpwatch" of attachout.c, whose DriverEntry also creates a
 * control device after the filter: when that fails, it detaches and
 * deletes the filter the helper handed back. The helper hands the filter
 * back only once it is attached, so a failed attach, which deletes it
 * there, leaves the global NULL.
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
static PDEVICE_OBJECT g_TwControl;

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
    IoDeleteDevice(g_TwControl);
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
        goto fail;
    }
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_TwControl);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }
    DriverObject->DriverUnload = TwUnload;
    return STATUS_SUCCESS;

fail:
    if (g_TwFilter != NULL) {
        IoDetachDevice(g_TwLower);
        IoDeleteDevice(g_TwFilter);
    }
    return status;
}
