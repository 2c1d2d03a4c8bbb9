/*
 * fdo.c - creation and destruction of the pdisk FDO
 */
#include <ntddk.h>
#include <initguid.h>
#include <ntddstor.h>
#include "pdisk.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, PdAddDevice)
#pragma alloc_text(PAGE, PdDestroyFdo)
#endif

NTSTATUS
PdAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT Pdo
    )
{
    PDEVICE_OBJECT fdo = NULL;
    PPD_FDO_EXTENSION ext;
    NTSTATUS status;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject, sizeof(PD_FDO_EXTENSION), NULL,
                            FILE_DEVICE_DISK, FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        PDPRINT(("pdisk: IoCreateDevice 0x%08X\n", status));
        return status;
    }

    ext = (PPD_FDO_EXTENSION)fdo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self  = fdo;
    ext->Pdo   = Pdo;
    ext->State = PdStopped;
    IoInitializeRemoveLock(&ext->RemoveLock, PD_TAG, 0, 0);

    ext->Image = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, PD_IMAGE_BYTES, PD_TAG);
    if (ext->Image == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail_delete;
    }

    ext->Lower = IoAttachDeviceToDeviceStack(fdo, Pdo);
    if (ext->Lower == NULL) {
        status = STATUS_NO_SUCH_DEVICE;
        goto fail_image;
    }

    status = IoRegisterDeviceInterface(Pdo, &GUID_DEVINTERFACE_DISK, NULL, &ext->InterfaceName);
    if (!NT_SUCCESS(status)) {
        PDPRINT(("pdisk: IoRegisterDeviceInterface 0x%08X\n", status));
        goto fail_detach;
    }

    status = PdWmiRegister(ext);
    if (!NT_SUCCESS(status)) {
        PDPRINT(("pdisk: WMI registration 0x%08X\n", status));
        goto fail_interface;
    }

    fdo->Flags |= DO_DIRECT_IO | DO_POWER_PAGABLE;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

fail_interface:
    RtlFreeUnicodeString(&ext->InterfaceName);
fail_detach:
    IoDetachDevice(ext->Lower);
fail_image:
    ExFreePoolWithTag(ext->Image, PD_TAG);
fail_delete:
    IoDeleteDevice(fdo);
    return status;
}

/*
 * Called from IRP_MN_REMOVE_DEVICE once the IRP went down the stack.
 */
VOID
PdDestroyFdo(
    _In_ PDEVICE_OBJECT Fdo
    )
{
    PPD_FDO_EXTENSION ext = (PPD_FDO_EXTENSION)Fdo->DeviceExtension;
    PDEVICE_OBJECT lower = ext->Lower;

    PAGED_CODE();

    if (ext->Image != NULL) {
        ExFreePoolWithTag(ext->Image, PD_TAG);
        ext->Image = NULL;
    }
    RtlFreeUnicodeString(&ext->InterfaceName);

    IoDeleteDevice(Fdo);
    IoDetachDevice(lower);
}
