/*++

Module Name:

    optjuke.c

Abstract:

    DriverEntry, AddDevice and Unload for the optical jukebox class driver.
    The PnP state machine, power and request queueing come from CLASSPNP;
    this file only fills in CLASS_INIT_DATA and creates the FDOs.

--*/

#include "optjuke.h"

//
// Unique address used as the ClientIdentificationAddress for our
// driver object extension.  Only its address matters.
//

UCHAR OptjDriverExtensionKey;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, OptjAddDevice)
#pragma alloc_text(PAGE, OptjUnload)
#endif


//
// DriverEntry - initializes the optical jukebox class driver.  Returns the
// final status from the initialization operation.
//
_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    CLASS_INIT_DATA         initData;
    POPTJ_DRIVER_EXTENSION  driverExtension = NULL;
    NTSTATUS                status;

    OptjPrint(("OptJuke: DriverEntry %wZ\n", RegistryPath));

    //
    // Allocate the per-driver extension.  The I/O manager frees it for us
    // when the driver object goes away, so there is no matching free.
    //

    status = IoAllocateDriverObjectExtension(DriverObject,
                                             &OptjDriverExtensionKey,
                                             sizeof(OPTJ_DRIVER_EXTENSION),
                                             (PVOID *)&driverExtension);

    if (!NT_SUCCESS(status)) {
        OptjPrint(("OptJuke: IoAllocateDriverObjectExtension failed %08x\n", status));
        return status;
    }

    RtlZeroMemory(driverExtension, sizeof(OPTJ_DRIVER_EXTENSION));

    //
    // Remember where our service key lives, the device init routine reads
    // the per-unit tuning values from there.
    //

    driverExtension->RegistryPath = *RegistryPath;
    driverExtension->DefaultTimeout = OPTJ_DEFAULT_TIMEOUT;

    RtlZeroMemory(&initData, sizeof(CLASS_INIT_DATA));

    initData.InitializationDataSize = sizeof(CLASS_INIT_DATA);

    initData.FdoData.DeviceExtensionSize   = sizeof(FUNCTIONAL_DEVICE_EXTENSION) +
                                             sizeof(OPTJ_FDO_DATA);
    initData.FdoData.DeviceType            = FILE_DEVICE_CHANGER;
    initData.FdoData.DeviceCharacteristics = FILE_REMOVABLE_MEDIA | FILE_DEVICE_SECURE_OPEN;

    initData.FdoData.ClassInitDevice            = OptjInitDevice;
    initData.FdoData.ClassStartDevice           = OptjStartDevice;
    initData.FdoData.ClassStopDevice            = OptjStopDevice;
    initData.FdoData.ClassRemoveDevice          = OptjRemoveDevice;
    initData.FdoData.ClassReadWriteVerification = OptjReadWriteVerification;
    initData.FdoData.ClassDeviceControl         = OptjDeviceControl;

    initData.ClassAddDevice = OptjAddDevice;
    initData.ClassUnload    = OptjUnload;

    status = ClassInitialize(DriverObject, RegistryPath, &initData);

    if (!NT_SUCCESS(status)) {
        OptjPrint(("OptJuke: ClassInitialize failed %08x\n", status));
    }

    return status;

} // end DriverEntry()


//
// Creates a new FDO for the PDO: claims the device from the port driver,
// creates the device object and attaches it to the stack.
//
_Use_decl_annotations_
NTSTATUS
OptjAddDevice(
    PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PDEVICE_OBJECT                  fdo = NULL;
    PFUNCTIONAL_DEVICE_EXTENSION    fdoExtension;
    POPTJ_DRIVER_EXTENSION          driverExtension;
    POPTJ_FDO_DATA                  fdoData;
    CCHAR                           nameBuffer[64];
    BOOLEAN                         claimed = FALSE;
    NTSTATUS                        status;

    PAGED_CODE();

    driverExtension = IoGetDriverObjectExtension(DriverObject, &OptjDriverExtensionKey);
    ASSERT(driverExtension != NULL);

    //
    // Claim the device. Any error after this goes to the exit path,
    // where the device is released again.
    //

    status = ClassClaimDevice(PhysicalDeviceObject, FALSE);

    if (!NT_SUCCESS(status)) {
        OptjPrint(("OptJuke: ClassClaimDevice failed %08x\n", status));
        return status;
    }
    claimed = TRUE;

    status = RtlStringCchPrintfA(nameBuffer, sizeof(nameBuffer),
                                 OPTJ_DEVICE_NAME_FORMAT,
                                 driverExtension->DeviceCount);
    if (!NT_SUCCESS(status)) {
        goto OptjAddDeviceExit;
    }

    status = ClassCreateDeviceObject(DriverObject, nameBuffer,
                                     PhysicalDeviceObject, TRUE, &fdo);

    if (!NT_SUCCESS(status)) {
        OptjPrint(("OptJuke: ClassCreateDeviceObject failed %08x\n", status));
        goto OptjAddDeviceExit;
    }

    fdoExtension = fdo->DeviceExtension;
    fdoData = (POPTJ_FDO_DATA)fdoExtension->CommonExtension.DriverData;

    fdoData->DeviceNumber = driverExtension->DeviceCount;
    fdoData->TimeoutValue = driverExtension->DefaultTimeout;
    fdoData->Claimed = TRUE;

    fdo->Flags |= DO_DIRECT_IO;
    fdo->StackSize++;

    // back pointer to the PDO, then attach to the stack
    fdoExtension->LowerPdo = PhysicalDeviceObject;

    fdoExtension->CommonExtension.LowerDeviceObject =
        IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);

    if (fdoExtension->CommonExtension.LowerDeviceObject == NULL) {
        status = STATUS_UNSUCCESSFUL;
        IoDeleteDevice(fdo);
        goto OptjAddDeviceExit;
    }

    driverExtension->DeviceCount++;

    fdo->Flags &= ~DO_DEVICE_INITIALIZING;

    OptjPrint(("OptJuke: added %s fdo %p\n", nameBuffer, fdo));
    return STATUS_SUCCESS;

OptjAddDeviceExit:

    if (claimed) {
        ClassClaimDevice(PhysicalDeviceObject, TRUE);
    }

    return status;

} // end OptjAddDevice()


//
// Called by CLASSPNP's unload routine.  All devices are gone by now; the
// driver object extension is released by the I/O manager.
//
_Use_decl_annotations_
VOID
OptjUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    POPTJ_DRIVER_EXTENSION driverExtension;

    PAGED_CODE();

    driverExtension = IoGetDriverObjectExtension(DriverObject, &OptjDriverExtensionKey);

    if (driverExtension != NULL) {
        OptjPrint(("OptJuke: unloading, %u devices were created\n",
                   driverExtension->DeviceCount));
    }
}
