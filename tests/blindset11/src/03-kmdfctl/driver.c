/*
 * driver.c - DriverEntry / EvtDriverUnload / ETW provider for KmdfCtl
 */
#include <initguid.h>
#include "kmdfctl.h"

KC_GLOBALS g_Kc;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD KcEvtDriverUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KcEvtDriverUnload)
#endif

static const EVENT_DESCRIPTOR KcEventUser = {
    1,      /* Id */
    0,      /* Version */
    0,      /* Channel */
    TRACE_LEVEL_INFORMATION,
    0,      /* Opcode */
    0,      /* Task */
    0x1     /* Keyword */
};

/*
 * Called by ETW when a session enables or disables us.
 */
static VOID NTAPI
KcEtwEnableCallback(
    _In_ LPCGUID SourceId,
    _In_ ULONG ControlCode,
    _In_ UCHAR Level,
    _In_ ULONGLONG MatchAnyKeyword,
    _In_ ULONGLONG MatchAllKeyword,
    _In_opt_ PEVENT_FILTER_DESCRIPTOR FilterData,
    _Inout_opt_ PVOID CallbackContext
    )
{
    UNREFERENCED_PARAMETER(SourceId);
    UNREFERENCED_PARAMETER(MatchAnyKeyword);
    UNREFERENCED_PARAMETER(MatchAllKeyword);
    UNREFERENCED_PARAMETER(FilterData);
    UNREFERENCED_PARAMETER(CallbackContext);

    switch (ControlCode) {
    case EVENT_CONTROL_CODE_ENABLE_PROVIDER:
        g_Kc.EtwEnabled = TRUE;
        g_Kc.EtwLevel = Level;
        break;
    case EVENT_CONTROL_CODE_DISABLE_PROVIDER:
        g_Kc.EtwEnabled = FALSE;
        break;
    default:
        break;
    }
}

VOID
KcEmit(_In_ ULONG Code, _In_ ULONG Value)
{
    EVENT_DATA_DESCRIPTOR data[2];

    if (!g_Kc.EtwEnabled || g_Kc.EtwHandle == 0) {
        return;
    }
    EventDataDescCreate(&data[0], &Code, sizeof(Code));
    EventDataDescCreate(&data[1], &Value, sizeof(Value));
    EtwWrite(g_Kc.EtwHandle, &KcEventUser, NULL, 2, data);
}

VOID
KcEvtDriverUnload(_In_ WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    KC_TRACE("unloading");

    if (g_Kc.EtwHandle != 0) {
        EtwUnregister(g_Kc.EtwHandle);
        g_Kc.EtwHandle = 0;
    }
    /* the framework deletes the control device object for us */
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    KC_TRACE("DriverEntry %wZ", RegistryPath);

    RtlZeroMemory(&g_Kc, sizeof(g_Kc));

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = KcEvtDriverUnload;
    config.DriverPoolTag = KC_POOL_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        KC_TRACE("WdfDriverCreate failed 0x%08X", status);
        return status;
    }

    /* tracing is nice to have, we keep going without it */
    status = EtwRegister(&KC_PROVIDER_GUID, KcEtwEnableCallback, NULL, &g_Kc.EtwHandle);
    if (!NT_SUCCESS(status)) {
        KC_TRACE("EtwRegister failed 0x%08X, running without ETW", status);
        g_Kc.EtwHandle = 0;
    }

    status = KcCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        KC_TRACE("control device failed 0x%08X", status);
        return status;
    }

    KcEmit(0, 0);
    KC_TRACE("ready");
    return STATUS_SUCCESS;
}
