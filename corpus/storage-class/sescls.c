/*
 * sescls.c - class driver for SCSI Enclosure Services (SES) devices found
 * in JBOD shelves. Built on the class library (classpnp.sys): the library
 * owns the dispatch table, the driver object extension and PnP/power, and
 * calls back into the routines below.
 *
 * The enclosure is exposed so that the shelf management service can send
 * RECEIVE DIAGNOSTIC RESULTS through IOCTL_SCSI_PASS_THROUGH_DIRECT.
 */

#include <ntddk.h>
#include <classpnp.h>
#include <ntddscsi.h>
#include <ntstrsafe.h>
#include <wmistr.h>

#define SES_TAG                 'sESc'

typedef struct _SES_DATA {
    ULONG  EnclosureNumber;
    UCHAR  PageCodesSupported[32];
} SES_DATA, *PSES_DATA;

DRIVER_INITIALIZE DriverEntry;

NTSTATUS NTAPI SesAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo);
NTSTATUS NTAPI SesInitDevice(PDEVICE_OBJECT Fdo);
NTSTATUS NTAPI SesStartDevice(PDEVICE_OBJECT Fdo);
NTSTATUS NTAPI SesStopDevice(PDEVICE_OBJECT DeviceObject, UCHAR Type);
NTSTATUS NTAPI SesRemoveDevice(PDEVICE_OBJECT DeviceObject, UCHAR Type);
NTSTATUS NTAPI SesReadWriteVerification(PDEVICE_OBJECT DeviceObject, PIRP Irp);
NTSTATUS NTAPI SesDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp);
VOID NTAPI SesError(PDEVICE_OBJECT DeviceObject, PSCSI_REQUEST_BLOCK Srb,
                    NTSTATUS *Status, BOOLEAN *Retry);
NTSTATUS NTAPI SesQueryWmiRegInfoEx(PDEVICE_OBJECT DeviceObject, ULONG *RegFlags,
                                    PUNICODE_STRING Name, PUNICODE_STRING MofName);
VOID NTAPI SesUnload(PDRIVER_OBJECT DriverObject);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, SesAddDevice)
#pragma alloc_text(PAGE, SesInitDevice)
#pragma alloc_text(PAGE, SesStartDevice)
#pragma alloc_text(PAGE, SesStopDevice)
#pragma alloc_text(PAGE, SesRemoveDevice)
#pragma alloc_text(PAGE, SesUnload)
#endif

static CLASS_QUERY_WMI_REGINFO_EX_LIST SesWmiRegInfoExList;

NTSTATUS
DriverEntry(                                                    // expect-entry: storage-class
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    CLASS_INIT_DATA initData;
    GUID queryRegInfoExGuid = GUID_CLASSPNP_QUERY_REGINFOEX;
    NTSTATUS status;
    NTSTATUS wmiStatus;

    RtlZeroMemory(&initData, sizeof(CLASS_INIT_DATA));
    initData.InitializationDataSize = sizeof(CLASS_INIT_DATA);

    initData.FdoData.DeviceExtensionSize = sizeof(FUNCTIONAL_DEVICE_EXTENSION) + sizeof(SES_DATA);
    initData.FdoData.DeviceType = FILE_DEVICE_CONTROLLER;
    initData.FdoData.DeviceCharacteristics = FILE_DEVICE_SECURE_OPEN;

    initData.FdoData.ClassError                 = SesError;
    initData.FdoData.ClassReadWriteVerification = SesReadWriteVerification;
    initData.FdoData.ClassDeviceControl         = SesDeviceControl;
    initData.FdoData.ClassInitDevice            = SesInitDevice;
    initData.FdoData.ClassStartDevice           = SesStartDevice;
    initData.FdoData.ClassStopDevice            = SesStopDevice;
    initData.FdoData.ClassRemoveDevice          = SesRemoveDevice;

    initData.ClassAddDevice = SesAddDevice;
    initData.ClassUnload    = SesUnload;

    status = ClassInitialize(DriverObject, RegistryPath, &initData);
    if (!NT_SUCCESS(status)) {
        KdPrint(("sescls: ClassInitialize failed %x\n", status));
        return status;
    }

    /*
     * Optional: register the extended WMI registration callback. Without it
     * the enclosure still works (WMI falls back to the basic callback), so a
     * failure is only traced.
     */
    SesWmiRegInfoExList.Size = sizeof(CLASS_QUERY_WMI_REGINFO_EX_LIST);
    SesWmiRegInfoExList.ClassFdoQueryWmiRegInfoEx = SesQueryWmiRegInfoEx;
    wmiStatus = ClassInitializeEx(DriverObject, &queryRegInfoExGuid, &SesWmiRegInfoExList);
    if (!NT_SUCCESS(wmiStatus)) {
        KdPrint(("sescls: ClassInitializeEx(REGINFOEX) failed %x, continuing\n", wmiStatus));
    }

    return status;
}

NTSTATUS NTAPI
SesAddDevice(
    PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT Pdo
    )
{
    static ULONG enclosureCount;
    CCHAR name[64];
    PDEVICE_OBJECT fdo = NULL;
    PDEVICE_OBJECT lower;
    PFUNCTIONAL_DEVICE_EXTENSION fdoExt;
    NTSTATUS status;

    PAGED_CODE();

    lower = IoGetAttachedDeviceReference(Pdo);
    status = RtlStringCchPrintfA(name, sizeof(name), "\\Device\\Enclosure%u", enclosureCount);
    if (NT_SUCCESS(status)) {
        status = ClassCreateDeviceObject(DriverObject, name, lower, TRUE, &fdo);
    }
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(lower);
        return status;
    }

    fdoExt = (PFUNCTIONAL_DEVICE_EXTENSION)fdo->DeviceExtension;
    fdoExt->CommonExtension.LowerDeviceObject = IoAttachDeviceToDeviceStack(fdo, Pdo);
    ObDereferenceObject(lower);
    if (fdoExt->CommonExtension.LowerDeviceObject == NULL) {
        IoDeleteDevice(fdo);
        return STATUS_UNSUCCESSFUL;
    }

    ((PSES_DATA)fdoExt->CommonExtension.DriverData)->EnclosureNumber = enclosureCount++;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI SesInitDevice(PDEVICE_OBJECT Fdo)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(Fdo);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI SesStartDevice(PDEVICE_OBJECT Fdo)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(Fdo);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI SesStopDevice(PDEVICE_OBJECT DeviceObject, UCHAR Type)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Type);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI SesRemoveDevice(PDEVICE_OBJECT DeviceObject, UCHAR Type)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Type);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI SesReadWriteVerification(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    /* Enclosures carry no data blocks. */
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    return STATUS_INVALID_DEVICE_REQUEST;
}

NTSTATUS NTAPI SesDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    return ClassDeviceControl(DeviceObject, Irp);
}

VOID NTAPI SesError(PDEVICE_OBJECT DeviceObject, PSCSI_REQUEST_BLOCK Srb,
                    NTSTATUS *Status, BOOLEAN *Retry)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Status);

    /* Some shelves report a transient BUSY while a PSU hot-swaps. */
    if (SRB_STATUS(Srb->SrbStatus) == SRB_STATUS_BUSY) {
        *Retry = TRUE;
    }
}

NTSTATUS NTAPI SesQueryWmiRegInfoEx(PDEVICE_OBJECT DeviceObject, ULONG *RegFlags,
                                    PUNICODE_STRING Name, PUNICODE_STRING MofName)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Name);
    UNREFERENCED_PARAMETER(MofName);
    *RegFlags = WMIREG_FLAG_INSTANCE_PDO;
    return STATUS_SUCCESS;
}

VOID NTAPI SesUnload(PDRIVER_OBJECT DriverObject)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DriverObject);
}
