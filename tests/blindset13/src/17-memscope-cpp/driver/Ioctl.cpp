//
// Ioctl.cpp - the two things memscope can do: copy bytes out of another
// process, and list processes.
//
#include "Memscope.h"

// Not in the WDK headers, but exported and stable for years.
extern "C" NTSYSAPI NTSTATUS NTAPI ZwQuerySystemInformation(
    ULONG SystemInformationClass, PVOID SystemInformation, ULONG Length, PULONG ReturnLength);

namespace ms {

namespace {

constexpr ULONG SystemProcessInformation = 5;

struct ProcessInfo {
    ULONG NextEntryOffset;
    ULONG NumberOfThreads;
    UCHAR Reserved1[48];
    UNICODE_STRING ImageName;
    LONG BasePriority;
    HANDLE UniqueProcessId;
    HANDLE InheritedFromUniqueProcessId;
};

} // namespace

NTSTATUS ReadProcessMemory(const MemscopeReadRequest& req, PVOID out, ULONG outLen, PULONG copied)
{
    *copied = 0;
    if (req.Size == 0 || req.Size > outLen || req.Size > g_Config->MaxReadSize) {
        return STATUS_INVALID_PARAMETER;
    }
    auto address = reinterpret_cast<PVOID>(static_cast<ULONG_PTR>(req.Address));
    if (!(g_Config->Flags & CfgAllowKernel) &&
        (reinterpret_cast<ULONG_PTR>(address) + req.Size > reinterpret_cast<ULONG_PTR>(MmHighestUserAddress))) {
        return STATUS_ACCESS_VIOLATION;
    }

    PEPROCESS process;
    NTSTATUS status = PsLookupProcessByProcessId(ULongToHandle(req.ProcessId), &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    // Bounce through pool: the output buffer is system space, but keep the
    // attach window as short as possible.
    auto bounce = ExAllocatePool2(POOL_FLAG_NON_PAGED, req.Size, kTag);
    if (bounce == nullptr) {
        ObDereferenceObject(process);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KAPC_STATE apc;
    KeStackAttachProcess(process, &apc);
    __try {
        if (reinterpret_cast<ULONG_PTR>(address) <= reinterpret_cast<ULONG_PTR>(MmHighestUserAddress)) {
            ProbeForRead(address, req.Size, 1);
        }
        RtlCopyMemory(bounce, address, req.Size);
        status = STATUS_SUCCESS;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    KeUnstackDetachProcess(&apc);

    if (NT_SUCCESS(status)) {
        RtlCopyMemory(out, bounce, req.Size);
        *copied = req.Size;
    }
    ExFreePoolWithTag(bounce, kTag);
    ObDereferenceObject(process);
    return status;
}

NTSTATUS ListProcesses(MemscopeProcessEntry* out, ULONG maxEntries, PULONG count)
{
    *count = 0;
    ULONG size = 0;
    NTSTATUS status = ZwQuerySystemInformation(SystemProcessInformation, nullptr, 0, &size);
    if (status != STATUS_INFO_LENGTH_MISMATCH) {
        return status;
    }

    // the list can grow between the two calls; leave some slack
    size += 16 * 1024;
    auto buffer = static_cast<PUCHAR>(ExAllocatePool2(POOL_FLAG_PAGED, size, kTag));
    if (buffer == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = ZwQuerySystemInformation(SystemProcessInformation, buffer, size, &size);
    if (NT_SUCCESS(status)) {
        auto info = reinterpret_cast<const ProcessInfo*>(buffer);
        for (;;) {
            if (*count < maxEntries) {
                auto& e = out[*count];
                RtlZeroMemory(&e, sizeof(e));
                e.ProcessId = HandleToULong(info->UniqueProcessId);
                e.ParentId = HandleToULong(info->InheritedFromUniqueProcessId);
                e.Threads = info->NumberOfThreads;
                if (info->ImageName.Buffer != nullptr) {
                    USHORT chars = min(info->ImageName.Length / sizeof(WCHAR), ARRAYSIZE(e.ImageName) - 1);
                    RtlCopyMemory(e.ImageName, info->ImageName.Buffer, chars * sizeof(WCHAR));
                }
                ++*count;
            }
            if (info->NextEntryOffset == 0) {
                break;
            }
            info = reinterpret_cast<const ProcessInfo*>(reinterpret_cast<const UCHAR*>(info) + info->NextEntryOffset);
        }
    }
    ExFreePoolWithTag(buffer, kTag);
    return status;
}

} // namespace ms
