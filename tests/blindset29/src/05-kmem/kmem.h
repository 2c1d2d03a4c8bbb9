#pragma once
// kmem - external overlay helper, reads/writes the game's memory from ring 0
// so the usermode ESP doesn't need an OpenProcess handle.

#include <ntifs.h>

#define KMEM_TAG        'meMK'
#define KMEM_DEVICE     L"\\Device\\kmemdrv"
#define KMEM_SYMLINK    L"\\DosDevices\\kmemdrv"
#define KMEM_SCRATCH    (64 * 1024)

#define KMEM_IOCTL_READ     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x6A1, METHOD_BUFFERED, FILE_SPECIAL_ACCESS)
#define KMEM_IOCTL_WRITE    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x6A2, METHOD_BUFFERED, FILE_SPECIAL_ACCESS)
#define KMEM_IOCTL_BASE     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x6A3, METHOD_BUFFERED, FILE_SPECIAL_ACCESS)

#ifdef _DEBUG
#define dbg(fmt, ...) DbgPrintEx(0, 0, "[kmem] " fmt "\n", ##__VA_ARGS__)
#else
#define dbg(fmt, ...)
#endif

struct KMEM_REQUEST {
    ULONG     Pid;
    ULONG64   Address;
    ULONG     Size;
    // for writes the data follows the header
};

struct KMEM_EXTENSION {
    PVOID      Scratch;        // bounce buffer, attach/copy goes through here
    FAST_MUTEX ScratchLock;
    LONG       Requests;
};

NTSTATUS KmemRead(KMEM_EXTENSION* ext, const KMEM_REQUEST* req, PVOID out, ULONG outLen, ULONG_PTR* written);
NTSTATUS KmemWrite(KMEM_EXTENSION* ext, const KMEM_REQUEST* req, const VOID* data, ULONG dataLen);
NTSTATUS KmemGetBase(ULONG pid, ULONG64* base);

extern "C" NTKERNELAPI PVOID PsGetProcessSectionBaseAddress(PEPROCESS Process);
