/*
 * driver.c - entry, AddDevice, unload and the generic pass-through.
 */
#include "kbdsniff.h"

KS_GLOBALS g_Ks = { 0 };

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KsAddDevice)
#pragma alloc_text(PAGE, KsUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    KS_LOG("DriverEntry built %s %s", __DATE__, __TIME__);

    g_Ks.DriverObject = DriverObject;
    g_Ks.DeviceCount  = 0;
    g_Ks.LogBreaks    = FALSE;

    // everything we don't care about just goes down the stack
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = KsDispatchPassThrough;
    }

    DriverObject->MajorFunction[IRP_MJ_READ]  = KsDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_PNP]   = KsDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = KsDispatchPower;

    DriverObject->DriverExtension->AddDevice = KsAddDevice;
    DriverObject->DriverUnload               = KsUnload;

    return STATUS_SUCCESS;
}

NTSTATUS
KsAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS             status;
    PDEVICE_OBJECT       filterDo = NULL;
    PKS_DEVICE_EXTENSION ext;

    PAGED_CODE();

    KS_LOG("AddDevice pdo=%p", PhysicalDeviceObject);

    status = IoCreateDevice(DriverObject,
                            sizeof(KS_DEVICE_EXTENSION),
                            NULL,
                            FILE_DEVICE_KEYBOARD,
                            0,
                            FALSE,
                            &filterDo);
    if (!NT_SUCCESS(status)) {
        KS_ERR("IoCreateDevice failed 0x%08X", status);
        return status;
    }

    ext = (PKS_DEVICE_EXTENSION)filterDo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));

    ext->Self     = filterDo;
    ext->Pdo      = PhysicalDeviceObject;
    ext->PnpState = KsStopped;
    KeInitializeSpinLock(&ext->HistoryLock);

    ext->LowerDevice = IoAttachDeviceToDeviceStack(filterDo, PhysicalDeviceObject);
    if (ext->LowerDevice == NULL) {
        KS_ERR("attach failed");
        IoDeleteDevice(filterDo);
        return STATUS_NO_SUCH_DEVICE;
    }

    // look like the guy below us so that kbdclass does not get confused
    filterDo->DeviceType      = ext->LowerDevice->DeviceType;
    filterDo->Characteristics = ext->LowerDevice->Characteristics;
    filterDo->Flags |= ext->LowerDevice->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);

    InterlockedIncrement(&g_Ks.DeviceCount);

    KS_LOG("attached fido=%p lower=%p", filterDo, ext->LowerDevice);
    return STATUS_SUCCESS;
}

VOID
KsUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(DriverObject);

    //
    // PnP has already removed all our device objects by the time we
    // get here (IRP_MN_REMOVE_DEVICE), nothing left to free.
    //
    ASSERT(DriverObject->DeviceObject == NULL);
    KS_LOG("unload, devices seen=%d", g_Ks.DeviceCount);
}

NTSTATUS
KsDispatchPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP        Irp
    )
{
    PKS_DEVICE_EXTENSION ext = (PKS_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS
KsDispatchRead(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP        Irp
    )
{
    PKS_DEVICE_EXTENSION ext = (PKS_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    if (ext->PnpState == KsDeleted) {
        Irp->IoStatus.Status = STATUS_DELETE_PENDING;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_DELETE_PENDING;
    }

    InterlockedIncrement(&ext->PendingReads);

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KsReadComplete, ext, TRUE, TRUE, TRUE);

    return IoCallDriver(ext->LowerDevice, Irp);
}
