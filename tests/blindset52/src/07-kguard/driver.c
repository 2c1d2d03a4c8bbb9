/*
 * driver.c - KGuard entry / unload
 */
#include "kguard.h"

KG_GLOBALS g_Kg;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     KgUnload;

VOID KgUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(KG_LINK);

    UNREFERENCED_PARAMETER(DriverObject);

    KgRemoveRegistryFilter();
    KgRemoveObCallbacks();
    PsSetCreateProcessNotifyRoutineEx(KgProcessNotify, TRUE);

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_Kg.DeviceObject);

    KG_TRACE("bye (%ld handles stripped, %ld reg writes blocked)\n",
             g_Kg.HandlesStripped, g_Kg.RegWritesBlocked);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING devName  = RTL_CONSTANT_STRING(KG_DEVICE);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(KG_LINK);

    UNREFERENCED_PARAMETER(RegistryPath);

    KG_TRACE("DriverEntry\n");
    RtlZeroMemory(&g_Kg, sizeof(g_Kg));

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Kg.DeviceObject);
    if (!NT_SUCCESS(status)) {
        KG_ERROR("IoCreateDevice %08X\n", status);
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        KG_ERROR("IoCreateSymbolicLink %08X\n", status);
        goto fail_device;
    }

    status = PsSetCreateProcessNotifyRoutineEx(KgProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        KG_ERROR("PsSetCreateProcessNotifyRoutineEx %08X\n", status);
        goto fail_link;
    }

    status = KgInstallObCallbacks();
    status = KgInstallRegistryFilter(DriverObject);
    if (!NT_SUCCESS(status)) {
        KG_ERROR("CmRegisterCallbackEx %08X\n", status);
        goto fail_ob;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = KgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = KgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KgDeviceControl;
    DriverObject->DriverUnload                         = KgUnload;

    g_Kg.DeviceObject->Flags |= DO_BUFFERED_IO;
    g_Kg.DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    KG_TRACE("loaded\n");
    return STATUS_SUCCESS;

fail_ob:
    KgRemoveObCallbacks();
fail_link:
    IoDeleteSymbolicLink(&linkName);
fail_device:
    IoDeleteDevice(g_Kg.DeviceObject);
    return status;
}
