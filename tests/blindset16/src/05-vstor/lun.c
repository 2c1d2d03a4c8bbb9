/**************************************************************************
 *
 *  lun.c - memory-backed logical units.
 *
 *  Copyright (c) vstor authors. Distributed under the MIT license.
 *
 **************************************************************************/

#include "vstor.h"

static NTSTATUS
VsLunInit(
    _Inout_ PVS_LUN Lun,
    _In_ UCHAR Index,
    _In_ const VS_PARAMETERS *Params
    )
{
    SIZE_T bytes = (SIZE_T)Params->DiskSizeMB * 1024 * 1024;

    KeInitializeSpinLock(&Lun->Lock);
    Lun->Lun = Index;
    Lun->ReadOnly = Params->ReadOnly;
    Lun->BlockCount = bytes / VS_SECTOR_SIZE;

    Lun->Media = ExAllocatePoolUninitialized(NonPagedPoolNx, bytes, VS_TAG_MEDIA);
    if (Lun->Media == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    if (Params->ZeroOnAttach) {
        RtlZeroMemory(Lun->Media, bytes);
    }

    Lun->Present = TRUE;
    return STATUS_SUCCESS;
}

static VOID
VsLunFini(
    _Inout_ PVS_LUN Lun
    )
{
    if (Lun->Media != NULL) {
        ExFreePoolWithTag(Lun->Media, VS_TAG_MEDIA);
        Lun->Media = NULL;
    }
    Lun->Present = FALSE;
    Lun->BlockCount = 0;
}

_Use_decl_annotations_
NTSTATUS
VsLunCreateAll(
    PVS_ADAPTER Adapter,
    const VS_PARAMETERS *Params
    )
{
    NTSTATUS status;
    ULONG i;

    for (i = 0; i < Params->LunCount; i++) {
        status = VsLunInit(&Adapter->Luns[i], (UCHAR)i, Params);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        Adapter->LunCount = i + 1;
    }

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
VsLunDestroyAll(
    PVS_ADAPTER Adapter
    )
{
    ULONG i;

    for (i = 0; i < VS_MAX_LUNS; i++) {
        VsLunFini(&Adapter->Luns[i]);
    }
    Adapter->LunCount = 0;
}

_Use_decl_annotations_
PVS_LUN
VsLunLookup(
    PVS_ADAPTER Adapter,
    UCHAR PathId,
    UCHAR TargetId,
    UCHAR Lun
    )
{
    PVS_LU_EXTENSION luExt;

    if (PathId != 0 || TargetId >= VS_MAX_TARGETS || Lun >= Adapter->LunCount) {
        return NULL;
    }

    if (!Adapter->Luns[Lun].Present) {
        return NULL;
    }

    luExt = (PVS_LU_EXTENSION)StorPortGetLogicalUnit(Adapter, PathId, TargetId, Lun);
    if (luExt != NULL && luExt->Lun == NULL) {
        luExt->Lun = &Adapter->Luns[Lun];
    }

    return &Adapter->Luns[Lun];
}
