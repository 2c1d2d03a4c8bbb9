// kbdhook.h
//
// Keyboard filter, legacy attach by name.  Target class device and a
// couple of switches come from  <service key>\Parameters :
//
//   AttachTo  REG_SZ     default \Device\KeyboardClass0
//   MakeOnly  REG_DWORD  1 = only print key-down, 0 = down and up
//
#pragma once

extern "C" {
#include <ntddk.h>
#include <ntddkbd.h>
}

#define KH_TAG              'hdbK'
#define KH_DEFAULT_TARGET   L"\\Device\\KeyboardClass0"
#define KH_MAX_TARGET_CHARS 64

#define KH_LOG(fmt, ...)    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "kbdhook: " fmt "\n", __VA_ARGS__)
#define KH_FAIL(st, what)   KH_LOG("%s failed, status 0x%08X (line %d)", what, st, __LINE__)

namespace kh {

struct Config {
    WCHAR          TargetBuf[KH_MAX_TARGET_CHARS];
    UNICODE_STRING Target;
    ULONG          MakeOnly;
};

NTSTATUS ReadConfig(PCUNICODE_STRING RegistryPath, Config* Cfg);

class KbdHook {
public:
    static NTSTATUS Attach(PDRIVER_OBJECT DriverObject, const Config* Cfg);
    static void     Detach();

    static DRIVER_DISPATCH       DispatchPass;
    static DRIVER_DISPATCH       DispatchRead;
    static DRIVER_DISPATCH       DispatchPower;
    static DRIVER_DISPATCH       DispatchPnp;

private:
    static IO_COMPLETION_ROUTINE ReadDone;

    static PDEVICE_OBJECT s_Filter;       // ours
    static PDEVICE_OBJECT s_Lower;        // what we attached to (top of the class stack)
    static PDEVICE_OBJECT s_Target;       // from IoGetDeviceObjectPointer
    static PFILE_OBJECT   s_TargetFile;   // keeps s_Target referenced
    static volatile LONG  s_Pending;
    static ULONG          s_Keys;
    static BOOLEAN        s_MakeOnly;
};

} // namespace kh
