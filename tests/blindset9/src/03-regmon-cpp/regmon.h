#pragma once

#include "util.h"

#define REGMON_TAG 'gmgR'

#define KLOG(fmt, ...) \
    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "regmon: " fmt "\n", __VA_ARGS__))

// cookie from CmRegisterCallbackEx, also needed to resolve key names
extern LARGE_INTEGER g_RegCookie;

namespace regmon {

constexpr ULONG kDeviceType = 0x8400;
constexpr ULONG kIoctlFetch = CTL_CODE(kDeviceType, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS);
constexpr ULONG kMaxRecords = 512;
constexpr USHORT kMaxKeyChars = 200;
constexpr USHORT kMaxValueChars = 64;

enum class Op : ULONG {
    SetValue = 1,
    DeleteValue = 2,
    DeleteKey = 3,
};

// what the client gets, fixed size so it is easy to parse
struct Record {
    Op Operation;
    ULONG ProcessId;
    LARGE_INTEGER Time;
    WCHAR Key[kMaxKeyChars];
    WCHAR Value[kMaxValueChars];
};

class Journal {
public:
    static void Init();
    static void Clear();
    static void Add(const Record& rec);
    static ULONG CopyOut(Record* out, ULONG maxCount);

private:
    struct Node {
        LIST_ENTRY Link;
        Record Data;
    };
    static LIST_ENTRY s_list;
    static ULONG s_count;
    static util::Mutex s_mutex;
};

class Filter {
public:
    static NTSTATUS OnRegistry(PVOID Context, PVOID Argument1, PVOID Argument2);

private:
    static void Capture(Op op, PVOID keyObject, PCUNICODE_STRING valueName);
};

} // namespace regmon
