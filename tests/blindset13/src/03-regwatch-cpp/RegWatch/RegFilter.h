#pragma once
#include "kstl.h"

namespace regwatch {

constexpr ULONG kMaxRecords = 1024;
constexpr USHORT kMaxPathChars = 200;

enum class RegOp : ULONG {
    SetValue = 1,
    DeleteValue,
    DeleteKey,
    CreateKey,
};

struct RegRecord {
    LIST_ENTRY Link;
    LARGE_INTEGER Time;
    ULONG ProcessId;
    RegOp Op;
    WCHAR Path[kMaxPathChars];
};

// What a user-mode reader gets back per record.
struct RegRecordOut {
    LARGE_INTEGER Time;
    ULONG ProcessId;
    RegOp Op;
    WCHAR Path[kMaxPathChars];
};

class RegFilter {
public:
    static void Init();
    static void FreeAll();
    static ULONG Read(RegRecordOut* out, ULONG maxCount);

    static NTSTATUS OnRegistry(PVOID Context, PVOID Argument1, PVOID Argument2);

    static LARGE_INTEGER Cookie;
private:
    static void Add(RegOp op, PVOID keyObject, PCUNICODE_STRING valueName);

    static LIST_ENTRY s_head;
    static ULONG s_count;
    static kstl::FastMutex s_lock;
};

} // namespace regwatch
