#pragma once
#include <ntddk.h>

#define RG_TAG  'dGgR'

#define RGLOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "regguard: " fmt "\n", __VA_ARGS__)

namespace rg {

//
// owning pool pointer, freed with our tag
//
template <typename T>
class PoolPtr {
public:
    PoolPtr() : m_p(nullptr) {}
    explicit PoolPtr(SIZE_T bytes, POOL_FLAGS flags = POOL_FLAG_PAGED)
        : m_p(static_cast<T*>(ExAllocatePool2(flags, bytes, RG_TAG))) {}
    ~PoolPtr() { Reset(); }

    PoolPtr(const PoolPtr&) = delete;
    PoolPtr& operator=(const PoolPtr&) = delete;

    T* Get() const { return m_p; }
    T* operator->() const { return m_p; }
    explicit operator bool() const { return m_p != nullptr; }

    T* Release() { T* p = m_p; m_p = nullptr; return p; }
    void Reset() {
        if (m_p) {
            ExFreePoolWithTag(m_p, RG_TAG);
            m_p = nullptr;
        }
    }
private:
    T* m_p;
};

//
// kernel handle closed on scope exit
//
class KHandle {
public:
    KHandle() : m_h(nullptr) {}
    ~KHandle() { if (m_h) ZwClose(m_h); }
    KHandle(const KHandle&) = delete;
    KHandle& operator=(const KHandle&) = delete;

    HANDLE* operator&() { return &m_h; }
    operator HANDLE() const { return m_h; }
private:
    HANDLE m_h;
};

// copy a counted string into a new pool buffer owned by Dst
NTSTATUS DuplicateString(_Out_ PUNICODE_STRING Dst, _In_ PCUNICODE_STRING Src, _In_ USHORT ExtraBytes = 0);
void     FreeString(_Inout_ PUNICODE_STRING Str);

} // namespace rg
