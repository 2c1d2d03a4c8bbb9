#include "kmem.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD KmUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KmUnload)
#endif

KMEM_GLOBALS g_Km;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    PDEVICE_OBJECT devObj = NULL;
    UNICODE_STRING devName;
    UNICODE_STRING linkName;

    LOG("DriverEntry, built %s %s", __DATE__, __TIME__);

    RtlZeroMemory(&g_Km, sizeof(g_Km));
    g_Km.RegPath = *RegistryPath;

    RtlInitUnicodeString(&devName, KMEM_DEVICE_NAME);
    RtlInitUnicodeString(&linkName, KMEM_LINK_NAME);

    /* admins + SYSTEM only, this thing reads kernel memory */
    status = IoCreateDeviceSecure(DriverObject,
                                  0,
                                  &devName,
                                  FILE_DEVICE_KMEM,
                                  FILE_DEVICE_SECURE_OPEN,
                                  TRUE,         /* exclusive, one client at a time */
                                  &SDDL_DEVOBJ_SYS_ALL_ADM_ALL,
                                  NULL,
                                  &devObj);
    CHECK_STATUS(status, "IoCreateDeviceSecure");

    status = IoCreateSymbolicLink(&linkName, &devName);
    CHECK_STATUS(status, "IoCreateSymbolicLink");

    g_Km.DeviceObject = devObj;
    devObj->Flags |= DO_BUFFERED_IO;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = KmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = KmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KmDeviceControl;
    DriverObject->DriverUnload = KmUnload;

    devObj->Flags &= ~DO_DEVICE_INITIALIZING;

    LOG("ready, service key %wZ", &g_Km.RegPath);
    return STATUS_SUCCESS;
}

VOID
KmUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING linkName;

    PAGED_CODE();

    RtlInitUnicodeString(&linkName, KMEM_LINK_NAME);
    IoDeleteSymbolicLink(&linkName);

    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }

    LOG("unloaded %wZ after %d reads", &g_Km.RegPath, g_Km.ReadsServed);
}
