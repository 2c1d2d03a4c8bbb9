/* SPDX-License-Identifier: GPL-2.0
 *
 * Copyright (C) wgtun contributors. All Rights Reserved.
 */

#include "tun.h"
#include "log.h"

typedef PVOID(NTAPI *EX_ALLOCATE_POOL_2)(_In_ POOL_FLAGS Flags, _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag);

static EX_ALLOCATE_POOL_2 ExAllocatePool2Ptr;

#ifdef ALLOC_PRAGMA
#    pragma alloc_text(INIT, TunMemInit)
#endif

_Use_decl_annotations_
NTSTATUS
TunMemInit(VOID)
{
    UNICODE_STRING Name = RTL_CONSTANT_STRING(L"ExAllocatePool2");

    ExAllocatePool2Ptr = (EX_ALLOCATE_POOL_2)MmGetSystemRoutineAddress(&Name);
    if (!ExAllocatePool2Ptr)
    {
        /* Pre-2004 kernels: fall back to ExAllocatePoolWithTag + explicit zeroing. */
        LogInfo("ExAllocatePool2 unavailable, using legacy allocator");
        ExInitializeDriverRuntime(DrvRtPoolNxOptIn);
    }
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID *
TunAlloc(SIZE_T Size, BOOLEAN Zero)
{
    VOID *Ptr;

    if (ExAllocatePool2Ptr)
        return ExAllocatePool2Ptr(Zero ? POOL_FLAG_NON_PAGED : POOL_FLAG_NON_PAGED | POOL_FLAG_UNINITIALIZED, Size, TUN_MEMORY_TAG);

#pragma warning(suppress : 4996) /* ExAllocatePoolWithTag is deprecated */
    Ptr = ExAllocatePoolWithTag(NonPagedPool, Size, TUN_MEMORY_TAG);
    if (Ptr && Zero)
        RtlZeroMemory(Ptr, Size);
    return Ptr;
}

_Use_decl_annotations_
VOID
TunFree(VOID *Ptr)
{
    if (Ptr)
        ExFreePoolWithTag(Ptr, TUN_MEMORY_TAG);
}
