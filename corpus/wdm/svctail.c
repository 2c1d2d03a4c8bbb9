/*
 * svctail.c - "svctail": a legacy driver that names its log lines after
 * its service, the last component of its registry path. DriverEntry finds
 * where that component starts in RegistryPath's characters and copies it
 * into a buffer of its own: the caller's characters are freed once
 * DriverEntry returns, and the dispatch routine reads the name later.
 */

#include <ntddk.h>

#define ST_TAG 'lTtS'

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
    if (g_StService.Buffer != NULL) {
        ExFreePoolWithTag(g_StService.Buffer, ST_TAG);
    }
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING tail;
    USHORT i;
    NTSTATUS status;

    i = RegistryPath->Length / sizeof(WCHAR);
    while (i > 0 && RegistryPath->Buffer[i - 1] != L'\\') {
        i--;
    }
    tail.Buffer = &RegistryPath->Buffer[i];
    tail.Length = (USHORT)(RegistryPath->Length - i * sizeof(WCHAR));
    tail.MaximumLength = tail.Length;

    g_StService.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, tail.Length, ST_TAG);
    if (g_StService.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g_StService.Length = 0;
    g_StService.MaximumLength = tail.Length;
    RtlCopyUnicodeString(&g_StService, &tail);

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_StDevice);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(g_StService.Buffer, ST_TAG);
        g_StService.Buffer = NULL;
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = StCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = StCreateClose;
    DriverObject->DriverUnload = StUnload;
    return STATUS_SUCCESS;
}
