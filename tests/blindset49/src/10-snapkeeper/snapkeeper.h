//
// snapkeeper.h - SnapKeeper change tracker (feeds the incremental backup)
//
#pragma once

#include <fltKernel.h>

#define SK_TAG        'pKnS'
#define SK_ENTRY_TAG  'eKnS'
#define SK_NAME_CCH   260
#define SK_MAX_ENTRIES 8192

#define SK_DBG(fmt, ...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "snapkeeper: " fmt "\n", __VA_ARGS__))
#define SK_ERR(fmt, ...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "snapkeeper!: " fmt "\n", __VA_ARGS__))

namespace sk {

struct HandleCtx {
    BOOLEAN Dirty;
};

struct ChangedFile {
    LIST_ENTRY Link;
    USHORT     Bytes;
    WCHAR      Name[SK_NAME_CCH];
};

class Tracker {
public:
    static NTSTATUS Initialize();
    static void     Shutdown();
    static void     Add(_In_ PCUNICODE_STRING Name);
    static ULONG    Count() { return s_Count; }

private:
    static bool Contains(_In_ PCUNICODE_STRING Name);     // lock held

    static ERESOURCE            s_Lock;
    static PAGED_LOOKASIDE_LIST s_Pool;
    static LIST_ENTRY           s_List;
    static ULONG                s_Count;
    static bool                 s_Ready;
};

// driver.cpp
extern PFLT_FILTER g_Filter;

} // namespace sk
