//
// Memory.cpp - MemReader: target tracking and memory copy
//
#include "Reader.h"

using namespace mr;

NTSTATUS mr::Attach(HANDLE pid)
{
    PEPROCESS process = nullptr;
    NTSTATUS status = PsLookupProcessByProcessId(pid, &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ObDereferenceObject(process);    // only checking that it exists

    {
        ResourceLock lock(Globals::Lock, true);
        Globals::TargetPid  = pid;
        Globals::ModuleBase = nullptr;
        Globals::ModuleSize = 0;
    }
    KeClearEvent(Globals::ModuleEvent);

    MR_LOG("attached to %u", HandleToULong(pid));
    return STATUS_SUCCESS;
}

NTSTATUS mr::Read(HANDLE pid, PVOID address, PVOID out, SIZE_T size, PSIZE_T copied)
{
    PEPROCESS process = nullptr;
    *copied = 0;

    // user addresses only, this is not a kernel peek tool
    if (reinterpret_cast<ULONG_PTR>(address) + size < reinterpret_cast<ULONG_PTR>(address) ||
        reinterpret_cast<ULONG_PTR>(address) + size > reinterpret_cast<ULONG_PTR>(MmHighestUserAddress)) {
        return STATUS_ACCESS_VIOLATION;
    }

    NTSTATUS status = PsLookupProcessByProcessId(pid, &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    // out is the IRP system buffer -> kernel address, KernelMode is right
    status = MmCopyVirtualMemory(process, address, PsGetCurrentProcess(), out,
                                 size, KernelMode, copied);

    ObDereferenceObject(process);
    return status;
}

bool mr::QueryModule(MR_MODULE* out)
{
    ResourceLock lock(Globals::Lock, false);
    if (Globals::ModuleBase == nullptr) {
        return false;
    }
    out->Base = reinterpret_cast<ULONG_PTR>(Globals::ModuleBase);
    out->Size = Globals::ModuleSize;
    out->Pid  = HandleToULong(Globals::TargetPid);
    return true;
}

//
// game exited -> forget it
//
void mr::OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != nullptr) {
        return;
    }

    bool wasTarget = false;
    {
        ResourceLock lock(Globals::Lock, true);
        if (ProcessId == Globals::TargetPid) {
            Globals::TargetPid  = nullptr;
            Globals::ModuleBase = nullptr;
            Globals::ModuleSize = 0;
            wasTarget = true;
        }
    }

    if (wasTarget) {
        KeClearEvent(Globals::ModuleEvent);
        MR_LOG("target %u exited", HandleToULong(ProcessId));
    }
}

void mr::OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    if (FullImageName == nullptr || ProcessId == nullptr) {
        return;
    }

    UNICODE_STRING wanted = RTL_CONSTANT_STRING(MR_MODULE_NAME);
    if (FullImageName->Length < wanted.Length) {
        return;
    }
    UNICODE_STRING tail;
    tail.Buffer = reinterpret_cast<PWCH>(reinterpret_cast<PUCHAR>(FullImageName->Buffer) +
                                         FullImageName->Length - wanted.Length);
    tail.Length = tail.MaximumLength = wanted.Length;
    if (!RtlEqualUnicodeString(&tail, &wanted, TRUE)) {
        return;
    }

    bool hit = false;
    {
        ResourceLock lock(Globals::Lock, true);
        if (ProcessId == Globals::TargetPid) {
            Globals::ModuleBase = ImageInfo->ImageBase;
            Globals::ModuleSize = ImageInfo->ImageSize;
            hit = true;
        }
    }

    if (hit) {
        MR_LOG("module at %p", ImageInfo->ImageBase);
        KeSetEvent(Globals::ModuleEvent, IO_NO_INCREMENT, FALSE);
    }
}
