#pragma once

#include <ntifs.h>

#define EL_TAG          'goLE'
#define EL_DEVICE       L"\\Device\\EvtLog"
#define EL_SYMLINK      L"\\??\\EvtLog"
#define EL_CAPACITY     2048
#define EL_NAME_CHARS   128

#define EL_TRACE(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "evtlog: " fmt "\n", __VA_ARGS__)
#define EL_ERROR(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "evtlog: ERROR " fmt "\n", __VA_ARGS__)

enum class EventType : ULONG {
    ProcessStart = 1,
    ProcessExit  = 2,
    ImageLoad    = 3,
};

// wire format for ReadFile() clients, keep it POD
struct EL_EVENT {
    LARGE_INTEGER   Timestamp;
    EventType       Type;
    ULONG           ProcessId;
    ULONG           ParentProcessId;
    ULONG           Reserved;
    ULONG_PTR       ImageBase;
    SIZE_T          ImageSize;
    WCHAR           Name[EL_NAME_CHARS];
};
