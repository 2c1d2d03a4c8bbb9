#pragma once

#include <fltKernel.h>

#define EDR_TAG_CONFIG   'gfCE'
#define EDR_TAG_EVENT    'tvEE'

#define EDR_PORT_NAME    L"\\EdrCorePort"
#define EDR_PATH_CHARS   260

#define EDR_LOG(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, lvl, "[edrcore] " fmt "\n", __VA_ARGS__)
#define EDR_INFO(fmt, ...)  EDR_LOG(DPFLTR_INFO_LEVEL,  fmt, __VA_ARGS__)
#define EDR_ERROR(fmt, ...) EDR_LOG(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)

namespace edr {

enum class MsgType : ULONG {
    ProcessCreate = 1,
    ProcessExit   = 2,
    FileDelete    = 3,
};

#pragma pack(push, 8)
struct Message {
    MsgType       Type;
    ULONG         ProcessId;
    ULONG         ParentId;
    ULONG         Reserved;
    LARGE_INTEGER Time;
    WCHAR         Path[EDR_PATH_CHARS];
};
#pragma pack(pop)

struct Config {
    ULONG   Flags;
    BOOLEAN ReportProcesses;
    BOOLEAN ReportDeletes;
    ULONG   SendTimeoutMs;
};

// owning pool pointer, frees with the tag it was allocated with
template <typename T, ULONG Tag>
class PoolPtr {
public:
    PoolPtr() : m_p(static_cast<T*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(T), Tag))) {}
    ~PoolPtr() { if (m_p) ExFreePoolWithTag(m_p, Tag); }
    PoolPtr(const PoolPtr&) = delete;
    PoolPtr& operator=(const PoolPtr&) = delete;

    T*   get() const        { return m_p; }
    T*   operator->() const { return m_p; }
    explicit operator bool() const { return m_p != nullptr; }

private:
    T* m_p;
};

namespace cfg {
    NTSTATUS      Load(_In_ PUNICODE_STRING RegistryPath);
    void          Free();
    const Config& Get();
}

namespace port {
    NTSTATUS Create(_In_ PFLT_FILTER Filter);
    void     Close();
    void     Send(_In_ const Message* Msg);
}

} // namespace edr
