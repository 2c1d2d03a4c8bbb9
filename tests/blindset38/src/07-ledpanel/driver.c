/*
 * driver.c - DriverEntry, AddDevice, Unload
 */
#include <initguid.h>
#include "ledpanel.h"

LED_GLOBALS Globals;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, LedAddDevice)
#pragma alloc_text(PAGE, LedUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    LedTrace(("LedPanel: DriverEntry\n"));

    //
    // Save a private copy of the registry path - the one we are handed
    // goes away after DriverEntry returns.
    //
    Globals.RegistryPath.MaximumLength = RegistryPath->Length + sizeof(UNICODE_NULL);
    Globals.RegistryPath.Length        = RegistryPath->Length;
    Globals.RegistryPath.Buffer        = (PWCH)ExAllocatePoolWithTag(PagedPool,
                                                 Globals.RegistryPath.MaximumLength, LED_TAG);
    if (Globals.RegistryPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&Globals.RegistryPath, RegistryPath);

    ExInitializeNPagedLookasideList(&Globals.CmdLookaside,
                                    NULL,
                                    NULL,
                                    POOL_NX_ALLOCATION,
                                    sizeof(LED_CMD),
                                    LED_TAG,
                                    0);

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = LedDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = LedDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = LedDispatchIoctl;
    DriverObject->MajorFunction[IRP_MJ_PNP]            = LedDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = LedDispatchPower;

    DriverObject->DriverExtension->AddDevice = LedAddDevice;
    DriverObject->DriverUnload               = LedUnload;

    return STATUS_SUCCESS;
}

NTSTATUS
LedAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS        status;
    PDEVICE_OBJECT  fdo;
    PLED_EXTENSION  ext;

    PAGED_CODE();

    LedTrace(("LedPanel: AddDevice PDO %p\n", PhysicalDeviceObject));

    status = IoCreateDevice(DriverObject,
                            sizeof(LED_EXTENSION),
                            NULL,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &fdo);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PLED_EXTENSION)fdo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(LED_EXTENSION));

    ext->Self  = fdo;
    ext->Pdo   = PhysicalDeviceObject;
    ext->State = LedNotStarted;
    KeInitializeSpinLock(&ext->Lock);
    InitializeListHead(&ext->History);

    IoInitializeRemoveLock(&ext->RemoveLock, LED_TAG, 0, 0);

    status = IoRegisterDeviceInterface(PhysicalDeviceObject,
                                       &GUID_DEVINTERFACE_LEDPANEL,
                                       NULL,
                                       &ext->InterfaceName);
    if (!NT_SUCCESS(status)) {
        LedTrace(("LedPanel: IoRegisterDeviceInterface 0x%x\n", status));
        IoDeleteDevice(fdo);
        return status;
    }

    ext->Lower = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    if (ext->Lower == NULL) {
        RtlFreeUnicodeString(&ext->InterfaceName);
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }

    fdo->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;

    return STATUS_SUCCESS;
}

VOID
LedUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DriverObject);

    LedTrace(("LedPanel: Unload\n"));

    if (Globals.RegistryPath.Buffer != NULL) {
        ExFreePoolWithTag(Globals.RegistryPath.Buffer, LED_TAG);
        Globals.RegistryPath.Buffer = NULL;
    }
}
