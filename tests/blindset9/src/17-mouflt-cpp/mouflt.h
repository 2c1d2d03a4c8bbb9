// mouflt.h - mouse click counter, a legacy upper filter on the pointer class devices
#pragma once

#include <ntddk.h>
#include <ntddmou.h>

#define MF_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL, "mouflt: " fmt "\n", __VA_ARGS__)

namespace mflt {

enum class Button : ULONG { Left, Right, Middle, Count };

template <typename T, ULONG N>
struct CounterSet {
    volatile LONG Values[N];

    void Bump(T which) { InterlockedIncrement(&Values[static_cast<ULONG>(which)]); }
    LONG Get(T which) const { return Values[static_cast<ULONG>(which)]; }
};

struct Extension {
    PDEVICE_OBJECT Lower;
    ULONG Slot;
};

class MouseFilter {
public:
    static void Init();
    static NTSTATUS AttachTo(PDRIVER_OBJECT driver, PCWSTR className, ULONG slot);
    static void DetachAll(PDRIVER_OBJECT driver);
    static void Report();

    static DRIVER_DISPATCH PassThrough;
    static DRIVER_DISPATCH Read;
    static DRIVER_DISPATCH Power;

private:
    static IO_COMPLETION_ROUTINE ReadDone;

    static volatile LONG s_pending;
    static CounterSet<Button, static_cast<ULONG>(Button::Count)> s_clicks;
};

} // namespace mflt
