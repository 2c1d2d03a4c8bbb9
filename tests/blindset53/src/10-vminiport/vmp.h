//
// vmp.h - "vmp" Storport virtual miniport, C++ edition
//
// One virtual HBA per root-enumerated device node, one target, N LUNs backed
// by nonpaged memory. Good enough for testing the disk stack in a VM.
//
#pragma once

extern "C" {
#include <ntddk.h>
#include <storport.h>
#include <scsi.h>
}

namespace vmp {

constexpr ULONG Tag          = 'pmVV';
constexpr ULONG MaxLuns      = 4;
constexpr ULONG LunBytes     = 4 * 1024 * 1024;
constexpr ULONG BlockBytes   = 512;
constexpr ULONG MaxTransfer  = 256 * 1024;

#define VMP_PRINT(lvl, fmt, ...) DbgPrintEx(DPFLTR_STORMINIPORT_ID, lvl, "vmp: " fmt "\n", __VA_ARGS__)
#define VMP_INFO(fmt, ...)  VMP_PRINT(DPFLTR_INFO_LEVEL,  fmt, __VA_ARGS__)
#define VMP_ERROR(fmt, ...) VMP_PRINT(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)

struct Adapter {                 // the HwDeviceExtension
    LIST_ENTRY  Link;
    ULONG       Number;
    bool        Paused;
    PUCHAR      Lun[MaxLuns];
    ULONG       LunBlocks;
};

struct LunExtension {
    volatile LONG Commands;
};

// queued spin lock held for the lifetime of a scope
class InStackLock {
public:
    explicit InStackLock(PKSPIN_LOCK Lock) { KeAcquireInStackQueuedSpinLock(Lock, &handle_); }
    ~InStackLock() { KeReleaseInStackQueuedSpinLock(&handle_); }
    InStackLock(const InStackLock&) = delete;
    InStackLock& operator=(const InStackLock&) = delete;
private:
    KLOCK_QUEUE_HANDLE handle_;
};

class Driver {
public:
    static NTSTATUS Create(_In_ PDRIVER_OBJECT DriverObject);
    static void     Destroy();
    static void     HookUnload(_In_ PDRIVER_OBJECT DriverObject);
    static void     Track(_Inout_ Adapter* A);
    static void     Untrack(_Inout_ Adapter* A);

private:
    struct State {
        PDRIVER_UNLOAD PortUnload;
        KSPIN_LOCK     Lock;
        LIST_ENTRY     Adapters;
        ULONG          NextNumber;
    };
    static void Unload(_In_ PDRIVER_OBJECT DriverObject);
    static State* s_State;
};

// miniport callbacks
ULONG   HwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
                      PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again);
BOOLEAN HwInitialize(PVOID DeviceExtension);
BOOLEAN HwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
BOOLEAN HwResetBus(PVOID DeviceExtension, ULONG PathId);
SCSI_ADAPTER_CONTROL_STATUS HwAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters);
VOID    HwFreeAdapterResources(PVOID DeviceExtension);
VOID    HwProcessServiceRequest(PVOID DeviceExtension, PVOID Irp);
VOID    HwCompleteServiceIrp(PVOID DeviceExtension);

} // namespace vmp
