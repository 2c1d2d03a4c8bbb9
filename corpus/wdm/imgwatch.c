/*
 * imgwatch.c - legacy WDM driver that counts image loads unless its
 * Parameters key disables it. The start routine reads the setting into a
 * file-scope flag and registers the image-load callback only when the
 * watcher is enabled; the stop routine tests the same flag before removing
 * it. DriverEntry calls the stop routine when creating its device fails.
 *
 * What the start routine's test learned of the flag still holds when the
 * stop routine tests it: the removal is not skipped on any path that
 * registered, so there is no finding.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD IwUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH IwCreateClose;

static ULONG IwDisabled;
static PDEVICE_OBJECT IwDevice;
static volatile LONG IwLoads;

static VOID
IwImageLoaded(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);
    InterlockedIncrement(&IwLoads);
}

static VOID
IwReadSettings(PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name = L"Disabled";
    table[0].EntryContext = &IwDisabled;
    RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, table, NULL, NULL);
}

static NTSTATUS
IwStart(PUNICODE_STRING RegistryPath)
{
    IwReadSettings(RegistryPath);
    if (IwDisabled) {
        return STATUS_SUCCESS;
    }
    return PsSetLoadImageNotifyRoutine(IwImageLoaded);
}

static VOID
IwStop(VOID)
{
    if (IwDisabled) {
        return;
    }
    PsRemoveLoadImageNotifyRoutine(IwImageLoaded);
}

_Use_decl_annotations_
NTSTATUS
IwCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
IwUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IwStop();
    IoDeleteDevice(IwDevice);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNICODE_STRING name;
    NTSTATUS status;

    status = IwStart(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitUnicodeString(&name, L"\\Device\\ImgWatch");
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &IwDevice);
    if (!NT_SUCCESS(status)) {
        IwStop();
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = IwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = IwCreateClose;
    DriverObject->DriverUnload = IwUnload;
    return STATUS_SUCCESS;
}
