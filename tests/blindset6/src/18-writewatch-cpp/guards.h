#pragma once

#include <fltKernel.h>

//
// Owning wrapper for a PFLT_FILTER returned by FltRegisterFilter.
//
class UniqueFilter
{
public:
    UniqueFilter() = default;
    explicit UniqueFilter(PFLT_FILTER f) : m_filter(f) {}
    ~UniqueFilter() { Reset(); }

    UniqueFilter(const UniqueFilter&) = delete;
    UniqueFilter& operator=(const UniqueFilter&) = delete;

    PFLT_FILTER Get() const { return m_filter; }
    PFLT_FILTER* Put() { Reset(); return &m_filter; }

    PFLT_FILTER Release()
    {
        PFLT_FILTER f = m_filter;
        m_filter = nullptr;
        return f;
    }

    void Reset()
    {
        if (m_filter != nullptr) {
            FltUnregisterFilter(m_filter);
            m_filter = nullptr;
        }
    }

private:
    PFLT_FILTER m_filter = nullptr;
};

//
// Calls T::Destroy() on scope exit unless released.
//
template <typename T>
class DestroyGuard
{
public:
    explicit DestroyGuard(T* obj) : m_obj(obj) {}
    ~DestroyGuard() { if (m_obj != nullptr) { m_obj->Destroy(); } }

    DestroyGuard(const DestroyGuard&) = delete;
    DestroyGuard& operator=(const DestroyGuard&) = delete;

    void Release() { m_obj = nullptr; }

private:
    T* m_obj;
};
