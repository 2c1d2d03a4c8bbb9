#pragma once
#include <ntifs.h>
#include "../shared/MemscopeIoctl.h"

#define MS_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[memscope] " fmt "\n", __VA_ARGS__)

namespace ms {

constexpr ULONG kTag = 'pcSM';

enum ConfigFlags : ULONG {
    CfgNone        = 0,
    CfgBreakOnLoad = 0x1,
    CfgAllowKernel = 0x2,   // permit kernel-space addresses (lab machines only)
};

struct DriverConfig {
    ULONG MaxReadSize = 64 * 1024;
    ULONG Flags = CfgNone;

    NTSTATUS Load(PCUNICODE_STRING RegistryPath);

    static void* operator new(size_t size) {
        return ExAllocatePool2(POOL_FLAG_NON_PAGED, size, kTag);
    }
    static void operator delete(void* p) {
        ExFreePoolWithTag(p, kTag);
    }
};

extern DriverConfig* g_Config;

NTSTATUS ReadProcessMemory(const MemscopeReadRequest& req, PVOID out, ULONG outLen, PULONG copied);
NTSTATUS ListProcesses(MemscopeProcessEntry* out, ULONG maxEntries, PULONG count);

} // namespace ms
