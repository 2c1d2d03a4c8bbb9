/*
 * sysview.c - "shmring": a legacy driver that shares a 64 KB ring with its
 * service through a named section. DriverEntry creates the section,
 * references its object and maps a view of it into system space
 * (MmMapViewInSystemSpace); the unload routine unmaps that view with
 * MmUnmapViewInSystemSpace, the one call that undoes it, then drops the
 * section's reference and handle.
 *
 * BUG (DE011): this one unmaps the view with ZwUnmapViewOfSection, which
 * undoes a view in a process's address space, not in system space: the
 * system-space view stays mapped.
 * BUG (DE024): the same call, at the line it is made: a release that undoes
 * another kind of mapping.
 */

#include <ntddk.h>

extern POBJECT_TYPE *MmSectionObjectType;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SrUnload;

static HANDLE g_SrSectionHandle;
static PVOID g_SrSection;
static PVOID g_SrView;

VOID
SrUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    ZwUnmapViewOfSection(ZwCurrentProcess(), g_SrView);          // expect: DE024
    ObDereferenceObject(g_SrSection);
    ZwClose(g_SrSectionHandle);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\BaseNamedObjects\\ShmRing");
    OBJECT_ATTRIBUTES oa;
    LARGE_INTEGER size;
    SIZE_T viewSize = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    size.QuadPart = 64 * 1024;
    status = ZwCreateSection(&g_SrSectionHandle, SECTION_ALL_ACCESS, &oa, &size, PAGE_READWRITE, SEC_COMMIT, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ObReferenceObjectByHandle(g_SrSectionHandle, SECTION_ALL_ACCESS, *MmSectionObjectType, KernelMode,
                                       &g_SrSection, NULL);
    if (!NT_SUCCESS(status)) {
        ZwClose(g_SrSectionHandle);
        return status;
    }
    status = MmMapViewInSystemSpace(g_SrSection, &g_SrView, &viewSize); // expect: DE011
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(g_SrSection);
        ZwClose(g_SrSectionHandle);
        return status;
    }
    DriverObject->DriverUnload = SrUnload;
    return STATUS_SUCCESS;
}
