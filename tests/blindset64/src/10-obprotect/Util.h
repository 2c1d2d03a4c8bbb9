#pragma once
//
// Util.h - small RAII helpers
//
#include <ntifs.h>

namespace kutil {

constexpr ULONG kTag = 'tPbO';

class SpinGuard {
public:
    explicit SpinGuard(PKSPIN_LOCK lock) : m_lock(lock) { KeAcquireSpinLock(m_lock, &m_irql); }
    ~SpinGuard() { KeReleaseSpinLock(m_lock, m_irql); }
    SpinGuard(const SpinGuard&) = delete;
    SpinGuard& operator=(const SpinGuard&) = delete;
private:
    PKSPIN_LOCK m_lock;
    KIRQL       m_irql;
};

//
// Owned copy of a UNICODE_STRING (paged pool). Used for the service key path,
// which the I/O manager frees after DriverEntry returns.
//
struct OwnedString {
    UNICODE_STRING Str{};

    NTSTATUS CopyFrom(PCUNICODE_STRING src)
    {
        Free();
        if (src == nullptr || src->Length == 0) {
            return STATUS_INVALID_PARAMETER;
        }
        auto buf = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, src->Length, kTag));
        if (!buf) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        RtlCopyMemory(buf, src->Buffer, src->Length);
        Str.Buffer = buf;
        Str.Length = src->Length;
        Str.MaximumLength = src->Length;
        return STATUS_SUCCESS;
    }

    void Free()
    {
        if (Str.Buffer) {
            ExFreePoolWithTag(Str.Buffer, kTag);
        }
        Str = {};
    }
};

} // namespace kutil

#define OBP_LOG(fmt, ...) KdPrint(("obprotect: " fmt "\n", __VA_ARGS__))
