// dispatch.cpp - control device IRP handlers for pktio.

#include "ndisprot.h"

static NTSTATUS
CompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Information = 0)
{
    Irp->IoStatus.Status      = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

extern "C"
NTSTATUS
PktioCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto stack = IoGetCurrentIrpStackLocation(Irp);
    if (stack->MajorFunction == IRP_MJ_CREATE) {
        stack->FileObject->FsContext = nullptr;
    }
    return CompleteIrp(Irp, STATUS_SUCCESS);
}

extern "C"
NTSTATUS
PktioCleanup(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto binding = static_cast<PktioBinding*>(stack->FileObject->FsContext);
    if (binding != nullptr) {
        InterlockedDecrement(&binding->RefCount);
        stack->FileObject->FsContext = nullptr;
    }
    return CompleteIrp(Irp, STATUS_SUCCESS);
}

extern "C"
NTSTATUS
PktioRead(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    // Receive queueing is not wired yet.
    return CompleteIrp(Irp, STATUS_DEVICE_NOT_READY);
}

extern "C"
NTSTATUS
PktioWrite(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return CompleteIrp(Irp, STATUS_NOT_SUPPORTED);
}

static PktioBinding*
FindBinding(_In_ PCUNICODE_STRING Name)
{
    PktioBinding* found = nullptr;

    NdisAcquireSpinLock(&g_Pktio.BindingsLock);
    for (auto entry = g_Pktio.Bindings.Flink; entry != &g_Pktio.Bindings; entry = entry->Flink) {
        auto binding = CONTAINING_RECORD(entry, PktioBinding, Link);
        if (RtlEqualUnicodeString(&binding->DeviceName, Name, TRUE)) {
            InterlockedIncrement(&binding->RefCount);
            found = binding;
            break;
        }
    }
    NdisReleaseSpinLock(&g_Pktio.BindingsLock);
    return found;
}

extern "C"
NTSTATUS
PktioDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto& ioctl = stack->Parameters.DeviceIoControl;

    switch (ioctl.IoControlCode) {
    case IOCTL_PKTIO_OPEN_ADAPTER: {
        if (ioctl.InputBufferLength < sizeof(WCHAR) || ioctl.InputBufferLength > MAXUSHORT) {
            return CompleteIrp(Irp, STATUS_INVALID_PARAMETER);
        }
        UNICODE_STRING name;
        name.Buffer        = static_cast<PWCH>(Irp->AssociatedIrp.SystemBuffer);
        name.Length        = static_cast<USHORT>(ioctl.InputBufferLength & ~1u);
        name.MaximumLength = name.Length;

        auto binding = FindBinding(&name);
        if (binding == nullptr) {
            return CompleteIrp(Irp, STATUS_OBJECT_NAME_NOT_FOUND);
        }
        stack->FileObject->FsContext = binding;
        return CompleteIrp(Irp, STATUS_SUCCESS);
    }

    case IOCTL_PKTIO_QUERY_BINDING: {
        auto binding = static_cast<PktioBinding*>(stack->FileObject->FsContext);
        if (binding == nullptr) {
            return CompleteIrp(Irp, STATUS_INVALID_DEVICE_STATE);
        }
        if (ioctl.OutputBufferLength < binding->DeviceName.Length) {
            return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, binding->DeviceName.Buffer,
                      binding->DeviceName.Length);
        return CompleteIrp(Irp, STATUS_SUCCESS, binding->DeviceName.Length);
    }

    default:
        return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}
