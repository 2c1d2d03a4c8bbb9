//
// SharedRing.cpp
//
#include "SharedRing.h"

namespace sr {

PVOID      SharedRing::s_Buffer = nullptr;
PMDL       SharedRing::s_Mdl    = nullptr;
SIZE_T     SharedRing::s_Size   = 0;
PVOID      SharedRing::s_UserVa = nullptr;
PEPROCESS  SharedRing::s_Owner  = nullptr;
KSPIN_LOCK SharedRing::s_Lock;
FAST_MUTEX SharedRing::s_MapLock;

NTSTATUS SharedRing::Create(SIZE_T Bytes)
{
    KeInitializeSpinLock(&s_Lock);
    ExInitializeFastMutex(&s_MapLock);

    // >= PAGE_SIZE allocations come back page aligned, so the user mapping
    // never exposes neighbouring pool.
    s_Buffer = ExAllocatePool2(POOL_FLAG_NON_PAGED, Bytes, kPoolTag);
    if (!s_Buffer) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    s_Size = Bytes;

    s_Mdl = IoAllocateMdl(s_Buffer, static_cast<ULONG>(Bytes), FALSE, FALSE, nullptr);
    if (!s_Mdl) {
        ExFreePoolWithTag(s_Buffer, kPoolTag);
        s_Buffer = nullptr;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    auto hdr = static_cast<SR_HEADER*>(s_Buffer);
    hdr->Magic      = SR_MAGIC;
    hdr->RecordSize = sizeof(SR_RECORD);
    hdr->Capacity   = static_cast<ULONG>((Bytes - sizeof(SR_HEADER)) / sizeof(SR_RECORD));
    hdr->WriteIndex = 0;
    hdr->Dropped    = 0;

    SR_TRACE("ring %p, %lu records", s_Buffer, hdr->Capacity);
    return STATUS_SUCCESS;
}

void SharedRing::Destroy()
{
    if (s_Mdl) {
        IoFreeMdl(s_Mdl);
        s_Mdl = nullptr;
    }
    if (s_Buffer) {
        ExFreePoolWithTag(s_Buffer, kPoolTag);
        s_Buffer = nullptr;
    }
}

NTSTATUS SharedRing::MapToUser(PVOID* UserVa)
{
    NTSTATUS status = STATUS_SUCCESS;

    ExAcquireFastMutex(&s_MapLock);

    if (s_UserVa) {
        status = STATUS_ALREADY_REGISTERED;   // one reader at a time
        goto out;
    }

    __try {
        s_UserVa = MmMapLockedPagesSpecifyCache(s_Mdl, UserMode, MmCached, nullptr, FALSE,
                                                NormalPagePriority | MdlMappingNoExecute);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        s_UserVa = nullptr;
        status = GetExceptionCode();
        goto out;
    }

    if (!s_UserVa) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto out;
    }

    s_Owner = PsGetCurrentProcess();
    *UserVa = s_UserVa;

out:
    ExReleaseFastMutex(&s_MapLock);
    return status;
}

void SharedRing::UnmapFromUser(PEPROCESS Process)
{
    ExAcquireFastMutex(&s_MapLock);
    if (s_UserVa && s_Owner == Process) {
        MmUnmapLockedPages(s_UserVa, s_Mdl);
        s_UserVa = nullptr;
        s_Owner = nullptr;
    }
    ExReleaseFastMutex(&s_MapLock);
}

void SharedRing::Push(SR_RECORD_TYPE Type, ULONG Pid, ULONG ParentPid, PCUNICODE_STRING Name)
{
    auto hdr = static_cast<SR_HEADER*>(s_Buffer);
    auto records = reinterpret_cast<SR_RECORD*>(hdr + 1);
    SR_RECORD local = {};
    KIRQL irql;

    // build the record outside the lock, the name may live in paged pool
    local.Type      = Type;
    local.Pid       = Pid;
    local.ParentPid = ParentPid;
    KeQuerySystemTimePrecise(&local.Time);
    if (Name && Name->Buffer) {
        const USHORT total = Name->Length / sizeof(WCHAR);
        const USHORT chars = min(total, static_cast<USHORT>(RTL_NUMBER_OF(local.Name) - 1));
        // keep the tail of the path, it carries the file name
        RtlCopyMemory(local.Name, Name->Buffer + (total - chars), chars * sizeof(WCHAR));
    }

    KeAcquireSpinLock(&s_Lock, &irql);
    local.Sequence = static_cast<ULONG>(hdr->WriteIndex);
    records[local.Sequence % hdr->Capacity] = local;
    InterlockedIncrement(&hdr->WriteIndex);
    KeReleaseSpinLock(&s_Lock, irql);
}

} // namespace sr
