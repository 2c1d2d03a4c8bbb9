#include "sensclass.h"

DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

UCHAR SensDriverExtensionKey;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    CLASS_INIT_DATA initData;
    PSENS_DRIVER_EXTENSION drvExt = NULL;

    SENS_LOG("DriverEntry %wZ", RegistryPath);

    //
    // 1. driver object extension for our own global data
    //
    status = IoAllocateDriverObjectExtension(DriverObject,
                                             SENS_DRIVER_EXTENSION_KEY,
                                             sizeof(SENS_DRIVER_EXTENSION),
                                             (PVOID*)&drvExt);
    if (status == STATUS_OBJECT_NAME_COLLISION) {
        drvExt = IoGetDriverObjectExtension(DriverObject, SENS_DRIVER_EXTENSION_KEY);
    }

    //
    // 2. registry path + defaults
    //
    if (!SensInitDriverExtension(drvExt, RegistryPath)) {
        SENS_LOG("no Parameters key, poll interval %lus", drvExt->PollSeconds);
    }

    //
    // 3. entry points; classpnp fills in the MajorFunction table for us
    //
    RtlZeroMemory(&initData, sizeof(CLASS_INIT_DATA));
    initData.InitializationDataSize = sizeof(CLASS_INIT_DATA);

    initData.FdoData.DeviceExtensionSize = FUNCTIONAL_EXTENSION_SIZE + sizeof(SENS_FDO_DATA);
    initData.FdoData.DeviceType = FILE_DEVICE_UNKNOWN;
    initData.FdoData.DeviceCharacteristics = FILE_DEVICE_SECURE_OPEN;

    initData.FdoData.ClassInitDevice = SensInitDevice;
    initData.FdoData.ClassStartDevice = SensStartDevice;
    initData.FdoData.ClassStopDevice = SensStopDevice;
    initData.FdoData.ClassRemoveDevice = SensRemoveDevice;
    initData.FdoData.ClassPowerDevice = ClassMinimalPowerHandler;
    initData.FdoData.ClassReadWriteVerification = SensReadWriteVerification;
    initData.FdoData.ClassDeviceControl = SensDeviceControl;
    initData.FdoData.ClassShutdownFlush = SensShutdownFlush;
    initData.FdoData.ClassError = NULL;
    initData.FdoData.ClassCreateClose = NULL;

    initData.ClassAddDevice = SensAddDevice;
    initData.ClassTick = SensTick;
    initData.ClassUnload = SensUnload;

    status = ClassInitialize(DriverObject, RegistryPath, &initData);
    if (!NT_SUCCESS(status)) {
        SENS_LOG("ClassInitialize failed 0x%08X", status);
    }
    return status;
}
