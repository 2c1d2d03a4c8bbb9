// ring.h -- CtlRing: records pushed by IOCTL, committed by a DPC
#pragma once

extern "C" {
#include <ntddk.h>
}

#define RING_TAG            'gniR'
#define RING_NT_NAME        L"\\Device\\CtlRing"
#define RING_DOS_NAME       L"\\DosDevices\\CtlRing"
#define RING_SLOTS          64
#define RING_PAYLOAD        56

#define RING_DEVTYPE        0x9C40
#define IOCTL_RING_PUSH     CTL_CODE(RING_DEVTYPE, 0x820, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_RING_POP      CTL_CODE(RING_DEVTYPE, 0x821, METHOD_BUFFERED, FILE_READ_ACCESS)

#define TRACE(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, lvl, "CtlRing!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)
#define TRACE_ERR   DPFLTR_ERROR_LEVEL
#define TRACE_INFO  DPFLTR_INFO_LEVEL

namespace ctlring {

struct Record {
    SINGLE_LIST_ENTRY Next;         // pending list, committed by the DPC
    ULONG             Size;
    UCHAR             Data[RING_PAYLOAD];
};

struct Slot {
    ULONG Size;
    UCHAR Data[RING_PAYLOAD];
};

class RingDevice {
public:
    static NTSTATUS Create(PDRIVER_OBJECT DriverObject);
    static void     Destroy();
    static NTSTATUS Push(const void* Data, ULONG Size);
    static NTSTATUS Pop(void* Out, ULONG OutSize, ULONG_PTR* Written);

private:
    static KDEFERRED_ROUTINE CommitDpc;

    static PDEVICE_OBJECT           s_Device;
    static bool                     s_LinkCreated;
    static NPAGED_LOOKASIDE_LIST    s_Lookaside;
    static KDPC                     s_Dpc;
    static KSPIN_LOCK               s_Lock;
    static SINGLE_LIST_ENTRY        s_Pending;
    static Slot                     s_Slots[RING_SLOTS];
    static ULONG                    s_Head;
    static ULONG                    s_Tail;
};

} // namespace ctlring
