#pragma once
//
// gamereader.h
// kernel side of the overlay project. shared by the .cpp files and util.c
//
#include <ntifs.h>

#define GR_TAG        'rdRG'
#define GR_DEVICE     L"\\Device\\GameReader"
#define GR_SYMLINK    L"\\??\\GameReader"
#define GR_EVENT      L"\\BaseNamedObjects\\GameReaderModuleReady"
#define GR_MODULE     L"GameAssembly.dll"
#define GR_MAX_READ   0x1000

// 77 == DPFLTR_IHVDRIVER_ID, 0 == always shown
#define LOG(fmt, ...) DbgPrintEx(77, 0, "[gr] " fmt "\n", ##__VA_ARGS__)

#ifdef __cplusplus
extern "C" {
#endif

// util.c
BOOLEAN GrEndsWithInsensitive(_In_ PCUNICODE_STRING Str, _In_z_ PCWSTR Suffix);
ULONG   GrFnv1a(_In_reads_bytes_(Len) const UCHAR* Data, _In_ SIZE_T Len);

#ifdef __cplusplus
}

namespace gr {

struct Globals {
    static PDEVICE_OBJECT   Device;
    static PERESOURCE       CacheLock;     // protects ModuleBase/ModuleSize
    static PKEVENT          ModuleEvent;   // signaled when GameAssembly.dll is mapped
    static HANDLE           ModuleEventHandle;
    static volatile HANDLE  TargetPid;
    static PVOID            ModuleBase;
    static SIZE_T           ModuleSize;
    static bool             SymLink;
    static bool             ImageNotify;
};

// memory.cpp
NTSTATUS ReadProcessMemory(HANDLE Pid, PVOID Address, PVOID Buffer, SIZE_T Size, PSIZE_T BytesRead);
void     SetTarget(HANDLE Pid);
void     GetModule(PVOID* Base, SIZE_T* Size);

void OnImageLoad(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId, _In_ PIMAGE_INFO ImageInfo);

} // namespace gr
#endif
