/*
 * lbrdbg.h - Last Branch Record capture helper for the kernel debugger.
 *
 * Keeps the LBR stack running on every processor and snapshots it into a
 * per-processor, physically contiguous ring on NMI, so that a hardware
 * debugger (or the lbrctl tool) can see the last branches taken before a
 * hang.
 */
#pragma once

#include <ntddk.h>
#include <intrin.h>

#define LBR_POOL_TAG            'rbLD'
#define LBR_DEVICE_NAME         L"\\Device\\LbrDbg"
#define LBR_SYMLINK_NAME        L"\\DosDevices\\LbrDbg"

#define MSR_IA32_DEBUGCTL       0x01D9
#define MSR_LASTBRANCH_TOS      0x01C9
#define MSR_LASTBRANCH_0_FROM   0x0680
#define MSR_LASTBRANCH_0_TO     0x06C0
#define MSR_LBR_SELECT          0x01C8

#define DEBUGCTL_LBR            (1ull << 0)
#define DEBUGCTL_FREEZE_LBRS_ON_PMI (1ull << 11)

#define LBR_MAX_DEPTH           32
#define LBR_RING_ENTRIES        64

#define FILE_DEVICE_LBRDBG      0x8F21
#define IOCTL_LBR_GET_INFO      CTL_CODE(FILE_DEVICE_LBRDBG, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_LBR_READ_CPU      CTL_CODE(FILE_DEVICE_LBRDBG, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_LBR_SNAPSHOT_NOW  CTL_CODE(FILE_DEVICE_LBRDBG, 0x902, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define LbrPrint(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (lvl), "lbrdbg: " fmt, __VA_ARGS__)

typedef struct _LBR_RECORD {
    ULONG64 From;
    ULONG64 To;
} LBR_RECORD;

typedef struct _LBR_SNAPSHOT {
    ULONG64     Tsc;
    ULONG       Depth;
    ULONG       Reason;
    LBR_RECORD  Records[LBR_MAX_DEPTH];
} LBR_SNAPSHOT, *PLBR_SNAPSHOT;

typedef struct _LBR_RING {
    volatile LONG   Next;
    ULONG           Count;
    LBR_SNAPSHOT    Slots[LBR_RING_ENTRIES];
} LBR_RING, *PLBR_RING;

typedef struct _LBR_CPU {
    PROCESSOR_NUMBER    Number;
    PLBR_RING           Ring;           /* contiguous, nonpaged */
    PHYSICAL_ADDRESS    RingPhysical;
    ULONG64             SavedDebugCtl;
    BOOLEAN             Enabled;
} LBR_CPU, *PLBR_CPU;

typedef struct _LBR_GLOBALS {
    ULONG           CpuCount;
    PLBR_CPU        Cpus;
    ULONG           Depth;

    PVOID           ProcessorCallbackHandle;
    PVOID           NmiCallbackHandle;

    BOOLEAN         BugcheckRegistered;
    KBUGCHECK_REASON_CALLBACK_RECORD BugcheckRecord;

    PDEVICE_OBJECT  ControlDevice;
    BOOLEAN         LinkCreated;

    ULONG           EnableBugcheckDump;
    ULONG           FreezeOnPmi;
} LBR_GLOBALS;

extern LBR_GLOBALS g_Lbr;

typedef struct _LBR_INIT_CONTEXT {
    PDRIVER_OBJECT  DriverObject;
    PUNICODE_STRING RegistryPath;
} LBR_INIT_CONTEXT, *PLBR_INIT_CONTEXT;

typedef NTSTATUS LBR_INIT_FN(_In_ PLBR_INIT_CONTEXT Context);
typedef VOID     LBR_FINI_FN(_In_ PLBR_INIT_CONTEXT Context);

/* msr.c */
LBR_INIT_FN LbrCheckProcessor;
ULONG       LbrQueryDepth(VOID);
VOID        LbrCaptureLocal(_Inout_ PLBR_SNAPSHOT Snapshot, _In_ ULONG Reason);

/* percpu.c */
LBR_INIT_FN LbrAllocatePerCpu;
LBR_FINI_FN LbrFreePerCpu;
LBR_INIT_FN LbrEnableAll;
LBR_FINI_FN LbrDisableAll;
LBR_INIT_FN LbrRegisterProcessorCallback;
LBR_FINI_FN LbrDeregisterProcessorCallback;
LBR_INIT_FN LbrRegisterNmi;
LBR_FINI_FN LbrDeregisterNmi;
PLBR_CPU    LbrCurrentCpu(VOID);
VOID        LbrSnapshotAll(_In_ ULONG Reason);

/* bugcheck.c */
LBR_INIT_FN LbrRegisterBugcheck;
LBR_FINI_FN LbrDeregisterBugcheck;

/* device.c */
LBR_INIT_FN LbrCreateControlDevice;
LBR_FINI_FN LbrDeleteControlDevice;
