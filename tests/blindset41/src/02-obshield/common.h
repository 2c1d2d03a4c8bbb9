#pragma once
#include <ntddk.h>

#define OBS_TAG         'dhSO'
#define OBS_DEVICE_NAME L"\\Device\\ObShield"
#define OBS_SYMLINK     L"\\??\\ObShield"
#define OBS_ALTITUDE    L"321210.7"

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE           0x0001
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION        0x0008
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE            0x0020
#endif
#ifndef PROCESS_SUSPEND_RESUME
#define PROCESS_SUSPEND_RESUME      0x0800
#endif

#define OBS_DENIED_ACCESS (PROCESS_TERMINATE | PROCESS_VM_OPERATION | PROCESS_VM_WRITE | PROCESS_SUSPEND_RESUME)

#define ObsPrint(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, lvl, "ObShield: " fmt "\n", __VA_ARGS__)
#define ObsInfo(fmt, ...)   ObsPrint(DPFLTR_INFO_LEVEL,  fmt, __VA_ARGS__)
#define ObsError(fmt, ...)  ObsPrint(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)

#define RETURN_IF_NT_FAILED(x)                                      \
    do {                                                            \
        NTSTATUS _st = (x);                                         \
        if (!NT_SUCCESS(_st)) {                                     \
            ObsError(#x " -> 0x%08X", _st);                         \
            return _st;                                             \
        }                                                           \
    } while (false)

//
// pool operator new / delete (defined in Protector.cpp)
//
void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag) noexcept;
void  __cdecl operator delete(void* p, size_t size) noexcept;
void  __cdecl operator delete(void* p, POOL_FLAGS flags, ULONG tag) noexcept;
