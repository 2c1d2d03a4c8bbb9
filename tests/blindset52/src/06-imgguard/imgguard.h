#pragma once
//
// imgguard - records every image mapped into the game process and flags the
// ones that don't come from the game folder or the Windows directory.
//
#include <ntddk.h>

#define IG_DEVICE_NAME  L"\\Device\\ImgGuard"
#define IG_LINK_NAME    L"\\??\\ImgGuard"

#define IOCTL_IG_SET_GAME_PID   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_IG_GET_MODULES    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_BUFFERED, FILE_READ_ACCESS)

#define IG_LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[imgguard] " fmt "\n", __VA_ARGS__)

namespace ig {

constexpr ULONG  kTag         = 'dGgI';
constexpr USHORT kMaxName     = 128;
constexpr ULONG  kMaxModules  = 1024;

// what user mode gets back from IOCTL_IG_GET_MODULES
struct ModuleInfo {
    ULONGLONG Base;
    ULONGLONG Size;
    ULONG     Suspicious;
    USHORT    NameLength;       // WCHARs
    WCHAR     Name[kMaxName];
};

struct ModuleRecord {
    LIST_ENTRY Link;
    ModuleInfo Info;
};

class ImageFilter {
public:
    static NTSTATUS Initialize();
    static void     Cleanup();
    static void     SetGamePid(HANDLE pid);
    static ULONG    Snapshot(ModuleInfo* out, ULONG maxCount);
    static void     OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo);

private:
    static void     FreeAllLocked();

    static LOOKASIDE_LIST_EX s_Lookaside;
    static LIST_ENTRY        s_Modules;
    static KSPIN_LOCK        s_Lock;
    static HANDLE            s_GamePid;
    static ULONG             s_Count;
    static bool              s_Ready;
};

class Device {
public:
    static NTSTATUS Create(PDRIVER_OBJECT DriverObject);
    static void     Destroy();
    static NTSTATUS Dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp);

private:
    static PDEVICE_OBJECT s_Object;
};

} // namespace ig
