//
// memory.cpp - reading game memory + module tracking
//
#include "gamereader.h"

using namespace gr;

void gr::SetTarget(HANDLE Pid)
{
    ExEnterCriticalRegionAndAcquireResourceExclusive(Globals::CacheLock);
    Globals::TargetPid  = Pid;
    Globals::ModuleBase = nullptr;
    Globals::ModuleSize = 0;
    ExReleaseResourceAndLeaveCriticalRegion(Globals::CacheLock);

    KeClearEvent(Globals::ModuleEvent);
    LOG("target pid %u", HandleToULong(Pid));
}

void gr::GetModule(PVOID* Base, SIZE_T* Size)
{
    ExEnterCriticalRegionAndAcquireResourceShared(Globals::CacheLock);
    *Base = Globals::ModuleBase;
    *Size = Globals::ModuleSize;
    ExReleaseResourceAndLeaveCriticalRegion(Globals::CacheLock);
}

//
// PsSetLoadImageNotifyRoutine callback, PASSIVE_LEVEL
//
void gr::OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    if (FullImageName == nullptr || ProcessId == nullptr) {
        return;   // driver load
    }
    if (ProcessId != Globals::TargetPid) {
        return;
    }
    if (!GrEndsWithInsensitive(FullImageName, GR_MODULE)) {
        return;
    }

    ExEnterCriticalRegionAndAcquireResourceExclusive(Globals::CacheLock);
    Globals::ModuleBase = ImageInfo->ImageBase;
    Globals::ModuleSize = ImageInfo->ImageSize;
    ExReleaseResourceAndLeaveCriticalRegion(Globals::CacheLock);

    LOG("%wZ mapped at %p (0x%Ix)", FullImageName, ImageInfo->ImageBase, ImageInfo->ImageSize);
    KeSetEvent(Globals::ModuleEvent, IO_NO_INCREMENT, FALSE);
}

NTSTATUS gr::ReadProcessMemory(HANDLE Pid, PVOID Address, PVOID Buffer, SIZE_T Size, PSIZE_T BytesRead)
{
    PEPROCESS  process = nullptr;
    KAPC_STATE apc;
    NTSTATUS   status;

    *BytesRead = 0;

    status = PsLookupProcessByProcessId(Pid, &process);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    // bounce buffer: Buffer is the IRP system buffer, but if the read faults
    // half way we don't want half a struct in it
    auto tmp = ExAllocatePool2(POOL_FLAG_NON_PAGED, Size, GR_TAG);
    if (!tmp) {
        ObDereferenceObject(process);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KeStackAttachProcess(process, &apc);
    __try {
        ProbeForRead(Address, Size, 1);
        RtlCopyMemory(tmp, Address, Size);
        status = STATUS_SUCCESS;
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    KeUnstackDetachProcess(&apc);

    if (NT_SUCCESS(status)) {
        RtlCopyMemory(Buffer, tmp, Size);
        *BytesRead = Size;
    }

    ExFreePoolWithTag(tmp, GR_TAG);
    ObDereferenceObject(process);
    return status;
}
