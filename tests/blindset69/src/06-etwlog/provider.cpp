// provider.cpp - manifest-free ETW provider used for the event stream
#include <initguid.h>
#include "etwlog.h"
#include "trace.h"
#include "provider.tmh"

namespace etwlog {

REGHANDLE Provider::s_handle = 0;
volatile LONG Provider::s_sessions = 0;

VOID NTAPI Provider::EnableCallback(LPCGUID SourceId, ULONG IsEnabled, UCHAR Level,
                                    ULONGLONG MatchAnyKeyword, ULONGLONG MatchAllKeyword,
                                    PEVENT_FILTER_DESCRIPTOR FilterData, PVOID CallbackContext)
{
    UNREFERENCED_PARAMETER(SourceId);
    UNREFERENCED_PARAMETER(MatchAllKeyword);
    UNREFERENCED_PARAMETER(FilterData);
    UNREFERENCED_PARAMETER(CallbackContext);

    if (IsEnabled == EVENT_CONTROL_CODE_ENABLE_PROVIDER) {
        InterlockedIncrement(&s_sessions);
    } else if (IsEnabled == EVENT_CONTROL_CODE_DISABLE_PROVIDER) {
        InterlockedDecrement(&s_sessions);
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_EVENTS, "enable=%lu level=%u any=%I64x",
                IsEnabled, Level, MatchAnyKeyword);
}

NTSTATUS Provider::Register()
{
    NTSTATUS status = EtwRegister(&ETWLOG_PROVIDER, EnableCallback, nullptr, &s_handle);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "EtwRegister %!STATUS!", status);
        s_handle = 0;
    }
    return status;
}

void Provider::Unregister()
{
    if (s_handle != 0) {
        EtwUnregister(s_handle);
        s_handle = 0;
    }
}

NTSTATUS Provider::Write(EventId id, UCHAR level, PCWSTR text, ULONG cch)
{
    if (!Enabled(level)) {
        return STATUS_SUCCESS;
    }

    EVENT_DESCRIPTOR desc;
    EventDescCreate(&desc, static_cast<USHORT>(id), 0, 0, level, 0, 0, 0);

    EVENT_DATA_DESCRIPTOR data[1];
    ULONG count = 0;
    if (text != nullptr) {
        EventDataDescCreate(&data[count++], text, cch * sizeof(WCHAR));
    }
    return EtwWrite(s_handle, &desc, nullptr, count, count ? data : nullptr);
}

} // namespace etwlog
