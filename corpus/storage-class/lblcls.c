/*
 * lblcls.c - class driver for the label printer unit of a tape library,
 * built on classpnp.sys: the class library owns dispatch, AddDevice's
 * plumbing and PnP; the driver fills CLASS_INIT_DATA. The extended WMI
 * registration is optional here, and DriverEntry says so by discarding its
 * status explicitly with (VOID), as C6031 asks.
 */

#include <ntddk.h>
#include <classpnp.h>
#include <wmistr.h>

DRIVER_INITIALIZE DriverEntry;

NTSTATUS NTAPI LblAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo);
NTSTATUS NTAPI LblInitDevice(PDEVICE_OBJECT Fdo);
NTSTATUS NTAPI LblStartDevice(PDEVICE_OBJECT Fdo);
NTSTATUS NTAPI LblStopDevice(PDEVICE_OBJECT DeviceObject, UCHAR Type);
NTSTATUS NTAPI LblRemoveDevice(PDEVICE_OBJECT DeviceObject, UCHAR Type);
NTSTATUS NTAPI LblReadWriteVerification(PDEVICE_OBJECT DeviceObject, PIRP Irp);
NTSTATUS NTAPI LblDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp);
NTSTATUS NTAPI LblQueryWmiRegInfoEx(PDEVICE_OBJECT DeviceObject, ULONG *RegFlags,
                                    PUNICODE_STRING Name, PUNICODE_STRING MofName);
VOID NTAPI LblUnload(PDRIVER_OBJECT DriverObject);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, LblAddDevice)
#pragma alloc_text(PAGE, LblUnload)
#endif

static CLASS_QUERY_WMI_REGINFO_EX_LIST LblRegInfoExList;

NTSTATUS
DriverEntry(                                                    // expect-entry: storage-class
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    CLASS_INIT_DATA initData;
    GUID regInfoExGuid = GUID_CLASSPNP_QUERY_REGINFOEX;
    NTSTATUS status;

    RtlZeroMemory(&initData, sizeof(CLASS_INIT_DATA));
    initData.InitializationDataSize = sizeof(CLASS_INIT_DATA);
    initData.FdoData.DeviceExtensionSize = sizeof(FUNCTIONAL_DEVICE_EXTENSION);
    initData.FdoData.DeviceType = FILE_DEVICE_PRINTER;
    initData.FdoData.DeviceCharacteristics = FILE_DEVICE_SECURE_OPEN;
    initData.FdoData.ClassReadWriteVerification = LblReadWriteVerification;
    initData.FdoData.ClassDeviceControl = LblDeviceControl;
    initData.FdoData.ClassInitDevice = LblInitDevice;
    initData.FdoData.ClassStartDevice = LblStartDevice;
    initData.FdoData.ClassStopDevice = LblStopDevice;
    initData.FdoData.ClassRemoveDevice = LblRemoveDevice;
    initData.ClassAddDevice = LblAddDevice;
    initData.ClassUnload = LblUnload;

    status = ClassInitialize(DriverObject, RegistryPath, &initData);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    /* Optional: without it WMI falls back to the basic registration. */
    LblRegInfoExList.Size = sizeof(CLASS_QUERY_WMI_REGINFO_EX_LIST);
    LblRegInfoExList.ClassFdoQueryWmiRegInfoEx = LblQueryWmiRegInfoEx;
    (VOID)ClassInitializeEx(DriverObject, &regInfoExGuid, &LblRegInfoExList);

    return status;
}

NTSTATUS NTAPI
LblAddDevice(
    PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT Pdo
    )
{
    PDEVICE_OBJECT fdo = NULL;
    PDEVICE_OBJECT lower;
    PFUNCTIONAL_DEVICE_EXTENSION fdoExt;
    NTSTATUS status;

    PAGED_CODE();

    lower = IoGetAttachedDeviceReference(Pdo);
    status = ClassCreateDeviceObject(DriverObject, "\\Device\\LabelUnit0", lower, TRUE, &fdo);
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

    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LblInitDevice(PDEVICE_OBJECT Fdo)
{
    UNREFERENCED_PARAMETER(Fdo);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LblStartDevice(PDEVICE_OBJECT Fdo)
{
    UNREFERENCED_PARAMETER(Fdo);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LblStopDevice(PDEVICE_OBJECT DeviceObject, UCHAR Type)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Type);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LblRemoveDevice(PDEVICE_OBJECT DeviceObject, UCHAR Type)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Type);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI LblReadWriteVerification(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    /* The label unit carries no data blocks. */
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    return STATUS_INVALID_DEVICE_REQUEST;
}

NTSTATUS NTAPI LblDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    return ClassDeviceControl(DeviceObject, Irp);
}

NTSTATUS NTAPI LblQueryWmiRegInfoEx(PDEVICE_OBJECT DeviceObject, ULONG *RegFlags,
                                    PUNICODE_STRING Name, PUNICODE_STRING MofName)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Name);
    UNREFERENCED_PARAMETER(MofName);
    *RegFlags = WMIREG_FLAG_INSTANCE_PDO;
    return STATUS_SUCCESS;
}

VOID NTAPI LblUnload(PDRIVER_OBJECT DriverObject)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DriverObject);
}
