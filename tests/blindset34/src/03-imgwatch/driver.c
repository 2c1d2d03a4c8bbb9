#include "imgwatch.h"

IW_GLOBALS g_Iw;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD IwUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, IwUnload)
#endif

VOID
IwUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    // refuse new work before removing the callbacks
    InterlockedExchange(&g_Iw.Stopping, 1);

    IwStopNotifications();

    IW_LOG("unloaded: %ld images seen, %ld remote threads",
           g_Iw.ImageCount, g_Iw.RemoteThreadCount);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    RtlZeroMemory(&g_Iw, sizeof(g_Iw));
    g_Iw.DriverObject = DriverObject;

    IwReadConfig(RegistryPath, &g_Iw.Config);
    IW_LOG("config: system=%lu remote=%lu filesize=%lu",
           g_Iw.Config.LogSystemImages, g_Iw.Config.LogRemoteThreads, g_Iw.Config.ResolveFileSize);

    status = IwStartNotifications();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->DriverUnload = IwUnload;
    return STATUS_SUCCESS;
}
