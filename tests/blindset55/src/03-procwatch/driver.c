/*
 *  driver.c - procwatch entry / exit
 */
#include "procwatch.h"

PW_GLOBALS g_Pw;

DRIVER_INITIALIZE     DriverEntry;
EVT_WDF_DRIVER_UNLOAD PwEvtDriverUnload;

static VOID
PwProcessNotify(
    _Inout_  PEPROCESS              Process,
    _In_     HANDLE                 ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PwEvtDriverUnload)
#endif

static VOID
PwProcessNotify(
    _Inout_  PEPROCESS              Process,
    _In_     HANDLE                 ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        PwEventPush(ProcessId,
                    CreateInfo->ParentProcessId,
                    TRUE,
                    CreateInfo->FileOpenNameAvailable ? CreateInfo->ImageFileName : NULL);
    } else {
        PwEventPush(ProcessId, NULL, FALSE, NULL);
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS          status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER         driver;

    PWLOG("loading from %wZ", RegistryPath);
    RtlZeroMemory(&g_Pw, sizeof(g_Pw));

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload  = PwEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        PWLOG("WdfDriverCreate 0x%08X", status);
        return status;
    }

    status = PwEventStoreInit();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        /* STATUS_ACCESS_DENIED here means the image lacks /INTEGRITYCHECK */
        PWLOG("PsSetCreateProcessNotifyRoutineEx 0x%08X", status);
        goto fail_store;
    }
    g_Pw.NotifyRegistered = TRUE;

    status = PwCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        goto fail_store;
    }

    PWLOG("watching");
    return STATUS_SUCCESS;

fail_store:
    PwEventStoreDestroy();
    return status;
}

VOID
PwEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    PWLOG("unload, %u events dropped over lifetime", g_Pw.Dropped);

    /* give back whatever is still queued before we detach */
    PwEventStoreDestroy();

    if (g_Pw.NotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, TRUE);
        g_Pw.NotifyRegistered = FALSE;
    }

    /* control device goes away with the framework driver object */
}
