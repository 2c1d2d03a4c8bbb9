#include "volnames.h"

static VOID VnInstanceContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE Type);

const FLT_CONTEXT_REGISTRATION VnContextRegistration[] = {
    { FLT_INSTANCE_CONTEXT, 0, VnInstanceContextCleanup,
      sizeof(VN_INSTANCE_CONTEXT), VN_CTX_TAG },
    { FLT_CONTEXT_END }
};

static VOID
VnInstanceContextCleanup(PFLT_CONTEXT Context, FLT_CONTEXT_TYPE Type)
{
    PVN_INSTANCE_CONTEXT ic = (PVN_INSTANCE_CONTEXT)Context;
    UNREFERENCED_PARAMETER(Type);

    if (ic->VolumeName.Buffer) {
        ExFreePoolWithTag(ic->VolumeName.Buffer, VN_POOL_TAG);
        ic->VolumeName.Buffer = NULL;
    }
}

VOID
VnCacheInsert(_In_ PCUNICODE_STRING Name)
{
    PVN_CACHE_ENTRY e;
    SIZE_T cb = FIELD_OFFSET(VN_CACHE_ENTRY, Buffer) + Name->Length;

    e = ExAllocatePoolWithTag(PagedPool, cb, VN_POOL_TAG);
    if (e == NULL) {
        return;
    }
    e->Name.Buffer = e->Buffer;
    e->Name.Length = e->Name.MaximumLength = Name->Length;
    RtlCopyMemory(e->Buffer, Name->Buffer, Name->Length);

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&VnGlobals.CacheLock, TRUE);

    InsertHeadList(&VnGlobals.CacheList, &e->Link);
    if (++VnGlobals.CacheCount > VN_CACHE_MAX) {
        PLIST_ENTRY old = RemoveTailList(&VnGlobals.CacheList);
        ExFreePoolWithTag(CONTAINING_RECORD(old, VN_CACHE_ENTRY, Link), VN_POOL_TAG);
        VnGlobals.CacheCount--;
    }

    ExReleaseResourceLite(&VnGlobals.CacheLock);
    KeLeaveCriticalRegion();
}

VOID
VnCacheFlush(VOID)
{
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&VnGlobals.CacheLock, TRUE);
    while (!IsListEmpty(&VnGlobals.CacheList)) {
        PLIST_ENTRY le = RemoveHeadList(&VnGlobals.CacheList);
        ExFreePoolWithTag(CONTAINING_RECORD(le, VN_CACHE_ENTRY, Link), VN_POOL_TAG);
    }
    VnGlobals.CacheCount = 0;
    ExReleaseResourceLite(&VnGlobals.CacheLock);
    KeLeaveCriticalRegion();
}

NTSTATUS FLTAPI
VnInstanceSetup(PCFLT_RELATED_OBJECTS FltObjects,
                FLT_INSTANCE_SETUP_FLAGS Flags,
                DEVICE_TYPE VolumeDeviceType,
                FLT_FILESYSTEM_TYPE VolumeFilesystemType)
{
    NTSTATUS status;
    PVN_INSTANCE_CONTEXT ic = NULL;
    ULONG needed = 0;
    UNICODE_STRING probe = { 0 };

    UNREFERENCED_PARAMETER(Flags);
    UNREFERENCED_PARAMETER(VolumeFilesystemType);
    PAGED_CODE();

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    status = FltAllocateContext(FltObjects->Filter, FLT_INSTANCE_CONTEXT,
                                sizeof(VN_INSTANCE_CONTEXT), PagedPool, &ic);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    RtlZeroMemory(ic, sizeof(*ic));

    /* first call just gets the size */
    status = FltGetVolumeName(FltObjects->Volume, &probe, &needed);
    if (status != STATUS_BUFFER_TOO_SMALL) {
        goto done;
    }

    ic->VolumeName.Buffer = ExAllocatePoolWithTag(PagedPool, needed, VN_POOL_TAG);
    if (ic->VolumeName.Buffer == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto done;
    }
    ic->VolumeName.MaximumLength = (USHORT)needed;

    status = FltGetVolumeName(FltObjects->Volume, &ic->VolumeName, NULL);
    if (!NT_SUCCESS(status)) {
        goto done;
    }

    status = VnReadVolumePolicy(&VnGlobals.RegistryPath, &ic->VolumeName, &ic->Policy);
    if (!NT_SUCCESS(status)) {
        goto done;
    }

    status = FltSetInstanceContext(FltObjects->Instance,
                                   FLT_SET_CONTEXT_KEEP_IF_EXISTS, ic, NULL);
    if (NT_SUCCESS(status)) {
        VnCacheInsert(&ic->VolumeName);
        LOG("attached %wZ policy %lu", &ic->VolumeName, ic->Policy);
    }

done:
    /* cleanup callback frees VolumeName if the context dies here */
    FltReleaseContext(ic);
    return status;
}
