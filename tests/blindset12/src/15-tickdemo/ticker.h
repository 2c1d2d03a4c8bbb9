#pragma once
#include "kalloc.h"

namespace tick {

constexpr ULONG kTag = 'kciT';
constexpr LONG  kPeriodMs = 1000;

struct TickContext {
    volatile LONG Ticks;
    volatile LONG WorkRuns;
    volatile LONG WorkBusy;     // 1 while a work item is queued or running
    LARGE_INTEGER LastWork;
    KEVENT        WorkIdle;     // signalled when WorkBusy drops to 0
};

class Ticker {
public:
    static NTSTATUS Start(PDEVICE_OBJECT Device, TickContext* Ctx);
    static void     WaitForWork();

    static KDEFERRED_ROUTINE OnTimer;
    static IO_WORKITEM_ROUTINE OnWork;

    static KTIMER       s_Timer;
    static KDPC         s_Dpc;
    static PIO_WORKITEM s_Work;
    static TickContext* s_Ctx;
};

} // namespace tick
