//
// filter.cpp - attach/detach and the pass-through dispatch routines
//
#include "tdiwatch.h"

namespace tw {

NTSTATUS Filter::Attach(PDRIVER_OBJECT driver, PCWSTR target, PDEVICE_OBJECT* filterDevice)
{
    *filterDevice = nullptr;

    UNICODE_STRING name;
    RtlInitUnicodeString(&name, target);

    PFILE_OBJECT   targetFile = nullptr;
    PDEVICE_OBJECT targetDevice = nullptr;
    NTSTATUS status = IoGetDeviceObjectPointer(&name, FILE_READ_ATTRIBUTES, &targetFile, &targetDevice);
    if (!NT_SUCCESS(status)) {
        TW_PRINT("IoGetDeviceObjectPointer(%ws) 0x%08X", target, status);
        return status;
    }

    PDEVICE_OBJECT fdo = nullptr;
    status = IoCreateDevice(driver, sizeof(FilterExtension), nullptr, targetDevice->DeviceType,
                            targetDevice->Characteristics, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        TW_PRINT("IoCreateDevice 0x%08X", status);
        ObDereferenceObject(targetFile);
        return status;
    }

    auto ext = static_cast<FilterExtension*>(fdo->DeviceExtension);
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Signature  = kSignature;
    ext->Self       = fdo;
    ext->TargetName = target;
    IoInitializeRemoveLock(&ext->RemoveLock, TW_TAG, 0, 0);

    status = IoAttachDeviceToDeviceStackSafe(fdo, targetDevice, &ext->Lower);

    // the file object was only needed to find the device (IoAttachDevice does the same)
    ObDereferenceObject(targetFile);

    if (!NT_SUCCESS(status) || ext->Lower == nullptr) {
        TW_PRINT("attach to %ws failed 0x%08X", target, status);
        IoDeleteDevice(fdo);
        return NT_SUCCESS(status) ? STATUS_NO_SUCH_DEVICE : status;
    }

    fdo->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO);
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;

    *filterDevice = fdo;
    return STATUS_SUCCESS;
}

void Filter::Detach(PDEVICE_OBJECT fdo)
{
    auto ext = static_cast<FilterExtension*>(fdo->DeviceExtension);

    // stop new requests from reaching us, then wait for the ones inside
    IoAcquireRemoveLock(&ext->RemoveLock, fdo);
    IoDetachDevice(ext->Lower);
    IoReleaseRemoveLockAndWait(&ext->RemoveLock, fdo);

    IoDeleteDevice(fdo);
}

void Filter::Dump(PDEVICE_OBJECT fdo)
{
    auto ext = static_cast<FilterExtension*>(fdo->DeviceExtension);
    for (ULONG i = 0; i < TW_MAX_MINOR; ++i) {
        if (ext->Counts[i] != 0) {
            TW_PRINT("%ws minor 0x%02X: %ld", ext->TargetName, i, ext->Counts[i]);
        }
    }
}

NTSTATUS Filter::PassDown(FilterExtension* ext, PIRP irp)
{
    NTSTATUS status = IoAcquireRemoveLock(&ext->RemoveLock, irp);
    if (!NT_SUCCESS(status)) {
        irp->IoStatus.Status = status;
        irp->IoStatus.Information = 0;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        return status;
    }

    IoSkipCurrentIrpStackLocation(irp);
    status = IoCallDriver(ext->Lower, irp);
    IoReleaseRemoveLock(&ext->RemoveLock, irp);
    return status;
}

NTSTATUS Filter::Dispatch(PDEVICE_OBJECT device, PIRP irp)
{
    return PassDown(static_cast<FilterExtension*>(device->DeviceExtension), irp);
}

NTSTATUS Filter::DispatchInternal(PDEVICE_OBJECT device, PIRP irp)
{
    auto ext = static_cast<FilterExtension*>(device->DeviceExtension);
    UCHAR minor = IoGetCurrentIrpStackLocation(irp)->MinorFunction;

    if (minor < TW_MAX_MINOR) {
        InterlockedIncrement(&ext->Counts[minor]);
    }
    return PassDown(ext, irp);
}

} // namespace tw
