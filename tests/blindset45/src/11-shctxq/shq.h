// shq.h - shctxq: journals writes to *.log files before letting them reach
// the file system.  Writes are pended in a per-instance cancel-safe
// callback-data queue (FltCbdq) and released by one journal thread.
#pragma once

#include <fltKernel.h>

#define SHQ_TAG_NAME    'nQhS'
#define SHQ_TAG_CTX     'cQhS'

#define SQLOG(fmt, ...) DbgPrintEx(DPFLTR_FLTMGR_ID, DPFLTR_TRACE_LEVEL, "shctxq: " fmt "\n", __VA_ARGS__)
#define SQERR(fmt, ...) DbgPrintEx(DPFLTR_FLTMGR_ID, DPFLTR_ERROR_LEVEL, "shctxq: " fmt "\n", __VA_ARGS__)

namespace shq {

struct HandleContext {
    HANDLE          ProcessId;
    UNICODE_STRING  Name;           // Buffer from pool, freed in cleanup
    volatile LONG   Journaled;
};

struct InstanceContext {
    FLT_CALLBACK_DATA_QUEUE Cbdq;
    LIST_ENTRY              Pending;        // FLT_CALLBACK_DATA::QueueLinks
    KSPIN_LOCK              Lock;
    PFLT_INSTANCE           Instance;
    LIST_ENTRY              Link;           // on Globals::Instances
    bool                    Linked;
};

struct Globals {
    PFLT_FILTER     Filter;
    FAST_MUTEX      InstancesLock;
    LIST_ENTRY      Instances;
};
extern Globals g;

// RAII owner of one filter-manager context reference.
template <typename T>
class ContextRef {
public:
    ContextRef() : m_Ctx(nullptr) {}
    ~ContextRef() { Reset(); }
    ContextRef(const ContextRef&) = delete;
    ContextRef& operator=(const ContextRef&) = delete;

    PFLT_CONTEXT* Receive() { Reset(); return reinterpret_cast<PFLT_CONTEXT*>(&m_Ctx); }
    T* operator->() const { return m_Ctx; }
    T* Get() const { return m_Ctx; }
    explicit operator bool() const { return m_Ctx != nullptr; }
    void Reset() { if (m_Ctx != nullptr) { FltReleaseContext(m_Ctx); m_Ctx = nullptr; } }
private:
    T* m_Ctx;
};

// instance.cpp
NTSTATUS FLTAPI InstanceSetup(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_SETUP_FLAGS, DEVICE_TYPE, FLT_FILESYSTEM_TYPE);
VOID     FLTAPI InstanceTeardownStart(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_TEARDOWN_FLAGS);
VOID     FLTAPI ContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE ContextType);

// ops.cpp
FLT_POSTOP_CALLBACK_STATUS FLTAPI PostCreate(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID, FLT_POST_OPERATION_FLAGS);
FLT_PREOP_CALLBACK_STATUS  FLTAPI PreWrite(PFLT_CALLBACK_DATA, PCFLT_RELATED_OBJECTS, PVOID*);

// journal.cpp
class Journal {
public:
    static NTSTATUS Start();
    static void     Stop();
    static void     Kick();
private:
    static KSTART_ROUTINE ThreadMain;
    static void     DrainAll();
    static PETHREAD s_Thread;
    static KEVENT   s_Wake;
    static KEVENT   s_Stop;
};

} // namespace shq
