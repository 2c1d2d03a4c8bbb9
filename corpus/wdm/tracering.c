/*
 * tracering.c - legacy tracing driver: a control device, a trace ring kept in
 * nonpaged pool and a shutdown notification that flushes it.
 *
 * Each step that fails puts its status in `status` before it breaks out of
 * the `do { } while (0)` block (TrAllocateRing's FALSE becomes
 * STATUS_INSUFFICIENT_RESOURCES), and the block after it undoes what was set
 * up: DE019 is not reported.
 */

#include <ntddk.h>

#define TR_TAG 'gRrT'

typedef struct _TR_GLOBALS {
    PDEVICE_OBJECT Device;
    PUCHAR Ring;
    ULONG RingSize;
} TR_GLOBALS;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TrUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH TrCreateClose;
_Dispatch_type_(IRP_MJ_SHUTDOWN) DRIVER_DISPATCH TrShutdown;

static TR_GLOBALS Tr;

static NTSTATUS
TrCreateDevice(_In_ PDRIVER_OBJECT DriverObject, _Inout_ TR_GLOBALS *Globals)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\TraceRing");
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &Globals->Device);
    if (!NT_SUCCESS(status)) {
        Globals->Device = NULL;
        return status;
    }
    Globals->Device->Flags |= DO_BUFFERED_IO;
    return STATUS_SUCCESS;
}

static BOOLEAN
TrAllocateRing(_Inout_ TR_GLOBALS *Globals, _In_ ULONG Size)
{
    Globals->Ring = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, Size, TR_TAG);
    if (Globals->Ring == NULL) {
        return FALSE;
    }
    Globals->RingSize = Size;
    return TRUE;
}

NTSTATUS
TrCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
TrShutdown(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
TrUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoUnregisterShutdownNotification(Tr.Device);
    if (Tr.Ring != NULL) {
        ExFreePoolWithTag(Tr.Ring, TR_TAG);
    }
    IoDeleteDevice(Tr.Device);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = TrCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TrCreateClose;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = TrShutdown;
    DriverObject->DriverUnload = TrUnload;

    do {
        status = TrCreateDevice(DriverObject, &Tr);
        if (!NT_SUCCESS(status)) {
            break;
        }

        if (!TrAllocateRing(&Tr, 256 * 1024)) {
            KdPrint(("tracering: no ring\n"));
            status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }

        status = IoRegisterShutdownNotification(Tr.Device);
        if (!NT_SUCCESS(status)) {
            break;
        }

        Tr.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    } while (0);

    if (!NT_SUCCESS(status)) {
        if (Tr.Ring != NULL) {
            ExFreePoolWithTag(Tr.Ring, TR_TAG);
            Tr.Ring = NULL;
        }
        if (Tr.Device != NULL) {
            IoDeleteDevice(Tr.Device);
            Tr.Device = NULL;
        }
    }
    return status;
}
