//
// driver.c - tickwork entry and unload
//
#include "tickwork.h"

TW_GLOBALS g_Tw;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     TwUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, TwUnload)
#endif

VOID
TwUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    TW_INFO("unload: %ld ticks, %lu runs", g_Tw.Ticks, g_Tw.Runs);

    // reverse order of DriverEntry
    TwStopTimerAndWork();
    IoFreeWorkItem(g_Tw.WorkItem);
    g_Tw.WorkItem = NULL;

    TwStopThread();

    IoDeleteDevice(g_Tw.Device);
    g_Tw.Device = NULL;

    TwFreeRegistryPath(&g_Tw.RegPath);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    RtlZeroMemory(&g_Tw, sizeof(g_Tw));

    // RegistryPath is only valid during DriverEntry; the thread needs it later
    status = TwCopyRegistryPath(RegistryPath, &g_Tw.RegPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = TwReadConfig(&g_Tw.RegPath, &g_Tw.Config);
    if (!NT_SUCCESS(status)) {
        TW_ERROR("TwReadConfig 0x%08X", status);
        goto FreePath;
    }

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Tw.Device);
    if (!NT_SUCCESS(status)) {
        TW_ERROR("IoCreateDevice 0x%08X", status);
        goto FreePath;
    }

    g_Tw.WorkItem = IoAllocateWorkItem(g_Tw.Device);
    if (g_Tw.WorkItem == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto DeleteDevice;
    }

    KeInitializeEvent(&g_Tw.WorkIdle, NotificationEvent, TRUE);
    KeInitializeEvent(&g_Tw.StopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&g_Tw.KickEvent, SynchronizationEvent, FALSE);

    status = TwStartThread();
    if (!NT_SUCCESS(status)) {
        goto FreeWorkItem;
    }

    // last: once this runs, DPCs and work items start flowing
    TwStartTimer();

    g_Tw.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    DriverObject->DriverUnload = TwUnload;

    TW_INFO("running, interval %lu ms", g_Tw.Config.IntervalMs);
    return STATUS_SUCCESS;

FreeWorkItem:
    IoFreeWorkItem(g_Tw.WorkItem);
    g_Tw.WorkItem = NULL;
DeleteDevice:
    IoDeleteDevice(g_Tw.Device);
    g_Tw.Device = NULL;
FreePath:
    TwFreeRegistryPath(&g_Tw.RegPath);
    return status;
}
