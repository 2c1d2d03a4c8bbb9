/*
 * driver.c - entry/exit. Each module has an Init/Uninit pair and
 * DriverEntry calls them in order; unload calls them in reverse.
 */
#include "portwall.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     PwUnload;

PW_GLOBALS Globals;

static NTSTATUS
PwDeviceInit(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    NTSTATUS status;

    /* WFP only needs a device object to hang callouts off; unnamed is fine */
    status = IoCreateDevice(DriverObject,
                            0,
                            NULL,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &Globals.DeviceObject);
    if (!NT_SUCCESS(status)) {
        Globals.DeviceObject = NULL;
    }
    return status;
}

static VOID
PwDeviceUninit(
    VOID
    )
{
    if (Globals.DeviceObject != NULL) {
        IoDeleteDevice(Globals.DeviceObject);
        Globals.DeviceObject = NULL;
    }
}

_Use_decl_annotations_
VOID
PwUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PW_TRACE("unload, %ld connects blocked", Globals.Blocked);

    PwBfeUninit();
    PwCalloutsUninit();
    PwDeviceUninit();
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&Globals, sizeof(Globals));
    Globals.DriverObject = DriverObject;

    status = PwDeviceInit(DriverObject);
    if (!NT_SUCCESS(status)) {
        PW_ERROR("IoCreateDevice 0x%08x", status);
        goto fail;
    }

    status = PwCalloutsInit(Globals.DeviceObject);
    if (!NT_SUCCESS(status)) {
        PW_ERROR("callout registration 0x%08x", status);
        goto fail_device;
    }

    status = PwBfeInit();
    if (!NT_SUCCESS(status)) {
        PW_ERROR("BFE setup 0x%08x (is BFE running?)", status);
        goto fail_device;
    }

    DriverObject->DriverUnload = PwUnload;
    PW_TRACE("loaded, callouts v4=%u v6=%u", Globals.CalloutIdV4, Globals.CalloutIdV6);
    return STATUS_SUCCESS;

fail_device:
    PwDeviceUninit();
fail:
    return status;
}
