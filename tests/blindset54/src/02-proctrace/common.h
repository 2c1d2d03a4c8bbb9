// common.h - shared between the driver and the console client (ptcli)
#pragma once

#define PT_DEVICE_NAME      L"\\Device\\ProcTrace"
#define PT_SYMLINK_NAME     L"\\??\\ProcTrace"
#define PT_USER_NAME        L"\\\\.\\ProcTrace"

#define PT_TAG              'crTP'
#define PT_MAX_EVENTS       1024
#define PT_IMAGE_CHARS      96

#define IOCTL_PT_CLEAR \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_PT_GET_COUNT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)

enum class PtEventType : unsigned short {
    None = 0,
    ProcessCreate,
    ProcessExit,
};

#pragma pack(push, 1)
struct PT_EVENT_RECORD {
    PtEventType     Type;
    unsigned short  ImageChars;
    unsigned long   ProcessId;
    unsigned long   ParentId;
    long long       Time;
    wchar_t         Image[PT_IMAGE_CHARS];
};
#pragma pack(pop)

#ifdef _KERNEL_MODE

#if DBG
#define PT_LOG(fmt, ...)  KdPrint(("[proctrace] " fmt "\n", __VA_ARGS__))
#else
#define PT_LOG(fmt, ...)  ((void)0)
#endif
#define PT_ERR(fmt, ...)  DbgPrint("[proctrace] ERROR " fmt "\n", __VA_ARGS__)

// notify registration, kept in one place so the XP build only has to
// change these two lines
#define PT_REGISTER_NOTIFY(fn) \
    PsSetCreateProcessNotifyRoutineEx((fn), FALSE)
#define PT_UNREGISTER_NOTIFY(fn) \
    PsSetCreateProcessNotifyRoutine(reinterpret_cast<PCREATE_PROCESS_NOTIFY_ROUTINE>(fn), TRUE)

#endif // _KERNEL_MODE
