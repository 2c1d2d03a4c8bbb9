#pragma once
#include <ntifs.h>

#define OBP_TAG        'PbO1'
#define OBP_ALTITUDE   L"370100.42"
#define OBP_DEVICE     L"\\Device\\ObProtect"
#define OBP_LINK       L"\\??\\ObProtect"
#define OBP_MAX_PIDS   32

#define IOCTL_OBP_ADD     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x850, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_OBP_REMOVE  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x851, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define OBP_LOG(fmt, ...) KdPrint(("[ObProtect] " fmt "\n", __VA_ARGS__))

// PROCESS_* rights are not in the kernel headers
constexpr ACCESS_MASK kTerminate = 0x0001;
constexpr ACCESS_MASK kVmOp      = 0x0008;
constexpr ACCESS_MASK kVmRead    = 0x0010;
constexpr ACCESS_MASK kVmWrite   = 0x0020;
constexpr ACCESS_MASK kStrip     = kTerminate | kVmOp | kVmRead | kVmWrite;

namespace obp {

// fixed table of protected pids, guarded by a push lock
class PidTable {
public:
    static void Init();
    static bool Add(ULONG pid);
    static bool Remove(ULONG pid);
    static bool Contains(ULONG pid);

private:
    static EX_PUSH_LOCK s_Lock;
    static ULONG        s_Pids[OBP_MAX_PIDS];
};

class Callbacks {
public:
    static NTSTATUS RegisterOb();
    static void     UnregisterOb();
    static NTSTATUS RegisterProcessNotify();
    static void     UnregisterProcessNotify();

private:
    static PVOID s_ObHandle;
    static bool  s_NotifyOn;
};

} // namespace obp
