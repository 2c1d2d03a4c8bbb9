/*
 * driver.c - DriverEntry / Unload for imgmon
 *
 * Order of setup is: state -> device -> link -> notify routines, and the
 * teardown (failure path and unload) runs it backwards.
 */
#include "imgmon.h"

IMGMON_STATE g_Im;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, ImUnload)
#endif

static VOID
ImTeardown(VOID)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(IMGMON_LINK);

    // callbacks first so nothing touches the ring while it is freed
    if (g_Im.ThreadNotifySet) {
        PsRemoveCreateThreadNotifyRoutine(ImThreadNotify);
        g_Im.ThreadNotifySet = FALSE;
    }
    if (g_Im.ImageNotifySet) {
        PsRemoveLoadImageNotifyRoutine(ImLoadImageNotify);
        g_Im.ImageNotifySet = FALSE;
    }

    if (g_Im.LinkCreated) {
        IoDeleteSymbolicLink(&link);
        g_Im.LinkCreated = FALSE;
    }
    if (g_Im.Device != NULL) {
        IoDeleteDevice(g_Im.Device);
        g_Im.Device = NULL;
    }

    if (g_Im.Ring != NULL) {
        ExFreePoolWithTag(g_Im.Ring, IMGMON_TAG);
        g_Im.Ring = NULL;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(IMGMON_DEVICE);
    UNICODE_STRING link    = RTL_CONSTANT_STRING(IMGMON_LINK);
    NTSTATUS       status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Im, sizeof(g_Im));
    KeInitializeSpinLock(&g_Im.RingLock);

    g_Im.Ring = (PIMGMON_RECORD)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                IMGMON_RING_SLOTS * sizeof(IMGMON_RECORD),
                                                IMGMON_TAG);
    if (g_Im.Ring == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto fail;
    }

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Im.Device);
    if (!NT_SUCCESS(status)) {
        IM_ERROR("IoCreateDevice 0x%08X", status);
        g_Im.Device = NULL;
        goto fail;
    }

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        IM_ERROR("IoCreateSymbolicLink 0x%08X", status);
        goto fail;
    }
    g_Im.LinkCreated = TRUE;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = ImDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = ImDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ImDispatchIoctl;

    // everything the callbacks use is ready now
    status = PsSetLoadImageNotifyRoutine(ImLoadImageNotify);
    if (!NT_SUCCESS(status)) {
        IM_ERROR("PsSetLoadImageNotifyRoutine 0x%08X", status);
        goto fail;
    }
    g_Im.ImageNotifySet = TRUE;

    status = PsSetCreateThreadNotifyRoutine(ImThreadNotify);
    if (!NT_SUCCESS(status)) {
        IM_ERROR("PsSetCreateThreadNotifyRoutine 0x%08X", status);
        goto fail;
    }
    g_Im.ThreadNotifySet = TRUE;

    DriverObject->DriverUnload = ImUnload;

    IM_TRACE("loaded");
    return STATUS_SUCCESS;

fail:
    ImTeardown();
    return status;
}

VOID
ImUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    ImTeardown();

    IM_TRACE("unloaded: %ld images, %ld threads",
             g_Im.Stats.ImagesLoaded, g_Im.Stats.ThreadsCreated);
}
