/*
 * driver.c - DriverEntry / Unload of wdmram
 */
#include "wdmram.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WrUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, WrUnload)
#endif

static UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\WdmRam0");
static UNICODE_STRING g_LinkName   = RTL_CONSTANT_STRING(L"\\DosDevices\\WdmRam0");

VOID
WrUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PDEVICE_OBJECT device = DriverObject->DeviceObject;
    PWR_EXTENSION ext;

    PAGED_CODE();

    WR_PRINT("unload\n");

    if (device == NULL) {
        return;
    }

    ext = (PWR_EXTENSION)device->DeviceExtension;
    WR_PRINT("%lu reads, %lu writes\n", ext->Reads, ext->Writes);

    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(device);

    WrReleaseImage(ext);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PDEVICE_OBJECT device = NULL;
    PWR_EXTENSION ext;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    WR_PRINT("DriverEntry\n");

    status = IoCreateDevice(DriverObject,
                            sizeof(WR_EXTENSION),
                            &g_DeviceName,
                            FILE_DEVICE_DISK,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &device);
    WR_CHECK(status, "IoCreateDevice");
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PWR_EXTENSION)device->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = device;

    status = WrAllocateImage(ext, WR_IMAGE_BYTES);
    WR_CHECK(status, "WrAllocateImage");
    if (!NT_SUCCESS(status)) {
        goto fail_device;
    }

    status = IoCreateSymbolicLink(&g_LinkName, &g_DeviceName);
    WR_CHECK(status, "IoCreateSymbolicLink");
    if (!NT_SUCCESS(status)) {
        goto fail_image;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = WrDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = WrDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]           = WrDispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE]          = WrDispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = WrDispatchDeviceControl;
    DriverObject->DriverUnload = WrUnload;

    device->Flags |= DO_DIRECT_IO;
    device->AlignmentRequirement = FILE_WORD_ALIGNMENT;
    device->Flags &= ~DO_DEVICE_INITIALIZING;

    return STATUS_SUCCESS;

fail_image:
    WrReleaseImage(ext);
fail_device:
    IoDeleteDevice(device);
    return status;
}
