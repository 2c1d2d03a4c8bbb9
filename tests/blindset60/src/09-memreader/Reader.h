#pragma once
//
// Reader.h - MemReader v2 (rewrite of the gamereader thing, this time
// with proper cleanup)
//
#include <ntifs.h>
#include "Shared.h"

#define MR_TAG          'RmeM'
#define MR_DEVICE       L"\\Device\\MemReader"
#define MR_SYMLINK      L"\\??\\MemReader"
#define MR_EVENT        L"\\BaseNamedObjects\\MemReaderModule"
#define MR_MODULE_NAME  L"\\UnityPlayer.dll"

#define MR_LOG(fmt, ...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[MemReader] " fmt "\n", __VA_ARGS__))
#define MR_ERR(fmt, ...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[MemReader] " fmt "\n", __VA_ARGS__))

extern "C" NTKERNELAPI NTSTATUS NTAPI MmCopyVirtualMemory(
    PEPROCESS SourceProcess, PVOID SourceAddress,
    PEPROCESS TargetProcess, PVOID TargetAddress,
    SIZE_T BufferSize, KPROCESSOR_MODE PreviousMode, PSIZE_T ReturnSize);

namespace mr {

//
// runs a lambda at scope exit unless dismissed
//
template <typename F>
class ScopeGuard {
public:
    explicit ScopeGuard(F f) : m_f(f), m_active(true) {}
    ScopeGuard(ScopeGuard&& other) : m_f(other.m_f), m_active(other.m_active) { other.m_active = false; }
    ScopeGuard(const ScopeGuard&) = delete;
    ScopeGuard& operator=(const ScopeGuard&) = delete;
    ~ScopeGuard() { if (m_active) m_f(); }
    void Dismiss() { m_active = false; }
private:
    F    m_f;
    bool m_active;
};

template <typename F>
ScopeGuard<F> MakeGuard(F f) { return ScopeGuard<F>(f); }

//
// shared / exclusive ERESOURCE holder
//
class ResourceLock {
public:
    ResourceLock(PERESOURCE res, bool exclusive) : m_res(res) {
        if (exclusive) ExEnterCriticalRegionAndAcquireResourceExclusive(m_res);
        else           ExEnterCriticalRegionAndAcquireResourceShared(m_res);
    }
    ~ResourceLock() { ExReleaseResourceAndLeaveCriticalRegion(m_res); }
private:
    PERESOURCE m_res;
};

struct Globals {
    static PDEVICE_OBJECT Device;
    static UNICODE_STRING ServiceKey;     // deep copy of RegistryPath
    static PERESOURCE     Lock;
    static PKEVENT        ModuleEvent;
    static HANDLE         ModuleEventHandle;
    static HANDLE         TargetPid;
    static PVOID          ModuleBase;
    static SIZE_T         ModuleSize;
};

// Memory.cpp
NTSTATUS Attach(HANDLE pid);
NTSTATUS Read(HANDLE pid, PVOID address, PVOID out, SIZE_T size, PSIZE_T copied);
bool     QueryModule(MR_MODULE* out);

void OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
void OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo);

} // namespace mr
