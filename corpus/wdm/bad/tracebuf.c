/*
 * tracebuf.c - legacy driver that keeps a nonpaged trace buffer for the
 * field-diagnostics tool of the TB-9 controller and flushes it to the
 * boot volume at shutdown (IoRegisterShutdownNotification).
 *
 * Cleanup follows the usual goto ladder. BUG (DE006): when the symbolic
 * link cannot be created the code jumps to FreeBuffer, one step too far
 * down the ladder, so the device object created just before is leaked and
 * the next load fails with STATUS_OBJECT_NAME_COLLISION.
 */

#include <ntddk.h>

#define TRACEBUF_TAG    'fBrT'
#define TRACEBUF_BYTES  (256 * 1024)

typedef struct _TRACEBUF_GLOBALS {
    PUCHAR         Buffer;
    ULONG          Used;
    PDEVICE_OBJECT Device;
} TRACEBUF_GLOBALS;

static TRACEBUF_GLOBALS TbGlobals;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TbUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH TbCreateClose;

_Dispatch_type_(IRP_MJ_SHUTDOWN)
DRIVER_DISPATCH TbShutdown;

static UNICODE_STRING TbDeviceName = RTL_CONSTANT_STRING(L"\\Device\\TraceBuf");
static UNICODE_STRING TbLinkName   = RTL_CONSTANT_STRING(L"\\DosDevices\\TraceBuf");

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PUCHAR buffer;
    PDEVICE_OBJECT device = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    buffer = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, TRACEBUF_BYTES, TRACEBUF_TAG);
    if (buffer == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Exit;
    }
    RtlZeroMemory(buffer, TRACEBUF_BYTES);

    status = IoCreateDevice(DriverObject, 0, &TbDeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        goto FreeBuffer;
    }

    status = IoCreateSymbolicLink(&TbLinkName, &TbDeviceName);
    if (!NT_SUCCESS(status)) {
        goto FreeBuffer;                /* should be DeleteDevice */
    }

    status = IoRegisterShutdownNotification(device);
    if (!NT_SUCCESS(status)) {
        goto DeleteLink;
    }

    TbGlobals.Buffer = buffer;
    TbGlobals.Used = 0;
    TbGlobals.Device = device;

    DriverObject->MajorFunction[IRP_MJ_CREATE]   = TbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]    = TbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = TbShutdown;
    DriverObject->DriverUnload = TbUnload;

    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

DeleteLink:
    IoDeleteSymbolicLink(&TbLinkName);
DeleteDevice:
    IoDeleteDevice(device);
FreeBuffer:
    ExFreePoolWithTag(buffer, TRACEBUF_TAG);
Exit:
    return status;                                      // expect: DE006
}

VOID
TbUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    IoUnregisterShutdownNotification(TbGlobals.Device);
    IoDeleteSymbolicLink(&TbLinkName);
    IoDeleteDevice(TbGlobals.Device);
    ExFreePoolWithTag(TbGlobals.Buffer, TRACEBUF_TAG);
}

NTSTATUS
TbCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
TbShutdown(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    /* Writing the buffer to the boot volume is elided in this excerpt. */
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
