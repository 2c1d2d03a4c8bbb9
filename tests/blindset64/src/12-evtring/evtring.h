#ifndef EVTRING_H
#define EVTRING_H

#include <ntifs.h>
#include <ntddk.h>

#define ER_TAG              'gRvE'
#define ER_RING_BYTES       (128 * 1024)
#define ER_SIGNAL_MS        250
#define ER_NT_NAME          L"\\Device\\EvtRing"
#define ER_DOS_NAME         L"\\??\\EvtRing"

#define ER_DEVICE_TYPE          0x8d02
#define IOCTL_ER_MAP            CTL_CODE(ER_DEVICE_TYPE, 0x910, METHOD_BUFFERED, FILE_READ_ACCESS)

#define ERLOG(fmt, ...)     KdPrint(("evtring: " fmt "\n", __VA_ARGS__))

enum {
    ErProcStart = 1,
    ErProcExit  = 2,
    ErImageLoad = 3,
};

typedef struct _ER_HEADER {
    ULONG           Magic;
    ULONG           Capacity;
    volatile LONG   WriteIndex;
    ULONG           Reserved;
} ER_HEADER, *PER_HEADER;

typedef struct _ER_ENTRY {
    ULONG           Kind;
    ULONG           Pid;
    ULONG           Extra;          /* parent pid, or low part of image base */
    ULONG           Seq;
    LARGE_INTEGER   Time;
    WCHAR           Name[48];
} ER_ENTRY, *PER_ENTRY;

typedef struct _ER_GLOBALS {
    PVOID           Ring;
    PMDL            RingMdl;
    KSPIN_LOCK      RingLock;
    FAST_MUTEX      MapLock;
    PVOID           UserVa;
    PEPROCESS       UserProcess;
    PKEVENT         DataEvent;
    HANDLE          DataEventHandle;
    KEVENT          StopEvent;
    HANDLE          SignalThread;
    PDEVICE_OBJECT  Device;
} ER_GLOBALS, *PER_GLOBALS;

extern ER_GLOBALS g_Er;

/* ring.c */
NTSTATUS ErRingCreate(VOID);
VOID     ErRingDestroy(VOID);
NTSTATUS ErRingMap(_Out_ PVOID *UserVa);
VOID     ErRingUnmap(_In_ PEPROCESS Process);
VOID     ErRingPush(_In_ ULONG Kind, _In_ ULONG Pid, _In_ ULONG Extra, _In_opt_ PCUNICODE_STRING Name);
NTSTATUS ErSignalThreadStart(VOID);
VOID     ErSignalThreadStop(VOID);
NTSTATUS ErDataEventCreate(VOID);
VOID     ErDataEventClose(VOID);

/* notify.c */
NTSTATUS ErNotifyStart(VOID);
VOID     ErNotifyStop(VOID);

#endif
