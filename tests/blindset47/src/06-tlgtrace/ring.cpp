#include "trace.hpp"

namespace trc {

PUCHAR     Ring::s_base  = nullptr;
SIZE_T     Ring::s_bytes = 0;
SIZE_T     Ring::s_head  = 0;
KSPIN_LOCK Ring::s_lock;

NTSTATUS Ring::Create(SIZE_T bytes)
{
    KeInitializeSpinLock(&s_lock);

    // nonpaged: the bugcheck callback reads it at HIGH_LEVEL
    s_base = static_cast<PUCHAR>(ExAllocatePoolWithTag(NonPagedPoolNx, bytes, kTag));
    if (s_base == nullptr)
        return STATUS_INSUFFICIENT_RESOURCES;

    RtlZeroMemory(s_base, bytes);
    s_bytes = bytes;
    s_head  = 0;
    return STATUS_SUCCESS;
}

void Ring::Destroy()
{
    if (s_base != nullptr) {
        ExFreePoolWithTag(s_base, kTag);
        s_base  = nullptr;
        s_bytes = 0;
    }
}

void Ring::Push(const Record& r)
{
    SpinGuard g(s_lock);
    RtlCopyMemory(s_base + s_head, &r, sizeof(r));
    s_head = (s_head + sizeof(r)) % s_bytes;
}

} // namespace trc
