//
// guards.h - small RAII helpers used across SnapKeeper
//
#pragma once

#include <fltKernel.h>

namespace sk {

class ExclusiveLock {
public:
    explicit ExclusiveLock(_Inout_ PERESOURCE r) : m_r(r)
    {
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(m_r, TRUE);
    }
    ~ExclusiveLock()
    {
        ExReleaseResourceLite(m_r);
        KeLeaveCriticalRegion();
    }
private:
    ExclusiveLock(const ExclusiveLock&) = delete;
    ExclusiveLock& operator=(const ExclusiveLock&) = delete;
    PERESOURCE m_r;
};

// holds one filter manager reference on a context of type T
template <typename T>
class FltRef {
public:
    FltRef() : m_p(nullptr) {}
    ~FltRef() { reset(); }

    void reset()
    {
        if (m_p != nullptr) {
            FltReleaseContext(m_p);
            m_p = nullptr;
        }
    }
    PFLT_CONTEXT* put() { reset(); return reinterpret_cast<PFLT_CONTEXT*>(&m_p); }
    T*   get() const    { return m_p; }
    T*   operator->() const { return m_p; }
    explicit operator bool() const { return m_p != nullptr; }

private:
    FltRef(const FltRef&) = delete;
    FltRef& operator=(const FltRef&) = delete;
    T* m_p;
};

class FileName {
public:
    FileName() : m_ni(nullptr) {}
    ~FileName() { if (m_ni != nullptr) FltReleaseFileNameInformation(m_ni); }

    NTSTATUS query(_In_ PFLT_CALLBACK_DATA Data)
    {
        return FltGetFileNameInformation(Data, FLT_FILE_NAME_NORMALIZED | FLT_FILE_NAME_QUERY_DEFAULT, &m_ni);
    }
    PCUNICODE_STRING name() const { return &m_ni->Name; }

private:
    PFLT_FILE_NAME_INFORMATION m_ni;
};

} // namespace sk
