/*
 * twolinks.c - legacy WDM driver of a diagnostics tool: one control device
 * that user mode reaches through two symbolic links, the session-local name
 * older tools open and the global one newer services open. Each link has a
 * create and a delete helper.
 *
 * BUG (DE006): when the second link cannot be created, the failure path calls
 * the delete helper of that link (the one that failed) instead of the first
 * one's, a copy-and-paste slip: the first link is left behind pointing at a
 * deleted device, and the next load fails with STATUS_OBJECT_NAME_COLLISION.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TlUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH TlCreateClose;

static PDEVICE_OBJECT TlDevice;
static UNICODE_STRING TlDeviceName = RTL_CONSTANT_STRING(L"\\Device\\TwoLinks");
static UNICODE_STRING TlLocalLink = RTL_CONSTANT_STRING(L"\\DosDevices\\TwoLinks");
static UNICODE_STRING TlGlobalLink = RTL_CONSTANT_STRING(L"\\DosDevices\\Global\\TwoLinksSvc");

static NTSTATUS
TlCreateLocalLink(VOID)
{
    return IoCreateSymbolicLink(&TlLocalLink, &TlDeviceName);
}

static VOID
TlDeleteLocalLink(VOID)
{
    IoDeleteSymbolicLink(&TlLocalLink);
}

static NTSTATUS
TlCreateGlobalLink(VOID)
{
    return IoCreateSymbolicLink(&TlGlobalLink, &TlDeviceName);
}

static VOID
TlDeleteGlobalLink(VOID)
{
    IoDeleteSymbolicLink(&TlGlobalLink);
}

NTSTATUS
TlCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
TlUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    TlDeleteGlobalLink();
    TlDeleteLocalLink();
    IoDeleteDevice(TlDevice);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &TlDeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &TlDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = TlCreateLocalLink();
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(TlDevice);
        return status;
    }

    status = TlCreateGlobalLink();
    if (!NT_SUCCESS(status)) {
        KdPrint(("twolinks: global link failed 0x%08X\n", status));
        TlDeleteGlobalLink();
        IoDeleteDevice(TlDevice);
        return status;                                  // expect: DE006
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = TlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]  = TlCreateClose;
    DriverObject->DriverUnload = TlUnload;
    return STATUS_SUCCESS;
}
