// config.c - Driver-wide configuration and the WDF objects shared by all devices.

#include "vsensor.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, VsLoadConfiguration)
#pragma alloc_text(INIT, VsCreateDriverObjects)
#endif

NTSTATUS
VsLoadConfiguration(
    _In_ WDFDRIVER Driver,
    _Inout_ PVS_DRIVER_CONTEXT Ctx
    )
{
    NTSTATUS status;
    WDFKEY key;
    ULONG value;
    DECLARE_CONST_UNICODE_STRING(sampleSizeName, L"SampleSize");
    DECLARE_CONST_UNICODE_STRING(maxDevicesName, L"MaxDevices");

    PAGED_CODE();

    Ctx->SampleSize = VS_DEFAULT_SAMPLE_SIZE;
    Ctx->MaxDevices = VS_DEFAULT_MAX_DEVICES;

    status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        return STATUS_SUCCESS;
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(key, &sampleSizeName, &value)) &&
        value >= sizeof(ULONG) && value <= VS_MAX_SAMPLE_SIZE) {
        Ctx->SampleSize = value;
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(key, &maxDevicesName, &value)) &&
        value >= 1 && value <= 64) {
        Ctx->MaxDevices = value;
    }

    WdfRegistryClose(key);
    return STATUS_SUCCESS;
}

NTSTATUS
VsCreateDriverObjects(
    _In_ WDFDRIVER Driver,
    _Inout_ PVS_DRIVER_CONTEXT Ctx
    )
{
    NTSTATUS status;
    WDF_OBJECT_ATTRIBUTES attributes;

    PAGED_CODE();

    //
    // Everything created here is a child of the WDFDRIVER: the framework
    // deletes it when the driver object goes away, including when
    // DriverEntry fails after WdfDriverCreate succeeded.
    //
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Driver;

    status = WdfWaitLockCreate(&attributes, &Ctx->DeviceListLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfCollectionCreate(&attributes, &Ctx->Devices);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfLookasideListCreate(&attributes,
                                    Ctx->SampleSize,
                                    NonPagedPoolNx,
                                    WDF_NO_OBJECT_ATTRIBUTES,
                                    VS_POOL_TAG,
                                    &Ctx->SampleLookaside);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    return STATUS_SUCCESS;
}
