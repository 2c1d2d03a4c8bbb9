/*++

Module Name:

    driver.c

Abstract:

    DriverEntry, FilterUnload and the shared teardown of FltScan.

    DriverEntry advances FsGlobals.Stage after each step that succeeded.
    FsTeardown switches on the stage and falls through, so every stage undoes
    exactly what it and the stages before it created. The failure path of
    DriverEntry and FsFilterUnload both go through it.

Environment:

    Kernel mode

--*/

#include "fltscan.h"

FS_GLOBALS FsGlobals;

static const FLT_REGISTRATION FsFilterRegistration = {
    sizeof(FLT_REGISTRATION),           // Size
    FLT_REGISTRATION_VERSION,           // Version
    0,                                  // Flags
    FsContextRegistration,              // ContextRegistration
    FsOperationRegistration,            // OperationRegistration
    FsFilterUnload,                     // FilterUnloadCallback
    FsInstanceSetup,                    // InstanceSetupCallback
    FsInstanceQueryTeardown,            // InstanceQueryTeardownCallback
    NULL,                               // InstanceTeardownStartCallback
    NULL,                               // InstanceTeardownCompleteCallback
    NULL,                               // GenerateFileNameCallback
    NULL,                               // NormalizeNameComponentCallback
    NULL                                // NormalizeContextCleanupCallback
};

static
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
FsGlobalsInitialize(
    _Out_ PFS_GLOBALS Globals,
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PCUNICODE_STRING RegistryPath
    );

static
_IRQL_requires_(PASSIVE_LEVEL)
VOID
FsTeardown(
    _Inout_ PFS_GLOBALS Globals,
    _In_ FS_STAGE Stage
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, FsGlobalsInitialize)
#pragma alloc_text(PAGE, FsTeardown)
#pragma alloc_text(PAGE, FsFilterUnload)
#endif

static
_Use_decl_annotations_
NTSTATUS
FsGlobalsInitialize(
    PFS_GLOBALS Globals,
    PDRIVER_OBJECT DriverObject,
    PCUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Zeroes the globals, keeps a private copy of the registry path (the
    caller's buffer is only valid during DriverEntry) and sets up the
    lookaside list used for scan request messages.

    On failure nothing is left allocated.

--*/
{
    RtlZeroMemory(Globals, sizeof(*Globals));

    Globals->DriverObject = DriverObject;
    Globals->Enabled = TRUE;
    Globals->TimeoutMs = FS_DEFAULT_TIMEOUT_MS;

    Globals->RegistryPath.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED,
                                                         RegistryPath->Length + sizeof(WCHAR),
                                                         FS_TAG_GLOBAL);
    if (Globals->RegistryPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    Globals->RegistryPath.Length = 0;
    Globals->RegistryPath.MaximumLength = RegistryPath->Length + sizeof(WCHAR);
    RtlCopyUnicodeString(&Globals->RegistryPath, RegistryPath);

    //
    // ExInitializeNPagedLookasideList cannot fail.
    //
    ExInitializeNPagedLookasideList(&Globals->RequestLookaside,
                                    NULL,
                                    NULL,
                                    POOL_NX_ALLOCATION,
                                    sizeof(FS_SCAN_REQUEST),
                                    FS_TAG_MESSAGE,
                                    0);
    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
VOID
FsTeardown(
    PFS_GLOBALS Globals,
    FS_STAGE Stage
    )
{
    PAGED_CODE();

    switch (Stage) {

    case FsStageRunning:
        //
        // Nothing specific to undo for FltStartFiltering: unregistering the
        // filter stops it.
        //
        __fallthrough;

    case FsStagePortOpen:
        //
        // The server port must be closed before FltUnregisterFilter, or the
        // unregister waits for a port reference that is never dropped.
        //
        FsPortClose(Globals);
        __fallthrough;

    case FsStageRegistered:
        FltUnregisterFilter(Globals->Filter);
        Globals->Filter = NULL;
        __fallthrough;

    case FsStageGlobals:
        ExDeleteNPagedLookasideList(&Globals->RequestLookaside);
        if (Globals->RegistryPath.Buffer != NULL) {
            ExFreePoolWithTag(Globals->RegistryPath.Buffer, FS_TAG_GLOBAL);
            Globals->RegistryPath.Buffer = NULL;
        }
        __fallthrough;

    case FsStageNone:
    default:
        break;
    }

    Globals->Stage = FsStageNone;
}

_Use_decl_annotations_
NTSTATUS FLTAPI
FsFilterUnload(
    FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    FS_LOG("unloading from stage %d", FsGlobals.Stage);
    FsTeardown(&FsGlobals, FsGlobals.Stage);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);

    status = FsGlobalsInitialize(&FsGlobals, DriverObject, RegistryPath);
    if (!NT_SUCCESS(status)) {
        FS_LOG_ERROR("globals 0x%08X", status);
        return status;
    }
    FsGlobals.Stage = FsStageGlobals;

    do {
        status = FltRegisterFilter(DriverObject, &FsFilterRegistration, &FsGlobals.Filter);
        if (!NT_SUCCESS(status)) {
            FS_LOG_ERROR("FltRegisterFilter 0x%08X", status);
            break;
        }
        FsGlobals.Stage = FsStageRegistered;

        status = FsPortCreate(&FsGlobals);
        if (!NT_SUCCESS(status)) {
            FS_LOG_ERROR("FsPortCreate 0x%08X", status);
            break;
        }
        FsGlobals.Stage = FsStagePortOpen;

        status = FltStartFiltering(FsGlobals.Filter);
        if (!NT_SUCCESS(status)) {
            FS_LOG_ERROR("FltStartFiltering 0x%08X", status);
            break;
        }
        FsGlobals.Stage = FsStageRunning;

    } while (FALSE);

    if (!NT_SUCCESS(status)) {
        FsTeardown(&FsGlobals, FsGlobals.Stage);
        return status;
    }

    FS_LOG("running, registry %wZ", &FsGlobals.RegistryPath);
    return STATUS_SUCCESS;
}
