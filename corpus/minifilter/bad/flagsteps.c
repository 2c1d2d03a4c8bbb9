/*
 * flagsteps.c - an audit minifilter of a backup agent. DriverEntry records
 * each step it completes with <ntifs.h>'s SetFlag in a global flag word, and
 * one teardown routine, run by the failure path, undoes what FlagOn says was
 * done, clearing each flag with ClearFlag.
 *
 * Violating: the lookaside list's block tests the filter's flag, copied from
 * the block above, which has just cleared it: a list set up is never deleted
 * (DE006).
 */

#include <fltKernel.h>

#define BK_TAG 'gtkB'

#define BK_STEP_BUFFER     0x1
#define BK_STEP_LOOKASIDE  0x2
#define BK_STEP_FILTER     0x4

typedef struct _BK_GLOBALS {
    ULONG Steps;
    PVOID Buffer;
    NPAGED_LOOKASIDE_LIST Records;
    PFLT_FILTER Filter;
} BK_GLOBALS;

static BK_GLOBALS BkGlobals;

DRIVER_INITIALIZE DriverEntry;

static NTSTATUS FLTAPI BkUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags);

static const FLT_REGISTRATION BkRegistration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    NULL,
    NULL,
    BkUnload,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

static VOID
BkTeardown(VOID)
{
    if (FlagOn(BkGlobals.Steps, BK_STEP_FILTER)) {
        FltUnregisterFilter(BkGlobals.Filter);
        ClearFlag(BkGlobals.Steps, BK_STEP_FILTER);
    }
    if (FlagOn(BkGlobals.Steps, BK_STEP_FILTER)) {
        ExDeleteNPagedLookasideList(&BkGlobals.Records);
        ClearFlag(BkGlobals.Steps, BK_STEP_LOOKASIDE);
    }
    if (FlagOn(BkGlobals.Steps, BK_STEP_BUFFER)) {
        ExFreePoolWithTag(BkGlobals.Buffer, BK_TAG);
        BkGlobals.Buffer = NULL;
        ClearFlag(BkGlobals.Steps, BK_STEP_BUFFER);
    }
}

static NTSTATUS FLTAPI
BkUnload(_In_ FLT_FILTER_UNLOAD_FLAGS Flags)
{
    UNREFERENCED_PARAMETER(Flags);
    BkTeardown();
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: minifilter
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    BkGlobals.Buffer = ExAllocatePool2(POOL_FLAG_NON_PAGED, PAGE_SIZE, BK_TAG);
    if (BkGlobals.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    SetFlag(BkGlobals.Steps, BK_STEP_BUFFER);

    ExInitializeNPagedLookasideList(&BkGlobals.Records, NULL, NULL, POOL_NX_ALLOCATION, 256, BK_TAG, 0);
    SetFlag(BkGlobals.Steps, BK_STEP_LOOKASIDE);

    status = FltRegisterFilter(DriverObject, &BkRegistration, &BkGlobals.Filter);
    if (!NT_SUCCESS(status)) {
        goto failed;
    }
    SetFlag(BkGlobals.Steps, BK_STEP_FILTER);

    status = FltStartFiltering(BkGlobals.Filter);
    if (!NT_SUCCESS(status)) {
        goto failed;
    }
    return STATUS_SUCCESS;

failed:
    BkTeardown();
    return status;  // expect: DE006
}
