#include "kregwatch.h"

void krw::EventRing::Push(const KRW_EVENT& ev)
{
    KLOCK_QUEUE_HANDLE lh;
    KeAcquireInStackQueuedSpinLock(&m_lock, &lh);

    const ULONG slot = (m_head + m_count) % KRW_RING_SIZE;
    m_events[slot] = ev;
    if (m_count < KRW_RING_SIZE) {
        m_count++;
    } else {
        // full: overwrite the oldest
        m_head = (m_head + 1) % KRW_RING_SIZE;
    }

    KeReleaseInStackQueuedSpinLock(&lh);
}

ULONG krw::EventRing::Pop(KRW_EVENT* out, ULONG max)
{
    KLOCK_QUEUE_HANDLE lh;
    KeAcquireInStackQueuedSpinLock(&m_lock, &lh);

    ULONG n = 0;
    while (n < max && m_count > 0) {
        out[n++] = m_events[m_head];
        m_head = (m_head + 1) % KRW_RING_SIZE;
        m_count--;
    }

    KeReleaseInStackQueuedSpinLock(&lh);
    return n;
}

namespace {

void CopyName(WCHAR* dst, ULONG dstChars, PCUNICODE_STRING src)
{
    if (src == nullptr || src->Buffer == nullptr) {
        dst[0] = L'\0';
        return;
    }
    ULONG chars = src->Length / sizeof(WCHAR);
    if (chars >= dstChars) {
        chars = dstChars - 1;
    }
    RtlCopyMemory(dst, src->Buffer, chars * sizeof(WCHAR));
    dst[chars] = L'\0';
}

} // namespace

NTSTATUS krw::OnRegistryNotify(PVOID CallbackContext, PVOID Argument1, PVOID Argument2)
{
    auto ring = static_cast<EventRing*>(CallbackContext);
    const auto notify = static_cast<REG_NOTIFY_CLASS>(reinterpret_cast<ULONG_PTR>(Argument1));

    if (notify != RegNtPreSetValueKey || Argument2 == nullptr) {
        return STATUS_SUCCESS;
    }

    auto info = static_cast<PREG_SET_VALUE_KEY_INFORMATION>(Argument2);

    PCUNICODE_STRING keyName = nullptr;
    if (!NT_SUCCESS(CmCallbackGetKeyObjectIDEx(&g.Cookie, info->Object, nullptr, &keyName, 0))) {
        return STATUS_SUCCESS;
    }

    // our own service key is noise (SCM writes to it on every start)
    if (!RtlPrefixUnicodeString(&g.ServiceKey, keyName, TRUE)) {
        KRW_EVENT ev = {};
        KeQuerySystemTime(&ev.Time);
        ev.ProcessId = HandleToULong(PsGetCurrentProcessId());
        CopyName(ev.Key, KRW_KEY_CHARS, keyName);
        CopyName(ev.Value, KRW_VALUE_CHARS, info->ValueName);
        ring->Push(ev);
    }

    CmCallbackReleaseKeyObjectIDEx(keyName);
    return STATUS_SUCCESS;
}
