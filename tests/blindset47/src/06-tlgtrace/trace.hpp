// trace.hpp - ostrace kernel sensor, Windows flavour.
//
// Same event schema as the eBPF sensor on Linux: process start/exit go out
// as TraceLogging events and into a small in-memory ring that is attached
// to crash dumps as secondary dump data.
#pragma once

#include <ntddk.h>
#include <TraceLoggingProvider.h>
#include <evntrace.h>

TRACELOGGING_DECLARE_PROVIDER(g_TlgProvider);

#define TRC_DBG(fmt, ...) KdPrint(("tlgtrace: " fmt "\n", ##__VA_ARGS__))

namespace trc {

constexpr ULONG  kTag       = 'gTsO';
constexpr SIZE_T kRingBytes = 64 * 1024;

enum : ULONG { KindStart = 1, KindExit = 2 };

struct Record {
    LARGE_INTEGER Time;
    ULONG         Pid;
    ULONG         ParentPid;
    ULONG         Kind;
    WCHAR         Image[54];
};
static_assert(sizeof(Record) == 128, "ring slots are 128 bytes");
static_assert(kRingBytes % sizeof(Record) == 0, "ring must hold whole records");

class SpinGuard {
public:
    explicit SpinGuard(KSPIN_LOCK& l) : l_(l) { KeAcquireSpinLock(&l_, &irql_); }
    ~SpinGuard() { KeReleaseSpinLock(&l_, irql_); }
    SpinGuard(const SpinGuard&) = delete;
    SpinGuard& operator=(const SpinGuard&) = delete;
private:
    KSPIN_LOCK& l_;
    KIRQL       irql_;
};

class Ring {
public:
    static NTSTATUS Create(SIZE_T bytes);
    static void     Destroy();
    static void     Push(const Record& r);
    static PVOID    Base() { return s_base; }
    static SIZE_T   Size() { return s_bytes; }
private:
    static PUCHAR     s_base;
    static SIZE_T     s_bytes;
    static SIZE_T     s_head;
    static KSPIN_LOCK s_lock;
};

struct State {
    KBUGCHECK_REASON_CALLBACK_RECORD BugRec;
    BOOLEAN                          BugRegistered;
    BOOLEAN                          ProcNotify;
    volatile LONG                    Events;
};

extern State* g_State;

} // namespace trc
