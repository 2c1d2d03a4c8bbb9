#pragma once

//
// Shared between ThreadMon.sys and thmcli.exe
//

#define THM_DEVICE_NAME   L"\\Device\\ThreadMon"
#define THM_SYMLINK_NAME  L"\\??\\ThreadMon"

#define THM_DEVICE_TYPE   0x8000

#define IOCTL_THM_READ    CTL_CODE(THM_DEVICE_TYPE, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_THM_CLEAR   CTL_CODE(THM_DEVICE_TYPE, 0x901, METHOD_NEITHER,  FILE_ANY_ACCESS)

#define THM_MAX_NAME      200

enum class ItemType : unsigned short {
    None,
    ThreadCreate,
    ThreadExit,
    ImageLoad
};

struct ItemHeader {
    ItemType       Type;
    unsigned short Size;
    LARGE_INTEGER  Time;
};

struct ThreadItem : ItemHeader {
    ULONG ProcessId;
    ULONG ThreadId;
};

struct ImageItem : ItemHeader {
    ULONG     ProcessId;
    ULONG     Flags;        // 1 = kernel image
    ULONG_PTR ImageBase;
    SIZE_T    ImageSize;
    WCHAR     Name[THM_MAX_NAME];
};
