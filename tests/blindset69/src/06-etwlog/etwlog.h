#pragma once
#include <ntddk.h>
#include <evntprov.h>

#define ETWLOG_DEVICE   L"\\Device\\EtwLog"
#define ETWLOG_LINK     L"\\DosDevices\\EtwLog"
#define ETWLOG_TAG      'gLtE'

#define IOCTL_ETWLOG_WRITE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_WRITE_DATA)

#define ETWLOG_MAX_MESSAGE  512     // characters

// {5E8D0F3A-2C41-4B6E-9A77-1D3C5B7E9F02}  "EtwLog-Provider"
DEFINE_GUID(ETWLOG_PROVIDER,
    0x5e8d0f3a, 0x2c41, 0x4b6e, 0x9a, 0x77, 0x1d, 0x3c, 0x5b, 0x7e, 0x9f, 0x02);

namespace etwlog {

enum class EventId : USHORT {
    DriverLoaded   = 1,
    DriverUnloaded = 2,
    UserMessage    = 3,
};

class Provider {
public:
    static NTSTATUS Register();
    static void Unregister();
    static bool Enabled(UCHAR level) { return s_handle != 0 && EtwProviderEnabled(s_handle, level, 0); }
    static NTSTATUS Write(EventId id, UCHAR level, PCWSTR text, ULONG cch);

private:
    static VOID NTAPI EnableCallback(LPCGUID SourceId, ULONG IsEnabled, UCHAR Level,
                                     ULONGLONG MatchAnyKeyword, ULONGLONG MatchAllKeyword,
                                     PEVENT_FILTER_DESCRIPTOR FilterData, PVOID CallbackContext);
    static REGHANDLE s_handle;
    static volatile LONG s_sessions;
};

} // namespace etwlog
