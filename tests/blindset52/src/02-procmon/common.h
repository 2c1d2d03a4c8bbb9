#pragma once
//
// common.h - shared between the driver and pmoncli.exe
//

#define PMON_DEVICE_NAME    L"\\Device\\PMon"
#define PMON_SYMLINK_NAME   L"\\??\\PMon"

#define IOCTL_PMON_READ_EVENTS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PMON_GET_COUNT    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_READ_ACCESS)

#define PMON_MAX_NAME   260

namespace pmon {

enum class EventType : unsigned short {
    None = 0,
    ProcessCreate,
    ProcessExit,
    ImageLoad,
};

struct EventRecord {
    EventType      Type;
    unsigned short NameLength;       // in WCHARs, not terminated
    unsigned long  ProcessId;
    unsigned long  ParentId;         // ProcessCreate only
    long long      Time;             // KeQuerySystemTime
    unsigned long long ImageBase;    // ImageLoad only
    unsigned long long ImageSize;    // ImageLoad only
    wchar_t        Name[PMON_MAX_NAME];
};

} // namespace pmon
