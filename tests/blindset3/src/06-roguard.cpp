// roguard: makes files with a configured extension read-only for everyone
// C++17 minifilter, no STL. (c) hobby project, MIT
#include <fltKernel.h>

constexpr ULONG RG_TAG = 'draR';

#define KLOG(fmt, ...) KdPrint(("roguard: " fmt "\n", __VA_ARGS__))

void* __cdecl operator new(size_t n, POOL_FLAGS f) noexcept { return ExAllocatePool2(f, n, RG_TAG); }
void  __cdecl operator delete(void* p) noexcept { if (p) ExFreePoolWithTag(p, RG_TAG); }
void  __cdecl operator delete(void* p, size_t) noexcept { if (p) ExFreePoolWithTag(p, RG_TAG); }

template <typename T>
class KPtr {
    T* m_p;
public:
    explicit KPtr(T* p = nullptr) : m_p(p) {}
    ~KPtr() { delete m_p; }
    KPtr(const KPtr&) = delete;
    KPtr& operator=(const KPtr&) = delete;
    T* get() const { return m_p; }
    T* operator->() const { return m_p; }
    explicit operator bool() const { return m_p != nullptr; }
    T* release() { T* p = m_p; m_p = nullptr; return p; }
};

template <typename F>
class ScopeExit {
    F m_f;
    bool m_armed = true;
public:
    explicit ScopeExit(F f) : m_f(f) {}
    ~ScopeExit() { if (m_armed) m_f(); }
    void dismiss() { m_armed = false; }
};

struct Config {
    UNICODE_STRING Extension;
    WCHAR Buffer[16];
    ULONG Blocked;
};

static PFLT_FILTER g_Filter = nullptr;
static Config* g_Config = nullptr;

static FLT_PREOP_CALLBACK_STATUS PreCreate(PFLT_CALLBACK_DATA Data, PCFLT_RELATED_OBJECTS, PVOID*)
{
    const ULONG access = Data->Iopb->Parameters.Create.SecurityContext->DesiredAccess;
    if (!(access & (FILE_WRITE_DATA | FILE_APPEND_DATA | DELETE)))
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    PFLT_FILE_NAME_INFORMATION info = nullptr;
    if (!NT_SUCCESS(FltGetFileNameInformation(Data, FLT_FILE_NAME_OPENED | FLT_FILE_NAME_QUERY_DEFAULT, &info)))
        return FLT_PREOP_SUCCESS_NO_CALLBACK;

    FLT_PREOP_CALLBACK_STATUS result = FLT_PREOP_SUCCESS_NO_CALLBACK;
    if (NT_SUCCESS(FltParseFileNameInformation(info)) &&
        RtlEqualUnicodeString(&info->Extension, &g_Config->Extension, TRUE)) {
        InterlockedIncrement((volatile LONG*)&g_Config->Blocked);
        Data->IoStatus.Status = STATUS_ACCESS_DENIED;
        Data->IoStatus.Information = 0;
        result = FLT_PREOP_COMPLETE;
    }
    FltReleaseFileNameInformation(info);
    return result;
}

static NTSTATUS FilterUnload(FLT_FILTER_UNLOAD_FLAGS)
{
    FltUnregisterFilter(g_Filter);
    g_Filter = nullptr;
    KLOG("blocked %lu opens", g_Config->Blocked);
    delete g_Config;
    g_Config = nullptr;
    return STATUS_SUCCESS;
}

static const FLT_OPERATION_REGISTRATION Ops[] = {
    { IRP_MJ_CREATE, 0, PreCreate, nullptr },
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION, 0,
    nullptr, Ops, FilterUnload,
    nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr
};

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    KPtr<Config> cfg(new (POOL_FLAG_NON_PAGED) Config{});
    if (!cfg)
        return STATUS_INSUFFICIENT_RESOURCES;

    RtlInitEmptyUnicodeString(&cfg->Extension, cfg->Buffer, sizeof(cfg->Buffer));
    RtlAppendUnicodeToString(&cfg->Extension, L"lock");
    g_Config = cfg.get();

    NTSTATUS status = FltRegisterFilter(DriverObject, &Registration, &g_Filter);
    if (!NT_SUCCESS(status)) {
        KLOG("FltRegisterFilter failed 0x%X", status);
        g_Config = nullptr;
        return status;                 // cfg freed by KPtr
    }

    auto unregister = ScopeExit([&]() {
        FltUnregisterFilter(g_Filter);
        g_Filter = nullptr;
        g_Config = nullptr;
    });

    status = FltStartFiltering(g_Filter);
    if (!NT_SUCCESS(status)) {
        KLOG("FltStartFiltering failed 0x%X", status);
        return status;                 // unregister runs, then cfg is freed
    }

    unregister.dismiss();
    cfg.release();                     // owned by g_Config from now on
    KLOG("filtering *.%wZ", &g_Config->Extension);
    return STATUS_SUCCESS;
}
