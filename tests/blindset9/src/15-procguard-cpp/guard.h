// guard.h - ProcGuard: blocks launching of listed images and keeps
// protected processes from being terminated from user mode.
#pragma once

#include <ntddk.h>

#define PG_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "procguard: " fmt "\n", __VA_ARGS__)

namespace pg {

constexpr ULONG kTag = 'drGP';
constexpr ULONG kDeviceType = 0x8D10;
constexpr ULONG kIoctlProtectPid = CTL_CODE(kDeviceType, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS);
constexpr ULONG kIoctlBlockImage = CTL_CODE(kDeviceType, 0x902, METHOD_BUFFERED, FILE_WRITE_ACCESS);
constexpr ULONG kIoctlReset = CTL_CODE(kDeviceType, 0x903, METHOD_BUFFERED, FILE_WRITE_ACCESS);

constexpr ULONG kMaxPids = 64;
constexpr ULONG kMaxImages = 16;
constexpr USHORT kImageChars = 64;

constexpr ACCESS_MASK kTerminate = 0x0001;      // PROCESS_TERMINATE
constexpr ACCESS_MASK kVmWrite = 0x0020;        // PROCESS_VM_WRITE
constexpr ACCESS_MASK kVmOperation = 0x0008;    // PROCESS_VM_OPERATION

class Protector {
public:
    static void InitState();
    static NTSTATUS RegisterObCallbacks();
    static void UnregisterObCallbacks();

    static NTSTATUS ProtectPid(ULONG pid);
    static NTSTATUS BlockImage(PCWSTR name, USHORT chars);
    static void Reset();

    static void OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);

private:
    static OB_PREOP_CALLBACK_STATUS OnPreOpenProcess(PVOID Context, POB_PRE_OPERATION_INFORMATION Info);

    static bool IsProtected(ULONG pid);
    static bool IsBlockedImage(PCUNICODE_STRING imagePath);
    static void ForgetPid(ULONG pid);

    static PVOID s_obHandle;
    static EX_PUSH_LOCK s_lock;
    static ULONG s_pids[kMaxPids];
    static ULONG s_pidCount;
    static WCHAR s_images[kMaxImages][kImageChars];
    static ULONG s_imageCount;
};

} // namespace pg
