/*++

Module Name:

    tapecls.c

Abstract:

    DriverEntry, AddDevice and Unload for the QIC-X class driver.

Environment:

    kernel mode only

--*/

#include "tapecls.h"

UCHAR QTapeDriverExtensionKey;      // address is the extension id
ULONG QTapeDebugLevel = 1;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, QTapeAddDevice)
#pragma alloc_text(PAGE, QTapeUnload)
#endif


//
// Installable driver initialization entry point for system.  Returns the
// final status from ClassInitialize.
//
_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    CLASS_INIT_DATA                 initData;
    CLASS_QUERY_WMI_REGINFO_EX_LIST wmiRegInfoExList;
    GUID                            guidQueryRegInfoEx = GUID_CLASSPNP_QUERY_REGINFOEX;
    PQTAPE_DRIVER_EXTENSION         driverExtension = NULL;
    ULONG                           extensionSize;
    NTSTATUS                        status;

    QTapeDebugPrint(1, ("QicTape: DriverEntry\n"));

    //
    // One allocation for the extension and the copy of the service key
    // path.  The I/O manager releases it together with the driver object.
    //

    extensionSize = sizeof(QTAPE_DRIVER_EXTENSION) + RegistryPath->Length + sizeof(WCHAR);

    status = IoAllocateDriverObjectExtension(DriverObject,
                                             &QTapeDriverExtensionKey,
                                             extensionSize,
                                             (PVOID *)&driverExtension);
    if (!NT_SUCCESS(status)) {
        QTapeDebugPrint(0, ("QicTape: no driver extension (%08x)\n", status));
        return status;
    }

    RtlZeroMemory(driverExtension, extensionSize);

    driverExtension->RegistryPath.Buffer        = (PWCH)(driverExtension + 1);
    driverExtension->RegistryPath.Length        = 0;
    driverExtension->RegistryPath.MaximumLength = RegistryPath->Length + sizeof(WCHAR);
    RtlCopyUnicodeString(&driverExtension->RegistryPath, RegistryPath);

    //
    // Zero InitData and fill in the FDO description.
    //

    RtlZeroMemory(&initData, sizeof(CLASS_INIT_DATA));

    initData.InitializationDataSize = sizeof(CLASS_INIT_DATA);

    initData.FdoData.DeviceExtensionSize   = sizeof(FUNCTIONAL_DEVICE_EXTENSION) + sizeof(QTAPE_DATA);
    initData.FdoData.DeviceType            = FILE_DEVICE_TAPE;
    initData.FdoData.DeviceCharacteristics = FILE_REMOVABLE_MEDIA | FILE_DEVICE_SECURE_OPEN;

    initData.FdoData.ClassInitDevice            = QTapeInitDevice;
    initData.FdoData.ClassStartDevice           = QTapeStartDevice;
    initData.FdoData.ClassStopDevice            = QTapeStopDevice;
    initData.FdoData.ClassRemoveDevice          = QTapeRemoveDevice;
    initData.FdoData.ClassReadWriteVerification = QTapeReadWriteVerification;
    initData.FdoData.ClassDeviceControl         = QTapeDeviceControl;

    initData.ClassAddDevice = QTapeAddDevice;
    initData.ClassUnload    = QTapeUnload;

    //
    // Call the class init routine
    //

    status = ClassInitialize(DriverObject, RegistryPath, &initData);

    if (!NT_SUCCESS(status)) {
        QTapeDebugPrint(0, ("QicTape: ClassInitialize failed %08x\n", status));
        return status;
    }

    //
    // Call class init Ex routine to register a PCLASS_QUERY_WMI_REGINFO_EX
    // routine.  This only changes how our WMI blocks are named, so a
    // failure here is reported but not fatal.
    //

    RtlZeroMemory(&wmiRegInfoExList, sizeof(CLASS_QUERY_WMI_REGINFO_EX_LIST));
    wmiRegInfoExList.Size = sizeof(CLASS_QUERY_WMI_REGINFO_EX_LIST);
    wmiRegInfoExList.ClassFdoQueryWmiRegInfoEx = QTapeQueryWmiRegInfoEx;

    if (!NT_SUCCESS(ClassInitializeEx(DriverObject, &guidQueryRegInfoEx, &wmiRegInfoExList))) {
        QTapeDebugPrint(0, ("QicTape: ClassInitializeEx(REGINFOEX) failed\n"));
    }

    return status;

} // end DriverEntry()


/*++

Routine Description:

    Creates the FDO for a QIC-X drive: claims the LUN, creates and
    attaches the device object.  Every failure releases what was taken.

--*/
_Use_decl_annotations_
NTSTATUS
QTapeAddDevice(
    PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT Pdo
    )
{
    PQTAPE_DRIVER_EXTENSION         driverExtension;
    PDEVICE_OBJECT                  fdo = NULL;
    PFUNCTIONAL_DEVICE_EXTENSION    fdoExtension;
    PQTAPE_DATA                     tapeData;
    CCHAR                           deviceName[64];
    ULONG                           deviceNumber;
    NTSTATUS                        status;

    PAGED_CODE();

    driverExtension = IoGetDriverObjectExtension(DriverObject, &QTapeDriverExtensionKey);
    if (driverExtension == NULL) {
        return STATUS_INTERNAL_ERROR;
    }

    status = ClassClaimDevice(Pdo, FALSE);
    if (!NT_SUCCESS(status)) {
        QTapeDebugPrint(0, ("QicTape: ClassClaimDevice failed %08x\n", status));
        return status;
    }

    deviceNumber = InterlockedIncrement((volatile LONG *)&driverExtension->NextDeviceNumber) - 1;

    status = RtlStringCchPrintfA(deviceName, sizeof(deviceName),
                                 QTAPE_DEVICE_NAME_FORMAT, deviceNumber);
    if (NT_SUCCESS(status)) {
        status = ClassCreateDeviceObject(DriverObject, deviceName, Pdo, TRUE, &fdo);
    }

    if (!NT_SUCCESS(status)) {
        QTapeDebugPrint(0, ("QicTape: cannot create %s (%08x)\n", deviceName, status));
        ClassClaimDevice(Pdo, TRUE);
        return status;
    }

    fdoExtension = fdo->DeviceExtension;
    tapeData = (PQTAPE_DATA)fdoExtension->CommonExtension.DriverData;

    tapeData->DeviceNumber = deviceNumber;
    tapeData->TimeoutValue = QTAPE_DEFAULT_TIMEOUT;

    fdo->Flags |= DO_DIRECT_IO;

    fdoExtension->LowerPdo = Pdo;
    fdoExtension->CommonExtension.LowerDeviceObject = IoAttachDeviceToDeviceStack(fdo, Pdo);

    if (fdoExtension->CommonExtension.LowerDeviceObject == NULL) {
        QTapeDebugPrint(0, ("QicTape: attach failed\n"));
        IoDeleteDevice(fdo);
        ClassClaimDevice(Pdo, TRUE);
        return STATUS_UNSUCCESSFUL;
    }

    fdo->Flags &= ~DO_DEVICE_INITIALIZING;

    QTapeDebugPrint(1, ("QicTape: %s created\n", deviceName));
    return STATUS_SUCCESS;
}


/*++

Routine Description:

    Called from CLASSPNP's unload.  Nothing of ours to free: the driver
    object extension (and the registry path inside it) goes away with the
    driver object.

--*/
_Use_decl_annotations_
VOID
QTapeUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    QTapeDebugPrint(1, ("QicTape: unload\n"));
}
