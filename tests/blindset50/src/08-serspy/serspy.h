// serspy.h -- serial port sniffer, WDM upper filter on serial.sys / usbser.sys
#pragma once

extern "C" {
#include <ntddk.h>
#include <ntddser.h>
}

#define SPY_TAG             'ypSS'
#define SPY_SNAP_BYTES      64
#define SPY_DEFAULT_RING    (64 * 1024)

#define SPY_LOG(fmt, ...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "serspy: " fmt "\n", ##__VA_ARGS__)
#define SPY_ERR(fmt, ...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "serspy: " fmt "\n", ##__VA_ARGS__)

namespace serspy
{
    enum class Dir : UCHAR { Rx = 'R', Tx = 'T' };

    struct Record
    {
        LIST_ENTRY      Link;
        LARGE_INTEGER   Stamp;
        PDEVICE_OBJECT  Port;
        Dir             Direction;
        USHORT          Length;
        UCHAR           Data[SPY_SNAP_BYTES];
    };

    struct FilterExt
    {
        PDEVICE_OBJECT  Self;
        PDEVICE_OBJECT  Lower;
        IO_REMOVE_LOCK  RemoveLock;
        ULONG           Index;
    };

    struct Globals
    {
        NPAGED_LOOKASIDE_LIST   Lookaside;
        bool                    LookasideReady;
        LIST_ENTRY              Pending;
        KSPIN_LOCK              PendingLock;
        KEVENT                  Wake;
        HANDLE                  ThreadHandle;
        volatile LONG           Stop;
        PUCHAR                  Ring;
        ULONG                   RingSize;
        ULONG                   RingPos;
        volatile LONG           Ports;
        volatile LONG           Dropped;
    };

    extern Globals g;

    class Spy
    {
    public:
        static DRIVER_UNLOAD            Unload;
        static DRIVER_ADD_DEVICE        AddDevice;
        static DRIVER_DISPATCH          DispatchAny;
        static DRIVER_DISPATCH          DispatchReadWrite;
        static DRIVER_DISPATCH          DispatchPnp;
        static DRIVER_DISPATCH          DispatchPower;
        static IO_COMPLETION_ROUTINE    ReadWriteDone;
        static KSTART_ROUTINE           Worker;

        static NTSTATUS LoadConfig(PCUNICODE_STRING RegistryPath);
        static void     Capture(FilterExt* ext, Dir dir, const void* data, ULONG len);
    };
}
