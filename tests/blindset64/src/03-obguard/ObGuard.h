#pragma once
//
// ObGuard.h - handle-stripping process protector (ObRegisterCallbacks)
//
#include <ntifs.h>
#include <ntddk.h>

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE           0x0001
#endif
#ifndef PROCESS_CREATE_THREAD
#define PROCESS_CREATE_THREAD       0x0002
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION        0x0008
#endif
#ifndef PROCESS_VM_READ
#define PROCESS_VM_READ             0x0010
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE            0x0020
#endif
#ifndef PROCESS_SUSPEND_RESUME
#define PROCESS_SUSPEND_RESUME      0x0800
#endif

#define OBG_DEFAULT_STRIP   (PROCESS_TERMINATE | PROCESS_CREATE_THREAD | PROCESS_VM_OPERATION | \
                             PROCESS_VM_WRITE | PROCESS_SUSPEND_RESUME)

#define OBG_DEVICE_TYPE         0x8a11
#define IOCTL_OBG_PROTECT_PID   CTL_CODE(OBG_DEVICE_TYPE, 0x810, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_OBG_UNPROTECT_PID CTL_CODE(OBG_DEVICE_TYPE, 0x811, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_OBG_RELOAD        CTL_CODE(OBG_DEVICE_TYPE, 0x812, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define DBG_PRINT(fmt, ...) DbgPrint("[obguard] " fmt "\n", __VA_ARGS__)

namespace obg {

constexpr ULONG kTag          = 'dGbO';
constexpr ULONG kMaxProtected = 16;

struct ProtectContext {
    KSPIN_LOCK      Lock;
    ULONG           Count;
    HANDLE          Pids[kMaxProtected];
    volatile LONG   Stripped;
};

struct Globals {
    PDEVICE_OBJECT   Device;
    PVOID            ObHandle;
    ProtectContext*  Ctx;
    PUNICODE_STRING  RegistryPath;      // service key, used by IOCTL_OBG_RELOAD
    volatile ULONG   StripMask;
};

extern Globals g;

// ObGuard.cpp
NTSTATUS CreateContext(_Outptr_ ProtectContext** Ctx);
NTSTATUS RegisterCallbacks(_In_ ProtectContext* Ctx, _Outptr_ PVOID* Handle);
NTSTATUS ProtectPid(_In_ ProtectContext* Ctx, _In_ HANDLE Pid);
NTSTATUS UnprotectPid(_In_ ProtectContext* Ctx, _In_ HANDLE Pid);

// Config.cpp
NTSTATUS LoadConfig(_In_ PCUNICODE_STRING ServiceKey, _Out_ PULONG StripMask);

} // namespace obg
