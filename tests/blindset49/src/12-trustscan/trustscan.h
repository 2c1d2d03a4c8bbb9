//
// trustscan.h - TrustScan: processes started from download locations are
// "untrusted"; their writes into user document folders need a verdict
// from the TrustScan service before they are allowed.
//
#pragma once

#include <fltKernel.h>

#define TS_TAG           'cSsT'
#define TS_PORT_NAME     L"\\TrustScanPort"
#define TS_VERDICT_MS    2000
#define TS_PATH_CCH      260

#define TSLOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[trustscan] " fmt "\n", __VA_ARGS__)

namespace ts {

struct VerdictRequest {
    ULONG ProcessId;
    ULONG PathBytes;
    WCHAR Path[TS_PATH_CCH];
};

struct VerdictReply {
    BOOLEAN Allow;
};

extern PFLT_FILTER g_Filter;

// procs.cpp
namespace procs {
    NTSTATUS Init();
    void     Destroy();
    bool     IsUntrusted(_In_ HANDLE Pid);
    void     OnProcess(_Inout_ PEPROCESS Process, _In_ HANDLE Pid, _Inout_opt_ PPS_CREATE_NOTIFY_INFO Info);
}

// comm.cpp
namespace comm {
    NTSTATUS Open(_In_ PFLT_FILTER Filter);
    void     Close();
    bool     AskAllow(_In_ HANDLE Pid, _In_ PCUNICODE_STRING Path);
}

} // namespace ts
