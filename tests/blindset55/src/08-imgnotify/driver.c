/*
 * driver.c - imgnotify load / unload
 */
#include "imgnotify.h"

IMG_GLOBALS g_Img;

DRIVER_INITIALIZE     DriverEntry;
EVT_WDF_DRIVER_UNLOAD ImgEvtDriverUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, ImgEvtDriverUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS          status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER         driver;

    IINF("DriverEntry");

    RtlZeroMemory(&g_Img, sizeof(g_Img));
    KeInitializeSpinLock(&g_Img.Lock);
    InitializeListHead(&g_Img.History);

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload  = ImgEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        IERR("WdfDriverCreate 0x%08X", status);
        return status;
    }

    status = ExInitializeLookasideListEx(&g_Img.Lookaside,
                                         NULL,
                                         NULL,
                                         NonPagedPoolNx,
                                         0,
                                         sizeof(IMG_ENTRY),
                                         IMG_TAG,
                                         0);
    if (!NT_SUCCESS(status)) {
        IERR("ExInitializeLookasideListEx 0x%08X", status);
        return status;
    }

    status = ImgCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        ExDeleteLookasideListEx(&g_Img.Lookaside);
        return status;
    }

    status = PsSetLoadImageNotifyRoutine(ImgLoadNotify);
    if (!NT_SUCCESS(status)) {
        /* STATUS_INSUFFICIENT_RESOURCES: the system-wide slots are all taken */
        IERR("PsSetLoadImageNotifyRoutine 0x%08X", status);
        IoDeleteSymbolicLink(&g_Img.LinkName);
        WdfObjectDelete(g_Img.Control);
        g_Img.Control = NULL;
        return status;
    }

    IINF("up");
    return STATUS_SUCCESS;
}

VOID
ImgEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    PsRemoveLoadImageNotifyRoutine(ImgLoadNotify);

    ImgFlushHistory();
    ExDeleteLookasideListEx(&g_Img.Lookaside);

    if (g_Img.Control != NULL) {
        WdfObjectDelete(g_Img.Control);
        g_Img.Control = NULL;
    }

    IINF("unloaded");
}
