/*++
Module Name:
    etw.c

Abstract:
    Manifest-free ETW provider for sensor readings.
--*/
#include "telemdev.h"

#define TM_KEYWORD_READINGS     0x0000000000000001ULL
#define TM_EVENT_ID_READING     1

static const EVENT_DESCRIPTOR s_ReadingEvent = {
    TM_EVENT_ID_READING,        // Id
    0,                          // Version
    0,                          // Channel
    TRACE_LEVEL_INFORMATION,    // Level
    0,                          // Opcode
    0,                          // Task
    TM_KEYWORD_READINGS         // Keyword
};

//
// Provider traits blob: total size (USHORT), NUL-terminated provider name.
//
#include <pshpack1.h>
static const struct {
    USHORT Size;
    CHAR   Name[sizeof("Contoso-TH4-Telemetry")];
} s_ProviderTraits = {
    sizeof(s_ProviderTraits),
    "Contoso-TH4-Telemetry"
};
#include <poppack.h>

static ETWENABLECALLBACK TmEtwEnableCallback;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, TmRegisterProvider)
#pragma alloc_text(PAGE, TmUnregisterProvider)
#endif

static
_Use_decl_annotations_
VOID
TmEtwEnableCallback(
    LPCGUID                  SourceId,
    ULONG                    ControlCode,
    UCHAR                    Level,
    ULONGLONG                MatchAnyKeyword,
    ULONGLONG                MatchAllKeyword,
    PEVENT_FILTER_DESCRIPTOR FilterData,
    PVOID                    CallbackContext
    )
{
    PTM_GLOBALS tm = (PTM_GLOBALS)CallbackContext;

    UNREFERENCED_PARAMETER(SourceId);
    UNREFERENCED_PARAMETER(MatchAllKeyword);
    UNREFERENCED_PARAMETER(FilterData);

    switch (ControlCode) {
    case EVENT_CONTROL_CODE_ENABLE_PROVIDER:
        tm->EtwLevel = Level;
        tm->EtwMatchAnyKeyword = MatchAnyKeyword;
        InterlockedExchange(&tm->EtwEnabled, 1);
        break;

    case EVENT_CONTROL_CODE_DISABLE_PROVIDER:
        InterlockedExchange(&tm->EtwEnabled, 0);
        break;

    default:
        break;
    }
}

_Use_decl_annotations_
NTSTATUS
TmRegisterProvider(
    PTM_GLOBALS Tm
    )
{
    NTSTATUS  status;
    REGHANDLE handle = 0;

    status = EtwRegister(&TM_PROVIDER_GUID, TmEtwEnableCallback, Tm, &handle);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    //
    // Attach the provider name so that TraceLogging-aware consumers can
    // decode events without a registered manifest.
    //
    status = EtwSetInformation(handle,
                               EventProviderSetTraits,
                               (PVOID)&s_ProviderTraits,
                               sizeof(s_ProviderTraits));
    if (!NT_SUCCESS(status)) {
        TM_ERROR("provider traits 0x%08X", status);
        return status;
    }

    Tm->EtwHandle = handle;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
TmUnregisterProvider(
    PTM_GLOBALS Tm
    )
{
    PAGED_CODE();

    if (Tm->EtwHandle != 0) {
        (VOID)EtwUnregister(Tm->EtwHandle);
        Tm->EtwHandle = 0;
        InterlockedExchange(&Tm->EtwEnabled, 0);
    }
}

_Use_decl_annotations_
VOID
TmEtwWriteReading(
    ULONG SensorIndex,
    LONG  MilliCelsius
    )
{
    EVENT_DATA_DESCRIPTOR data[2];

    if (g_Tm.EtwEnabled == 0 ||
        !EtwEventEnabled(g_Tm.EtwHandle, &s_ReadingEvent)) {
        return;
    }

    EventDataDescCreate(&data[0], &SensorIndex, sizeof(SensorIndex));
    EventDataDescCreate(&data[1], &MilliCelsius, sizeof(MilliCelsius));

    (VOID)EtwWrite(g_Tm.EtwHandle, &s_ReadingEvent, NULL, RTL_NUMBER_OF(data), data);
}
