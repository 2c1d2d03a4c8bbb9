#pragma once
#include <ntddk.h>

namespace rg {

template <typename T, ULONG Tag>
struct PoolDeleter {
    void operator()(T* p) const noexcept
    {
        if (p) {
            ExFreePoolWithTag(p, Tag);
        }
    }
};

//
// unique_ptr for pool blocks. Frees with the matching tag.
//
template <typename T, ULONG Tag, typename Deleter = PoolDeleter<T, Tag>>
class PoolPtr {
public:
    PoolPtr() noexcept = default;
    explicit PoolPtr(T* p) noexcept : m_p(p) {}
    ~PoolPtr() { reset(); }

    PoolPtr(const PoolPtr&) = delete;
    PoolPtr& operator=(const PoolPtr&) = delete;
    PoolPtr(PoolPtr&& o) noexcept : m_p(o.release()) {}
    PoolPtr& operator=(PoolPtr&& o) noexcept { reset(o.release()); return *this; }

    T* get() const noexcept { return m_p; }
    T* operator->() const noexcept { return m_p; }
    explicit operator bool() const noexcept { return m_p != nullptr; }

    [[nodiscard]] T* release() noexcept
    {
        T* p = m_p;
        m_p = nullptr;
        return p;
    }

    void reset(T* p = nullptr) noexcept
    {
        T* old = m_p;
        m_p = p;
        if (old) {
            Deleter{}(old);
        }
    }

private:
    T* m_p = nullptr;
};

template <typename T, ULONG Tag>
[[nodiscard]] PoolPtr<T, Tag> MakePool(POOL_FLAGS Flags)
{
    return PoolPtr<T, Tag>(static_cast<T*>(ExAllocatePool2(Flags, sizeof(T), Tag)));
}

} // namespace rg
