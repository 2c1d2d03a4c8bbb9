//
// image.cpp - backing pages of ramvol and the volume list
//
#include <ntddk.h>
#include <initguid.h>
#include <wdmguid.h>
#include <ntddstor.h>

#include "ramvol.h"

namespace ramvol {

NTSTATUS Image::Allocate(DiskExtension* ext, SIZE_T bytes)
{
    PHYSICAL_ADDRESS low, high, skip;
    low.QuadPart = 0;
    high.QuadPart = -1;
    skip.QuadPart = 0;

    ext->Mdl = MmAllocatePagesForMdlEx(low, high, skip, bytes, MmCached,
                                       MM_ALLOCATE_FULLY_REQUIRED);
    if (ext->Mdl == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    ext->Va = static_cast<PUCHAR>(MmMapLockedPagesSpecifyCache(ext->Mdl, KernelMode, MmCached,
                                                               nullptr, FALSE,
                                                               NormalPagePriority | MdlMappingNoExecute));
    if (ext->Va == nullptr) {
        MmFreePagesFromMdl(ext->Mdl);
        ExFreePool(ext->Mdl);
        ext->Mdl = nullptr;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    ext->Size = bytes;
    RtlZeroMemory(ext->Va, bytes);

    ext->Geometry.MediaType = FixedMedia;
    ext->Geometry.BytesPerSector = RV_SECTOR;
    ext->Geometry.SectorsPerTrack = 32;
    ext->Geometry.TracksPerCylinder = 2;
    ext->Geometry.Cylinders.QuadPart = static_cast<LONGLONG>(bytes / RV_SECTOR / 64);
    return STATUS_SUCCESS;
}

void Image::Free(DiskExtension* ext)
{
    if (ext->Mdl == nullptr) {
        return;
    }
    if (ext->Va != nullptr) {
        MmUnmapLockedPages(ext->Va, ext->Mdl);
        ext->Va = nullptr;
    }
    // pages first, then the MDL itself (it came from the pool)
    MmFreePagesFromMdl(ext->Mdl);
    ExFreePool(ext->Mdl);
    ext->Mdl = nullptr;
    ext->Size = 0;
}

FAST_MUTEX Volumes::s_Lock;
LIST_ENTRY Volumes::s_List;
ULONG      Volumes::s_Seen;

void Volumes::Initialize()
{
    ExInitializeFastMutex(&s_Lock);
    InitializeListHead(&s_List);
    s_Seen = 0;
}

void Volumes::Clear()
{
    ExAcquireFastMutex(&s_Lock);
    while (!IsListEmpty(&s_List)) {
        auto e = CONTAINING_RECORD(RemoveHeadList(&s_List), Entry, Link);
        ExFreePoolWithTag(e, RV_TAG);
    }
    ExReleaseFastMutex(&s_Lock);
}

ULONG Volumes::Seen()
{
    return s_Seen;
}

_Use_decl_annotations_
NTSTATUS Volumes::OnChange(PVOID NotificationStructure, PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);

    auto n = static_cast<PDEVICE_INTERFACE_CHANGE_NOTIFICATION>(NotificationStructure);
    if (!IsEqualGUID(n->Event, GUID_DEVICE_INTERFACE_ARRIVAL)) {
        return STATUS_SUCCESS;
    }

    SIZE_T bytes = FIELD_OFFSET(Entry, Name) + n->SymbolicLinkName->Length;
    auto e = static_cast<Entry*>(ExAllocatePool2(POOL_FLAG_PAGED, bytes, RV_TAG));
    if (e == nullptr) {
        return STATUS_SUCCESS;      // only bookkeeping, never fail the notification
    }
    e->Length = n->SymbolicLinkName->Length;
    RtlCopyMemory(e->Name, n->SymbolicLinkName->Buffer, e->Length);

    ExAcquireFastMutex(&s_Lock);
    InsertTailList(&s_List, &e->Link);
    s_Seen++;
    ExReleaseFastMutex(&s_Lock);

    RV_LOG("volume #%lu: %wZ", s_Seen, n->SymbolicLinkName);
    return STATUS_SUCCESS;
}

} // namespace ramvol
