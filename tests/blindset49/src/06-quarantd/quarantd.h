//
// quarantd.h - quarantine enforcement minifilter
//
// Files carrying the quarantine extension (".qtn" by default, configurable
// in the service key) can't be opened for execute, and every open of one is
// tracked in a stream context so the console can show who touched it.
//
#pragma once

#include <fltKernel.h>

#define QD_TAG            'dtnQ'
#define QD_CFG_TAG        'ctnQ'
#define QD_DEFAULT_EXT    L"qtn"
#define QD_MAX_EXT_CCH    16
#define QD_NAME_CCH       128

#define QD_LOG(fmt, ...)  DbgPrint("quarantd: " fmt "\n", __VA_ARGS__)

#define QD_CHECK(expr, label)                                                \
    do {                                                                     \
        status = (expr);                                                     \
        if (!NT_SUCCESS(status)) {                                           \
            QD_LOG("%s failed 0x%08X (%s:%d)", #expr, status, __FILE__, __LINE__); \
            goto label;                                                      \
        }                                                                    \
    } while (0)

namespace qd {

struct QRecord {
    USHORT        NameLength;           // bytes
    WCHAR         Name[QD_NAME_CCH];
    volatile LONG Opens;
    volatile LONG Denied;
};

struct StreamContext {
    QRecord* Record;                     // from g_RecordPool
};

struct Config {
    UNICODE_STRING ServiceKey;           // HKLM\...\Services\quarantd
    UNICODE_STRING Extension;            // pool, no leading dot

    static NTSTATUS Load(_In_ PUNICODE_STRING RegistryPath);
    static void     Free();
    static bool     IsVolumeExcluded(_In_ PCUNICODE_STRING VolumeName);
};

// RAII: drop a filter manager reference when leaving scope
class ContextRef {
public:
    explicit ContextRef(PFLT_CONTEXT c = nullptr) : m_ctx(c) {}
    ~ContextRef() { if (m_ctx != nullptr) FltReleaseContext(m_ctx); }
    PFLT_CONTEXT* operator&() { return &m_ctx; }
    PFLT_CONTEXT  get() const { return m_ctx; }
private:
    ContextRef(const ContextRef&) = delete;
    ContextRef& operator=(const ContextRef&) = delete;
    PFLT_CONTEXT m_ctx;
};

class NameInfo {
public:
    NameInfo() : m_ni(nullptr) {}
    ~NameInfo() { if (m_ni != nullptr) FltReleaseFileNameInformation(m_ni); }
    PFLT_FILE_NAME_INFORMATION* operator&() { return &m_ni; }
    PFLT_FILE_NAME_INFORMATION operator->() const { return m_ni; }
private:
    PFLT_FILE_NAME_INFORMATION m_ni;
};

extern PFLT_FILTER           g_Filter;
extern Config                g_Config;
extern NPAGED_LOOKASIDE_LIST g_RecordPool;
extern volatile LONG         g_Denied;
extern const FLT_REGISTRATION g_Registration;

// stream.cpp
FLT_PREOP_CALLBACK_STATUS FLTAPI PreCreate(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID*);
FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID,
                                             FLT_POST_OPERATION_FLAGS);
VOID FLTAPI StreamContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE ContextType);
NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_SETUP_FLAGS, DEVICE_TYPE,
                              FLT_FILESYSTEM_TYPE);

} // namespace qd
