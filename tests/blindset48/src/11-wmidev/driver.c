/*
 * driver.c - WmiDev DriverEntry / unload and the driver-wide PnP notification.
 */
#include "wmidev.h"

WD_GLOBALS g_Wd;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     WdUnload;
DRIVER_DISPATCH   WdDispatchCreateClose;
static DRIVER_NOTIFICATION_CALLBACK_ROUTINE WdProfileChangeCallback;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, WdUnload)
#pragma alloc_text(PAGE, WdProfileChangeCallback)
#endif

NTSTATUS
WdDispatchCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PWD_EXTENSION ext = (PWD_EXTENSION)DeviceObject->DeviceExtension;

    if (IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_CREATE) {
        InterlockedIncrement((volatile LONG *)&ext->Counters.OpenCount);
    }

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
WdProfileChangeCallback(_In_ PVOID NotificationStructure, _Inout_opt_ PVOID Context)
{
    PHWPROFILE_CHANGE_NOTIFICATION n = (PHWPROFILE_CHANGE_NOTIFICATION)NotificationStructure;

    UNREFERENCED_PARAMETER(Context);
    PAGED_CODE();

    if (IsEqualGUID(&n->Event, &GUID_HWPROFILE_CHANGE_COMPLETE)) {
        InterlockedIncrement(&g_Wd.ProfileChanges);
        WD_DBG("hardware profile changed (%ld)", g_Wd.ProfileChanges);
    }
    return STATUS_SUCCESS;
}

VOID
WdUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    /* all FDOs are gone by now (REMOVE_DEVICE deleted them) */
    if (g_Wd.ProfileNotifyEntry != NULL) {
        IoUnregisterPlugPlayNotificationEx(g_Wd.ProfileNotifyEntry);
        g_Wd.ProfileNotifyEntry = NULL;
    }

    if (g_Wd.RegistryPath.Buffer != NULL) {
        ExFreePoolWithTag(g_Wd.RegistryPath.Buffer, WD_TAG);
        RtlZeroMemory(&g_Wd.RegistryPath, sizeof(g_Wd.RegistryPath));
    }
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    RtlZeroMemory(&g_Wd, sizeof(g_Wd));

    g_Wd.RegistryPath.MaximumLength = RegistryPath->Length + sizeof(WCHAR);
    g_Wd.RegistryPath.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, g_Wd.RegistryPath.MaximumLength, WD_TAG);
    if (g_Wd.RegistryPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&g_Wd.RegistryPath, RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = WdDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = WdDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_PNP]            = WdDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = WdDispatchPower;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = WdDispatchSystemControl;
    DriverObject->DriverExtension->AddDevice           = WdAddDevice;
    DriverObject->DriverUnload                         = WdUnload;

    status = IoRegisterPlugPlayNotification(EventCategoryHardwareProfileChange, 0, NULL, DriverObject,
                                            WdProfileChangeCallback, NULL, &g_Wd.ProfileNotifyEntry);
    if (!NT_SUCCESS(status)) {
        WD_DBG("IoRegisterPlugPlayNotification 0x%08X", status);
        ExFreePoolWithTag(g_Wd.RegistryPath.Buffer, WD_TAG);
        RtlZeroMemory(&g_Wd.RegistryPath, sizeof(g_Wd.RegistryPath));
        g_Wd.ProfileNotifyEntry = NULL;
        return status;
    }

    return STATUS_SUCCESS;
}
