#pragma once
#include <fltKernel.h>
#include <ntstrsafe.h>

#define HONEY_TAG       'ynoH'
#define HONEY_IMG_CCH   64

#define HLOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL, "[honey] " fmt "\n", __VA_ARGS__)

namespace honey {

struct ProcEntry {
    LIST_ENTRY Link;
    HANDLE     Pid;
    WCHAR      Image[HONEY_IMG_CCH];
};

//
// Decoy names plus a small pid -> image table so alerts say *who* touched the bait.
//
class Rules {
public:
    static NTSTATUS Initialize();
    static void     Destroy();

    static bool IsHoneyName(_In_ PCUNICODE_STRING FinalComponent);

    static void OnProcessCreated(_In_ HANDLE Pid, _In_opt_ PCUNICODE_STRING ImageFileName);
    static void OnProcessExited(_In_ HANDLE Pid);
    static bool LookupImage(_In_ HANDLE Pid, _Out_writes_(Cch) PWCHAR Out, _In_ SIZE_T Cch);

private:
    static NPAGED_LOOKASIDE_LIST s_lookaside;
    static LIST_ENTRY            s_procs;
    static EX_PUSH_LOCK          s_lock;
    static bool                  s_ready;
};

// Process.cpp
void OnProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId, _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);

} // namespace honey
