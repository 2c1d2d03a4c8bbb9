/*
 * driver.c - notifyhub bring-up and teardown
 *
 * Order: table -> control device -> process notify -> thread notify.
 * Unwind is the exact reverse, both on a failed load and on unload.
 */
#include "notifyhub.h"

NH_STATE g_Nh;

DRIVER_INITIALIZE     DriverEntry;
EVT_WDF_DRIVER_UNLOAD NhEvtDriverUnload;

static VOID NhTeardown(VOID);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, NhEvtDriverUnload)
#pragma alloc_text(PAGE, NhTeardown)
#endif

static VOID
NhProcessNotify(
    _Inout_     PEPROCESS              Process,
    _In_        HANDLE                 ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);
    NhOnProcess(ProcessId, CreateInfo != NULL);
}

static VOID
NhThreadNotify(
    _In_ HANDLE  ProcessId,
    _In_ HANDLE  ThreadId,
    _In_ BOOLEAN Create
    )
{
    UNREFERENCED_PARAMETER(ThreadId);
    NhOnThread(ProcessId, Create);
}

/*
 * Undo whatever DriverEntry got done, newest first.  Callbacks go before the
 * table they write into; the control device goes before the table it reads.
 */
static VOID
NhTeardown(VOID)
{
    PAGED_CODE();

    if (g_Nh.ThreadNotifyOn) {
        PsRemoveCreateThreadNotifyRoutine(NhThreadNotify);
        g_Nh.ThreadNotifyOn = FALSE;
    }

    if (g_Nh.ProcessNotifyOn) {
        PsSetCreateProcessNotifyRoutineEx(NhProcessNotify, TRUE);
        g_Nh.ProcessNotifyOn = FALSE;
    }

    if (g_Nh.Control != NULL) {
        WdfObjectDelete(g_Nh.Control);
        g_Nh.Control = NULL;
    }

    NhTableDestroy();
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

    NHLOG("DriverEntry");
    RtlZeroMemory(&g_Nh, sizeof(g_Nh));

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload  = NhEvtDriverUnload;
    config.DriverPoolTag    = NH_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        NHLOG("WdfDriverCreate 0x%08X", status);
        return status;
    }

    NhTableInit();

    NH_CHECK(NhControlCreate(driver), fail);

    NH_CHECK(PsSetCreateProcessNotifyRoutineEx(NhProcessNotify, FALSE), fail);
    g_Nh.ProcessNotifyOn = TRUE;

    NH_CHECK(PsSetCreateThreadNotifyRoutine(NhThreadNotify), fail);
    g_Nh.ThreadNotifyOn = TRUE;

    NHLOG("up");
    return STATUS_SUCCESS;

fail:
    NhTeardown();
    return status;
}

VOID
NhEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    NhTeardown();
    NHLOG("unloaded");
}
