// Memory.cpp - the actual work behind the two ioctls
#include "Memory.h"

extern "C" NTSTATUS NTAPI ZwQuerySystemInformation(ULONG InfoClass, PVOID Buffer,
                                                   ULONG Length, PULONG ReturnLength);

namespace {

constexpr ULONG SystemProcessInformation = 5;

// only the leading part of the real structure, enough to walk it
struct SysProcInfo {
    ULONG NextEntryOffset;
    ULONG NumberOfThreads;
    LARGE_INTEGER Reserved[3];
    LARGE_INTEGER CreateTime;
    LARGE_INTEGER UserTime;
    LARGE_INTEGER KernelTime;
    UNICODE_STRING ImageName;
    LONG BasePriority;
    HANDLE UniqueProcessId;
    HANDLE InheritedFromUniqueProcessId;
};

} // namespace

namespace memrd {

NTSTATUS ReadProcessMemory(const ReadRequest& req, PVOID out, ULONG outSize, ULONG* copied)
{
    *copied = 0;
    if (req.Size == 0 || req.Size > MaxReadSize || req.Size > outSize) {
        return STATUS_INVALID_PARAMETER;
    }

    PEPROCESS process = nullptr;
    auto status = PsLookupProcessByProcessId(ULongToHandle(req.ProcessId), &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto deref = kstd::make_scope_exit([&] { ObDereferenceObject(process); });

    // bounce buffer: `out` is the system buffer, not mapped in the target process
    kstd::unique_pool<UCHAR> bounce(req.Size);
    if (!bounce) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KAPC_STATE apc;
    KeStackAttachProcess(process, &apc);
    __try {
        auto src = reinterpret_cast<PVOID>(static_cast<ULONG_PTR>(req.Address));
        ProbeForRead(src, req.Size, 1);
        RtlCopyMemory(bounce.get(), src, req.Size);
        status = STATUS_SUCCESS;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    KeUnstackDetachProcess(&apc);

    if (NT_SUCCESS(status)) {
        RtlCopyMemory(out, bounce.get(), req.Size);
        *copied = req.Size;
    }
    return status;
}

NTSTATUS ListProcesses(ProcessEntry* out, ULONG maxEntries, ULONG* count)
{
    *count = 0;

    ULONG size = 64 * 1024;
    kstd::unique_pool<UCHAR> buffer;
    NTSTATUS status;

    for (int attempt = 0; attempt < 4; ++attempt) {
        buffer.reset(static_cast<UCHAR*>(ExAllocatePoolWithTag(PagedPool, size, 'dRmM')));
        if (!buffer) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        ULONG needed = 0;
        status = ZwQuerySystemInformation(SystemProcessInformation, buffer.get(), size, &needed);
        if (status != STATUS_INFO_LENGTH_MISMATCH) {
            break;
        }
        size = needed + 16 * 1024;
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }

    auto p = reinterpret_cast<const SysProcInfo*>(buffer.get());
    ULONG n = 0;
    for (;;) {
        if (n == maxEntries) {
            status = STATUS_BUFFER_OVERFLOW;
            break;
        }
        auto& e = out[n];
        RtlZeroMemory(&e, sizeof(e));
        e.ProcessId = HandleToULong(p->UniqueProcessId);
        e.ParentId = HandleToULong(p->InheritedFromUniqueProcessId);
        if (p->ImageName.Buffer != nullptr) {
            auto chars = p->ImageName.Length / sizeof(WCHAR);
            if (chars >= ARRAYSIZE(e.Name)) {
                chars = ARRAYSIZE(e.Name) - 1;
            }
            RtlCopyMemory(e.Name, p->ImageName.Buffer, chars * sizeof(WCHAR));
        }
        ++n;

        if (p->NextEntryOffset == 0) {
            break;
        }
        p = reinterpret_cast<const SysProcInfo*>(reinterpret_cast<const UCHAR*>(p) + p->NextEntryOffset);
    }

    *count = n;
    return status;
}

} // namespace memrd
