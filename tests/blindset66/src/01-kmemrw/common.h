#pragma once
//
// kmemrw - tiny read/write process memory driver
// started as my "hello world" driver, now used for the trainer UI
//

#include <ntifs.h>

#define DRV_PREFIX      "[kmemrw] "
#define DEVICE_NAME     L"\\Device\\kmemrw"
#define SYMLINK_NAME    L"\\DosDevices\\kmemrw"
#define KMEMRW_TAG      'wrmK'

#define SCRATCH_SIZE    (64 * 1024)     // max single transfer
#define MAX_XFER        SCRATCH_SIZE

#define LOG(fmt, ...)     DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  DRV_PREFIX fmt "\n", __VA_ARGS__)
#define LOG_ERR(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, DRV_PREFIX "ERR " fmt "\n", __VA_ARGS__)

//
// IOCTLs - keep in sync with trainer/src/ioctl.h
//
#define KMEMRW_TYPE 0x8337

#define IOCTL_KMEMRW_PING   CTL_CODE(KMEMRW_TYPE, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_KMEMRW_READ   CTL_CODE(KMEMRW_TYPE, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_KMEMRW_WRITE  CTL_CODE(KMEMRW_TYPE, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_KMEMRW_BASE   CTL_CODE(KMEMRW_TYPE, 0x803, METHOD_BUFFERED, FILE_ANY_ACCESS)

#pragma pack(push, 1)
typedef struct _KMEMRW_REQUEST {
    ULONG64 ProcessId;
    ULONG64 Address;
    ULONG64 Size;
    ULONG64 UserBuffer;     // caller's buffer (read: dest, write: src)
} KMEMRW_REQUEST, *PKMEMRW_REQUEST;

typedef struct _KMEMRW_BASE_REPLY {
    ULONG64 ProcessId;
    ULONG64 Base;
} KMEMRW_BASE_REPLY, *PKMEMRW_BASE_REPLY;
#pragma pack(pop)

//
// not in the WDK headers but exported by ntoskrnl
//
NTKERNELAPI
NTSTATUS
NTAPI
MmCopyVirtualMemory(
    _In_ PEPROCESS SourceProcess,
    _In_ PVOID SourceAddress,
    _In_ PEPROCESS TargetProcess,
    _Out_ PVOID TargetAddress,
    _In_ SIZE_T BufferSize,
    _In_ KPROCESSOR_MODE PreviousMode,
    _Out_ PSIZE_T ReturnSize
    );

NTKERNELAPI
PVOID
NTAPI
PsGetProcessSectionBaseAddress(
    _In_ PEPROCESS Process
    );

//
// globals (driver.c)
//
extern PDEVICE_OBJECT g_DeviceObject;
extern PVOID          g_Scratch;

//
// ioctl.c
//
DRIVER_DISPATCH KmDispatchIoctl;
VOID KmInitIoctl(VOID);
NTSTATUS KmCopyMemory(_In_ PKMEMRW_REQUEST Req, _In_ BOOLEAN Write, _Out_ PSIZE_T Copied);
