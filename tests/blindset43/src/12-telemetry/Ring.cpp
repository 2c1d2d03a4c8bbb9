//
// Ring.cpp - record ring + periodic DPC that pokes the agent's event
//
#include "Telemetry.h"

namespace tlm {

Record*    Ring::s_Buf;
ULONG      Ring::s_Size;
ULONG      Ring::s_Read;
ULONG      Ring::s_Write;
ULONG      Ring::s_Used;
KSPIN_LOCK Ring::s_Lock;
PKEVENT    Ring::s_UserEvent;
KTIMER     Ring::s_Timer;
KDPC       Ring::s_Dpc;
bool       Ring::s_TimerArmed;

NTSTATUS Ring::Create(ULONG size)
{
    KeInitializeSpinLock(&s_Lock);
    KeInitializeTimer(&s_Timer);
    KeInitializeDpc(&s_Dpc, FlushDpc, nullptr);

    s_Buf = AllocArray<Record>(size);
    if (!s_Buf) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    s_Size = size;
    s_Read = s_Write = s_Used = 0;
    s_UserEvent = nullptr;
    s_TimerArmed = false;
    return STATUS_SUCCESS;
}

void Ring::StartFlushTimer()
{
    LARGE_INTEGER due;
    due.QuadPart = -10000LL * TLM_FLUSH_MS;
    KeSetTimerEx(&s_Timer, due, TLM_FLUSH_MS, &s_Dpc);
    s_TimerArmed = true;
}

void Ring::StopFlushTimer()
{
    if (!s_TimerArmed) {
        return;
    }
    // cancel the periodic timer, then wait out a DPC that may already be queued
    KeCancelTimer(&s_Timer);
    KeFlushQueuedDpcs();
    s_TimerArmed = false;
}

void Ring::Destroy()
{
    // caller guarantees: sensors disabled and flush timer stopped
    ClearNotifyEvent();

    if (s_Buf) {
        ExFreePoolWithTag(s_Buf, TLM_TAG);
        s_Buf = nullptr;
    }
    s_Size = 0;
}

void Ring::Write(Record& r)
{
    LARGE_INTEGER t;
    KeQuerySystemTimePrecise(&t);
    r.Timestamp = t.QuadPart;

    ScopedSpin guard(s_Lock);
    s_Buf[s_Write] = r;
    s_Write = (s_Write + 1) % s_Size;
    if (s_Used == s_Size) {
        s_Read = (s_Read + 1) % s_Size;     // overwrite oldest
    } else {
        s_Used++;
    }
}

ULONG Ring::Read(Record* out, ULONG max)
{
    ULONG n = 0;
    ScopedSpin guard(s_Lock);
    while (n < max && s_Used > 0) {
        out[n++] = s_Buf[s_Read];
        s_Read = (s_Read + 1) % s_Size;
        s_Used--;
    }
    return n;
}

NTSTATUS Ring::SetNotifyEvent(HANDLE userEvent, KPROCESSOR_MODE mode)
{
    PKEVENT ev = nullptr;
    NTSTATUS status = ObReferenceObjectByHandle(userEvent, EVENT_MODIFY_STATE, *ExEventObjectType,
                                                mode, reinterpret_cast<PVOID*>(&ev), nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    PKEVENT old;
    {
        ScopedSpin guard(s_Lock);
        old = s_UserEvent;
        s_UserEvent = ev;
    }
    if (old) {
        ObDereferenceObject(old);
    }
    return STATUS_SUCCESS;
}

void Ring::ClearNotifyEvent()
{
    PKEVENT old;
    {
        ScopedSpin guard(s_Lock);
        old = s_UserEvent;
        s_UserEvent = nullptr;
    }
    if (old) {
        ObDereferenceObject(old);
    }
}

void Ring::FlushDpc(PKDPC, PVOID, PVOID, PVOID)
{
    KeAcquireSpinLockAtDpcLevel(&s_Lock);
    if (s_Used > 0 && s_UserEvent) {
        KeSetEvent(s_UserEvent, IO_NO_INCREMENT, FALSE);
    }
    KeReleaseSpinLockFromDpcLevel(&s_Lock);
}

} // namespace tlm
