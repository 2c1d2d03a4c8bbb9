/*
 * shm.c - the page(s) we share with the user-mode client
 *
 * Nonpaged pool + MDL, mapped into the caller on IOCTL_HELLO_MAP_SHM and
 * unmapped again on IRP_MJ_CLEANUP (same process context).
 */
#include "hello.h"
#include <ntstrsafe.h>

NTSTATUS
ShmCreate(VOID)
{
    PHELLO_SHARED shared;

    g_Hello.ShmBase = ExAllocatePool2(POOL_FLAG_NON_PAGED, SHM_SIZE, HELLO_TAG);
    if (g_Hello.ShmBase == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    g_Hello.ShmMdl = IoAllocateMdl(g_Hello.ShmBase, SHM_SIZE, FALSE, FALSE, NULL);
    if (g_Hello.ShmMdl == NULL) {
        ExFreePoolWithTag(g_Hello.ShmBase, HELLO_TAG);
        g_Hello.ShmBase = NULL;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    MmBuildMdlForNonPagedPool(g_Hello.ShmMdl);

    shared = (PHELLO_SHARED)g_Hello.ShmBase;
    shared->Magic = SHM_MAGIC;
    shared->Version = 2;
    RtlStringCbCopyA(shared->Message, sizeof(shared->Message), "hello from ring 0");

    return STATUS_SUCCESS;
}

NTSTATUS
ShmMapToUser(_Out_ PVOID *UserAddress)
{
    PVOID va = NULL;

    *UserAddress = NULL;

    if (g_Hello.ShmMdl == NULL) {
        return STATUS_DEVICE_NOT_READY;
    }
    if (g_Hello.UserMapping != NULL) {
        /* one client at a time */
        return STATUS_SHARING_VIOLATION;
    }

    __try {
        va = MmMapLockedPagesSpecifyCache(g_Hello.ShmMdl, UserMode, MmCached, NULL,
                                          FALSE, NormalPagePriority | MdlMappingNoExecute);
    } __except (EXCEPTION_EXECUTE_HANDLER) {
        LOG("MmMapLockedPagesSpecifyCache raised 0x%08X", GetExceptionCode());
        return STATUS_ACCESS_VIOLATION;
    }

    if (va == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    g_Hello.UserMapping = va;
    g_Hello.MappedProcess = PsGetCurrentProcess();
    *UserAddress = va;

    LOG("mapped shm into pid %p at %p", PsGetCurrentProcessId(), va);
    return STATUS_SUCCESS;
}

VOID
ShmUnmapFromUser(VOID)
{
    if (g_Hello.UserMapping == NULL) {
        return;
    }
    if (g_Hello.MappedProcess != PsGetCurrentProcess()) {
        /* somebody else closed a handle, not our client */
        return;
    }

    MmUnmapLockedPages(g_Hello.UserMapping, g_Hello.ShmMdl);
    g_Hello.UserMapping = NULL;
    g_Hello.MappedProcess = NULL;
}

VOID
ShmDestroy(VOID)
{
    if (g_Hello.ShmMdl != NULL) {
        IoFreeMdl(g_Hello.ShmMdl);
        g_Hello.ShmMdl = NULL;
    }
    if (g_Hello.ShmBase != NULL) {
        ExFreePoolWithTag(g_Hello.ShmBase, HELLO_TAG);
        g_Hello.ShmBase = NULL;
    }
}
