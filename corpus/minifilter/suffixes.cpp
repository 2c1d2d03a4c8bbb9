// suffixes.cpp - a minifilter that watches creates of files whose
// extension is on a list it builds at load time. The list is an object made
// with the driver's own pool operator new, which answers nullptr when the
// pool has no memory, inside a do { } while (false) block the driver leaves
// with break on a failure.
//
// Conforming: the break on a failed new puts STATUS_INSUFFICIENT_RESOURCES
// in the status first, so DriverEntry fails the load after undoing.

#include <fltKernel.h>

#define SFX_TAG 'xfSf'

void *__cdecl operator new(size_t size, POOL_FLAGS flags) noexcept
{
    return ExAllocatePool2(flags, size, SFX_TAG);
}

void __cdecl operator delete(void *p, size_t) noexcept
{
    if (p != nullptr) {
        ExFreePoolWithTag(p, SFX_TAG);
    }
}

struct SuffixList {
    ULONG Count = 0;
    WCHAR Items[8][8] = {};
};

extern "C" DRIVER_INITIALIZE DriverEntry;

static PFLT_FILTER g_Filter;
static SuffixList *g_Suffixes;

static NTSTATUS FLTAPI SfxUnload(FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    FltUnregisterFilter(g_Filter);
    delete g_Suffixes;
    g_Suffixes = nullptr;
    return STATUS_SUCCESS;
}

static const FLT_OPERATION_REGISTRATION Operations[] = {
    { IRP_MJ_OPERATION_END }
};

static const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION), FLT_REGISTRATION_VERSION, 0, nullptr, Operations, SfxUnload,
};

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: minifilter
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = FltRegisterFilter(DriverObject, &Registration, &g_Filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    do {
        g_Suffixes = new (POOL_FLAG_NON_PAGED) SuffixList;
        if (g_Suffixes == nullptr) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }

        status = FltStartFiltering(g_Filter);
        if (!NT_SUCCESS(status)) {
            break;
        }
        return STATUS_SUCCESS;
    } while (false);

    delete g_Suffixes;
    g_Suffixes = nullptr;
    FltUnregisterFilter(g_Filter);
    return status;
}
