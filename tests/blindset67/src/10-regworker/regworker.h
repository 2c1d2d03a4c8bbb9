// regworker.h -- periodic "scrubber" thread whose interval and on/off
//                switch come from the service's Parameters key.
#pragma once

extern "C" {
#include <ntddk.h>
}

#define RW_TAG                'krWR'
#define RW_DEFAULT_INTERVAL   2000     // ms
#define RW_MIN_INTERVAL       100
#define RW_MAX_INTERVAL       600000

#define RWLOG(fmt, ...)  DbgPrint("[regworker] " fmt "\n", __VA_ARGS__)

namespace rw {

struct Config {
    ULONG IntervalMs = RW_DEFAULT_INTERVAL;
    ULONG Enabled    = 1;
    ULONG Verbose    = 0;
};

// Owns a NUL-terminated pool copy of a UNICODE_STRING.
class PathCopy {
public:
    NTSTATUS Assign(PCUNICODE_STRING Src);
    void     Reset();
    PCWSTR   Sz() const { return m_Str.Buffer; }
    PCUNICODE_STRING Get() const { return &m_Str; }
private:
    UNICODE_STRING m_Str = {};
};

NTSTATUS ReadConfig(_In_ PCWSTR ServiceKey, _Out_ Config* Cfg);

class Scrubber {
public:
    static NTSTATUS Start(const Config& Cfg);
    static void     Stop();
private:
    static KSTART_ROUTINE Main;

    static PKTHREAD s_Thread;      // referenced thread object
    static KEVENT   s_Stop;
    static Config   s_Cfg;
    static ULONG64  s_Passes;
};

} // namespace rw
