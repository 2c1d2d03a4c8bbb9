//
// driver.cpp - DriverEntry and unload for wormclass
//
#include <initguid.h>
#include "wormclass.h"

using namespace worm;

extern "C" DRIVER_INITIALIZE DriverEntry;

static VOID
WormUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    ChangerTracker::Unregister();
    WLOG("unloaded");
}

extern "C" NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    CLASS_INIT_DATA init;
    NTSTATUS        status;

    WLOG("DriverEntry %wZ", RegistryPath);

    // changer tracking is a nice-to-have; a drive works without it
    status = ChangerTracker::Register(DriverObject);
    if (!NT_SUCCESS(status)) {
        WERR("changer notifications unavailable (0x%08X)", status);
    }
    ChangerTracker::Init();

    RtlZeroMemory(&init, sizeof(init));
    init.InitializationDataSize = sizeof(CLASS_INIT_DATA);

    init.FdoData.DeviceExtensionSize   = sizeof(FUNCTIONAL_DEVICE_EXTENSION) + sizeof(WormData);
    init.FdoData.DeviceType            = FILE_DEVICE_DISK;
    init.FdoData.DeviceCharacteristics = FILE_REMOVABLE_MEDIA | FILE_WRITE_ONCE_MEDIA;

    init.FdoData.ClassError                 = WormError;
    init.FdoData.ClassReadWriteVerification = WormReadWriteVerification;
    init.FdoData.ClassDeviceControl         = WormDeviceControl;
    init.FdoData.ClassShutdownFlush         = WormShutdownFlush;
    init.FdoData.ClassCreateClose           = nullptr;
    init.FdoData.ClassInitDevice            = WormInitDevice;
    init.FdoData.ClassStartDevice           = WormStartDevice;
    init.FdoData.ClassStopDevice            = WormStopDevice;
    init.FdoData.ClassRemoveDevice          = WormRemoveDevice;
    init.FdoData.ClassPowerDevice           = ClassSpinDownPowerHandler;

    init.ClassAddDevice = WormAddDevice;
    init.ClassUnload    = WormUnload;

    status = (NTSTATUS)ClassInitialize(DriverObject, RegistryPath, &init);
    if (!NT_SUCCESS(status)) {
        WERR("ClassInitialize failed 0x%08X", status);
        return status;
    }

    WLOG("ready, %lu changer(s) known", ChangerTracker::Count());
    return STATUS_SUCCESS;
}
