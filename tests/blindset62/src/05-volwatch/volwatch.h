//
// volwatch.h - keeps a table of mounted volume interfaces and hands the
// count to user mode.  Legacy (non PnP) driver, start type demand.
//
#pragma once

extern "C" {
#include <ntddk.h>
}

#define VW_TAG          'hcWV'
#define VW_DEVICE_NAME  L"\\Device\\VolWatch"
#define VW_LINK_NAME    L"\\DosDevices\\VolWatch"

#define IOCTL_VOLWATCH_GET_COUNT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)

#define VW_TRACE(fmt, ...)  KdPrint(("volwatch: " fmt "\n", __VA_ARGS__))
#define VW_FAIL(st)         (!NT_SUCCESS(st))

namespace volwatch {

struct VolumeEntry {
    LIST_ENTRY      Link;
    UNICODE_STRING  Name;
    WCHAR           Buffer[1];
};

class VolumeTable {
public:
    static void     Initialize();
    static void     Destroy();
    static ULONG    Count();
    static void     Dump();

    static DRIVER_NOTIFICATION_CALLBACK_ROUTINE OnInterfaceChange;

private:
    static void     Add(PCUNICODE_STRING Name);
    static void     Remove(PCUNICODE_STRING Name);

    static FAST_MUTEX   s_Lock;
    static LIST_ENTRY   s_Head;
    static ULONG        s_Count;
};

struct Globals {
    PDEVICE_OBJECT  Control;
    PVOID           NotifyEntry;
    BOOLEAN         ShutdownSeen;
};

extern Globals g_State;

} // namespace volwatch
