/*
 * sealstore.c - DriverEntry, unload, dispatch and the store object.
 *
 * Copyright 2022 Quillcrest Software GmbH
 */
#include "sealstore.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, SsUnload)
#pragma alloc_text(PAGE, SsStoreCreate)
#endif

//
// The store is freed by whoever drops the last reference.
//
PSS_STORE
SsStoreCreate(VOID)
{
    PSS_STORE store;

    store = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(SS_STORE), SS_TAG);
    if (store == NULL) {
        return NULL;
    }

    store->RefCount = 1;
    KeInitializeEvent(&store->ZeroRefs, NotificationEvent, FALSE);

    if (!NT_SUCCESS(ExInitializeResourceLite(&store->Lock))) {
        ExFreePoolWithTag(store, SS_TAG);
        return NULL;
    }
    store->LockInitialized = TRUE;
    return store;
}

VOID
SsStoreReference(
    _In_ PSS_STORE Store
    )
{
    InterlockedIncrement(&Store->RefCount);
}

VOID
SsStoreDereference(
    _In_ PSS_STORE Store
    )
{
    if (InterlockedDecrement(&Store->RefCount) == 0) {
        //
        // Do not free here: SsUnload (or DriverEntry) waits for ZeroRefs and
        // frees the store itself, so the memory outlives every waiter.
        //
        KeSetEvent(&Store->ZeroRefs, IO_NO_INCREMENT, FALSE);
    }
}

VOID
SsStoreWipe(
    _In_ PSS_STORE Store
    )
{
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&Store->Lock, TRUE);
    RtlSecureZeroMemory(Store->Secrets, sizeof(Store->Secrets));
    Store->Count = 0;
    ExReleaseResourceLite(&Store->Lock);
    KeLeaveCriticalRegion();
}

static VOID
SsStoreDestroy(
    _In_ PSS_STORE Store
    )
{
    //
    // Called with the last reference gone.
    //
    RtlSecureZeroMemory(Store->Secrets, sizeof(Store->Secrets));
    if (Store->LockInitialized) {
        ExDeleteResourceLite(&Store->Lock);
    }
    ExFreePoolWithTag(Store, SS_TAG);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(L"\\Device\\SealStore");
    PDEVICE_OBJECT device = NULL;
    PSS_DEVICE_EXTENSION ext;
    PSS_STORE store;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    store = SsStoreCreate();
    if (store == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = IoCreateDevice(DriverObject, sizeof(SS_DEVICE_EXTENSION), &devName,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                            TRUE, &device);
    if (!NT_SUCCESS(status)) {
        //
        // Nobody else can hold a reference yet: drop ours and destroy.
        //
        SsStoreDereference(store);
        SsStoreDestroy(store);
        return status;
    }

    ext = device->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Store = store;                 // the DriverEntry reference moves here
    RtlInitUnicodeString(&ext->LinkName, L"\\DosDevices\\SealStore");  // literal: lives in the image

    status = IoCreateSymbolicLink(&ext->LinkName, &devName);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }
    ext->LinkCreated = TRUE;

    status = IoRegisterShutdownNotification(device);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }
    ext->ShutdownRegistered = TRUE;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = SsCreate;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SsClose;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = SsShutdown;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SsDeviceControl;
    DriverObject->DriverUnload = SsUnload;

    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

Fail:
    //
    // Shared with nothing yet (the device is still initializing, so no
    // create can have reached it).
    //
    if (ext->LinkCreated) {
        IoDeleteSymbolicLink(&ext->LinkName);
    }
    IoDeleteDevice(device);
    SsStoreDereference(store);
    SsStoreDestroy(store);
    return status;
}

VOID
SsUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PDEVICE_OBJECT device = DriverObject->DeviceObject;
    PSS_DEVICE_EXTENSION ext;
    PSS_STORE store;

    PAGED_CODE();

    //
    // Only one device object; walk the list anyway in case a future
    // version adds more.
    //
    while (device != NULL) {
        PDEVICE_OBJECT next = device->NextDevice;

        ext = device->DeviceExtension;
        store = ext->Store;

        if (ext->ShutdownRegistered) {
            IoUnregisterShutdownNotification(device);
        }
        if (ext->LinkCreated) {
            IoDeleteSymbolicLink(&ext->LinkName);
        }

        //
        // Unload only runs when no file object is open on the device, so
        // dropping our reference takes the count to zero.
        //
        SsStoreDereference(store);
        KeWaitForSingleObject(&store->ZeroRefs, Executive, KernelMode, FALSE, NULL);
        SsStoreDestroy(store);

        IoDeleteDevice(device);
        device = next;
    }
}

NTSTATUS
SsCreate(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PSS_DEVICE_EXTENSION ext = DeviceObject->DeviceExtension;

    SsStoreReference(ext->Store);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
SsClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PSS_DEVICE_EXTENSION ext = DeviceObject->DeviceExtension;

    SsStoreDereference(ext->Store);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
SsShutdown(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PSS_DEVICE_EXTENSION ext = DeviceObject->DeviceExtension;

    SsStoreWipe(ext->Store);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
SsDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    //
    // Secret get/put IOCTLs are implemented in the 2.x branch.
    //
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
}
