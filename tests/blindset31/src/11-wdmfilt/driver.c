//
// driver.c - ioratefilt DriverEntry, AddDevice and Unload
//
#include "filter.h"

FLT_GLOBALS g_Flt;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FltUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FltAddDevice)
#pragma alloc_text(PAGE, FltUnload)
#endif

NTSTATUS
FltAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS status;
    PDEVICE_OBJECT filterDo = NULL;
    PDEVICE_OBJECT top;
    DEVICE_TYPE deviceType;
    PFLT_EXTENSION ext;

    PAGED_CODE();

    // create the filter with the same type as the stack we join
    top = IoGetAttachedDeviceReference(PhysicalDeviceObject);
    deviceType = top->DeviceType;
    ObDereferenceObject(top);

    status = IoCreateDevice(DriverObject, sizeof(FLT_EXTENSION), NULL, deviceType,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &filterDo);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PFLT_EXTENSION)filterDo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = filterDo;
    ext->Pdo = PhysicalDeviceObject;
    ext->State = FltNotStarted;
    IoInitializeRemoveLock(&ext->RemoveLock, FLT_TAG, 0, 0);
    KeInitializeTimerEx(&ext->RateTimer, NotificationTimer);
    KeInitializeDpc(&ext->RateDpc, FltRateDpc, ext);

    ext->Lower = IoAttachDeviceToDeviceStack(filterDo, PhysicalDeviceObject);
    if (ext->Lower == NULL) {
        IoDeleteDevice(filterDo);
        return STATUS_UNSUCCESSFUL;
    }

    filterDo->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    filterDo->DeviceType = ext->Lower->DeviceType;
    filterDo->Characteristics = ext->Lower->Characteristics;

    ExAcquireFastMutex(&g_Flt.DeviceListLock);
    InsertTailList(&g_Flt.DeviceList, &ext->GlobalLink);
    g_Flt.DeviceCount++;
    ExReleaseFastMutex(&g_Flt.DeviceListLock);

    filterDo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
FltUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    // every device object was deleted on IRP_MN_REMOVE_DEVICE
    NT_ASSERT(IsListEmpty(&g_Flt.DeviceList));
    NT_ASSERT(DriverObject->DeviceObject == NULL);

    ExFreePoolWithTag(g_Flt.ServiceKey.Buffer, FLT_TAG);
    RtlZeroMemory(&g_Flt.ServiceKey, sizeof(g_Flt.ServiceKey));
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    ULONG i;

    ExInitializeFastMutex(&g_Flt.DeviceListLock);
    InitializeListHead(&g_Flt.DeviceList);
    g_Flt.DeviceCount = 0;

    g_Flt.ServiceKey.Length = 0;
    g_Flt.ServiceKey.MaximumLength = (USHORT)(RegistryPath->Length + sizeof(WCHAR));
    g_Flt.ServiceKey.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED,
                                                    g_Flt.ServiceKey.MaximumLength,
                                                    FLT_TAG);
    if (g_Flt.ServiceKey.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&g_Flt.ServiceKey, RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = FltDispatchPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_PNP] = FltDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = FltDispatchPower;

    DriverObject->DriverExtension->AddDevice = FltAddDevice;
    DriverObject->DriverUnload = FltUnload;

    return STATUS_SUCCESS;
}
