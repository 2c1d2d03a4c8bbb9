#include "Notifier.h"

namespace shevt {

KSPIN_LOCK   EventBridge::s_lock;
PKEVENT      EventBridge::s_event;

KSPIN_LOCK   Notifier::s_lock;
SHEVT_RECORD Notifier::s_ring[SHEVT_RING_SIZE];
ULONG        Notifier::s_head;
ULONG        Notifier::s_count;

// ---------------------------------------------------------------- EventBridge

void EventBridge::Init()
{
    KeInitializeSpinLock(&s_lock);
    s_event = nullptr;
}

NTSTATUS EventBridge::Attach(HANDLE userHandle, KPROCESSOR_MODE mode)
{
    PKEVENT event = nullptr;

    NTSTATUS status = ObReferenceObjectByHandle(userHandle, EVENT_MODIFY_STATE,
                                                *ExEventObjectType, mode,
                                                reinterpret_cast<PVOID*>(&event), nullptr);
    if (!NT_SUCCESS(status))
        return status;

    PKEVENT old;
    {
        SpinGuard guard(s_lock);
        old = s_event;
        s_event = event;
    }

    // replacing a previous registration
    if (old)
        ObDereferenceObject(old);
    return STATUS_SUCCESS;
}

void EventBridge::Detach()
{
    PKEVENT old;
    {
        SpinGuard guard(s_lock);
        old = s_event;
        s_event = nullptr;
    }
    if (old)
        ObDereferenceObject(old);
}

void EventBridge::Signal()
{
    PKEVENT event;
    {
        SpinGuard guard(s_lock);
        event = s_event;
        if (event)
            ObReferenceObject(event);
    }
    if (event) {
        KeSetEvent(event, IO_NO_INCREMENT, FALSE);
        ObDereferenceObject(event);
    }
}

// ---------------------------------------------------------------- Notifier

void Notifier::Init()
{
    KeInitializeSpinLock(&s_lock);
    s_head = 0;
    s_count = 0;
}

void Notifier::OnProcess(PEPROCESS Process, HANDLE Pid, PPS_CREATE_NOTIFY_INFO Info)
{
    UNREFERENCED_PARAMETER(Process);

    if (Info == nullptr)
        return;     // exits are not interesting here

    SHEVT_RECORD rec = {};
    rec.ProcessId = HandleToULong(Pid);
    rec.ParentId  = HandleToULong(Info->ParentProcessId);
    KeQuerySystemTime(&rec.CreateTime);

    if (Info->ImageFileName && Info->ImageFileName->Buffer) {
        // keep the tail of the path, that's the useful part
        ULONG chars = Info->ImageFileName->Length / sizeof(WCHAR);
        ULONG skip = chars > SHEVT_IMAGE_CHARS - 1 ? chars - (SHEVT_IMAGE_CHARS - 1) : 0;
        RtlCopyMemory(rec.Image, Info->ImageFileName->Buffer + skip,
                      (chars - skip) * sizeof(WCHAR));
    }

    {
        SpinGuard guard(s_lock);
        s_ring[s_head] = rec;
        s_head = (s_head + 1) % SHEVT_RING_SIZE;
        if (s_count < SHEVT_RING_SIZE)
            s_count++;
    }

    EventBridge::Signal();
}

BOOLEAN Notifier::Start()
{
    NTSTATUS status = PsSetCreateProcessNotifyRoutineEx(OnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        KLOG("PsSetCreateProcessNotifyRoutineEx: 0x%08X", status);
        return FALSE;
    }
    return TRUE;
}

void Notifier::Stop()
{
    PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
}

ULONG Notifier::Read(PSHEVT_RECORD out, ULONG maxRecords)
{
    SpinGuard guard(s_lock);

    ULONG n = min(maxRecords, s_count);
    ULONG start = (s_head + SHEVT_RING_SIZE - s_count) % SHEVT_RING_SIZE;
    // hand out the oldest n of what we have
    for (ULONG i = 0; i < n; i++)
        out[i] = s_ring[(start + i) % SHEVT_RING_SIZE];

    s_count -= n;
    return n;
}

} // namespace shevt
