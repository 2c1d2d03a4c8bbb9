#pragma once
#include <ntddk.h>
#include "names.h"

#define MW_DEVICE_NAME  L"\\Device\\ModWatch"
#define MW_LINK_NAME    L"\\??\\ModWatch"

#define IOCTL_MW_SET_TARGET CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8A0, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_MW_READ       CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8A1, METHOD_BUFFERED, FILE_READ_ACCESS)

#define MW_TRACE(fmt, ...) KdPrint(("modwatch!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__))

namespace mw {

constexpr ULONG  kTag       = 'hWdM';
constexpr USHORT kNameChars = 64;
constexpr ULONG  kMaxQueued = 4096;

enum class Kind : ULONG {
    ImageLoad    = 1,
    ThreadCreate = 2,
};

// layout shared with the client
struct UserRecord {
    Kind          Type;
    ULONG         ProcessId;
    ULONG         ThreadId;         // ThreadCreate
    ULONG         Flags;            // ImageLoad: 1 = IMAGE_INFO_EX present
    ULONGLONG     Base;             // ImageLoad
    ULONGLONG     Size;             // ImageLoad
    LARGE_INTEGER Time;
    WCHAR         Name[kNameChars]; // ImageLoad: file name only
};

struct Record {
    LIST_ENTRY Link;
    UserRecord Data;
};

class Monitor {
public:
    static NTSTATUS Init();
    static void     Shutdown();
    static void     SetTarget(HANDLE pid);
    static ULONG    Read(UserRecord* out, ULONG max);

    static void OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo);
    static void OnThreadCreate(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);

private:
    static Record* NewRecord(Kind type, HANDLE pid);
    static void    Append(Record* rec);
    static void    DrainLocked();

    static LOOKASIDE_LIST_EX s_Pool;
    static LIST_ENTRY        s_List;
    static KSPIN_LOCK        s_Lock;
    static HANDLE volatile   s_Target;
    static ULONG             s_Count;
};

} // namespace mw
