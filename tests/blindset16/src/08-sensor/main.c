//
// main.c -- DriverEntry / DriverUnload for the endpoint sensor.
//
// Copyright (c) Sentinel Labs Endpoint Team. Internal use only.
//

#include "sensor.h"

SN_GLOBALS g_Sn;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SnUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, SnUnload)
#endif

VOID
SnUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    SN_LOG("unloading (flags 0x%x)", g_Sn.Flags);

    if (g_Sn.Flags & SN_FLAG_THREADMON) {
        SnThreadMonFini(&g_Sn);
        g_Sn.Flags &= ~SN_FLAG_THREADMON;
    }

    if (g_Sn.Flags & SN_FLAG_CALLBACKS) {
        SnCallbacksFini(&g_Sn);
        g_Sn.Flags &= ~SN_FLAG_CALLBACKS;
    }

    //
    // No callback can be running past this point; the queue can go.
    //
    ExWaitForRundownProtectionRelease(&g_Sn.CallbackRundown);

    if (g_Sn.Flags & SN_FLAG_DEVICE) {
        (VOID)SnDeviceDelete(&g_Sn);
        g_Sn.Flags &= ~SN_FLAG_DEVICE;
    }

    if (g_Sn.Flags & SN_FLAG_QUEUE) {
        SnQueueFini(&g_Sn.Queue);
        g_Sn.Flags &= ~SN_FLAG_QUEUE;
    }

    SnConfigFree(&g_Sn.Config);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    SN_LOG("sensor %s loading", SN_VERSION);

    RtlZeroMemory(&g_Sn, sizeof(g_Sn));
    g_Sn.DriverObject = DriverObject;
    ExInitializeRundownProtection(&g_Sn.CallbackRundown);

    status = SnConfigLoad(RegistryPath, &g_Sn.Config);
    if (!NT_SUCCESS(status)) {
        SN_ERR("SnConfigLoad 0x%08X", status);
        return status;
    }

    status = SnQueueInit(&g_Sn.Queue, g_Sn.Config.QueueDepth);
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }
    g_Sn.Flags |= SN_FLAG_QUEUE;

    status = SnCallbacksInit(&g_Sn);
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }
    g_Sn.Flags |= SN_FLAG_CALLBACKS;

    status = SnDeviceCreate(DriverObject, &g_Sn);
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }
    g_Sn.Flags |= SN_FLAG_DEVICE;

    if (g_Sn.Config.ThreadMonitor) {
        status = SnThreadMonInit(&g_Sn);
        if (!NT_SUCCESS(status)) {
            goto Cleanup;
        }
        g_Sn.Flags |= SN_FLAG_THREADMON;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = SnDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SnDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SnDispatchDeviceControl;
    DriverObject->DriverUnload = SnUnload;

    SN_LOG("sensor ready (flags 0x%x)", g_Sn.Flags);
    return STATUS_SUCCESS;

Cleanup:
    SN_ERR("initialization failed 0x%08X (flags 0x%x)", status, g_Sn.Flags);

    if (g_Sn.Flags & SN_FLAG_DEVICE) {
        status = SnDeviceDelete(&g_Sn);
        g_Sn.Flags &= ~SN_FLAG_DEVICE;
    }

    if (g_Sn.Flags & SN_FLAG_CALLBACKS) {
        SnCallbacksFini(&g_Sn);
        g_Sn.Flags &= ~SN_FLAG_CALLBACKS;
    }

    ExWaitForRundownProtectionRelease(&g_Sn.CallbackRundown);

    if (g_Sn.Flags & SN_FLAG_QUEUE) {
        SnQueueFini(&g_Sn.Queue);
        g_Sn.Flags &= ~SN_FLAG_QUEUE;
    }

    SnConfigFree(&g_Sn.Config);
    return status;
}
