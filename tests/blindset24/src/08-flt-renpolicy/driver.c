/*++

Module Name:

    driver.c

Abstract:

    Driver entry, registration and teardown for the rename/delete policy
    minifilter.

Environment:

    Kernel mode

--*/

#include "fltpolicy.h"

//
//  Globals
//

FP_GLOBALS FpGlobals;
ULONG FpDebugFlags = FP_DBG_ERROR;

static const PCWSTR FpDefaultExtensions[] = {
    L"docx", L"xlsx", L"pptx", L"pdf", L"kdbx"
};

//
//  Local prototypes
//

static NTSTATUS
FpLoadConfiguration (
    _In_ PUNICODE_STRING RegistryPath
    );

static VOID
FpTeardown (
    _Inout_ PFP_GLOBALS Globals
    );

static NTSTATUS
FpInstanceQueryTeardown (
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, FpLoadConfiguration)
#pragma alloc_text(PAGE, FpTeardown)
#pragma alloc_text(PAGE, FpFilterUnload)
#pragma alloc_text(PAGE, FpInstanceSetup)
#pragma alloc_text(PAGE, FpInstanceQueryTeardown)
#endif

//
//  Registration
//

CONST FLT_OPERATION_REGISTRATION FpCallbacks[] = {

    { IRP_MJ_CREATE,
      0,
      NULL,
      FpPostCreate },

    { IRP_MJ_SET_INFORMATION,
      FLTFL_OPERATION_REGISTRATION_SKIP_PAGING_IO,
      FpPreSetInformation,
      NULL },

    { IRP_MJ_OPERATION_END }
};

CONST FLT_CONTEXT_REGISTRATION FpContexts[] = {

    { FLT_STREAM_CONTEXT,
      0,
      FpStreamContextCleanup,
      sizeof(FP_STREAM_CONTEXT),
      FP_TAG_STREAM_CTX },

    { FLT_CONTEXT_END }
};

CONST FLT_REGISTRATION FpFilterRegistration = {

    sizeof(FLT_REGISTRATION),           //  Size
    FLT_REGISTRATION_VERSION,           //  Version
    0,                                  //  Flags
    FpContexts,                         //  Context
    FpCallbacks,                        //  Operation callbacks
    FpFilterUnload,                     //  FilterUnload
    FpInstanceSetup,                    //  InstanceSetup
    FpInstanceQueryTeardown,            //  InstanceQueryTeardown
    NULL,                               //  InstanceTeardownStart
    NULL,                               //  InstanceTeardownComplete
    NULL,                               //  GenerateFileName
    NULL,                               //  NormalizeNameComponent
    NULL                                //  NormalizeContextCleanup
};

//
//  Configuration
//

static VOID
FpAddExtension (
    _In_reads_(Chars) PCWSTR Ext,
    _In_ SIZE_T Chars
    )
{
    PFP_EXTENSION slot;

    if (Chars == 0 || Chars > FP_MAX_EXT_CHARS ||
        FpGlobals.ExtensionCount >= FP_MAX_EXTENSIONS) {
        return;
    }

    slot = &FpGlobals.Extensions[FpGlobals.ExtensionCount];
    RtlCopyMemory(slot->Buffer, Ext, Chars * sizeof(WCHAR));
    slot->Buffer[Chars] = UNICODE_NULL;
    slot->Length = (USHORT)(Chars * sizeof(WCHAR));
    FpGlobals.ExtensionCount++;
}

static NTSTATUS
FpLoadConfiguration (
    _In_ PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Reads the REG_MULTI_SZ value "ProtectedExtensions" from the service key.
    A missing or malformed value is not an error; the built-in defaults are
    used instead.  Only allocation failures fail the load.

--*/
{
    NTSTATUS status;
    HANDLE key = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"ProtectedExtensions");
    PKEY_VALUE_PARTIAL_INFORMATION info = NULL;
    ULONG length = 0;
    PCWSTR cursor;
    PCWSTR end;
    SIZE_T chars;
    ULONG i;

    FpGlobals.ExtensionCount = 0;
    FpGlobals.Extensions = (PFP_EXTENSION)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                          FP_MAX_EXTENSIONS * sizeof(FP_EXTENSION),
                                                          FP_TAG_CONFIG);
    if (FpGlobals.Extensions == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    __try {

        InitializeObjectAttributes(&oa, RegistryPath,
                                   OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);

        status = ZwOpenKey(&key, KEY_READ, &oa);
        if (!NT_SUCCESS(status)) {
            key = NULL;
            __leave;
        }

        status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, NULL, 0, &length);
        if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {
            __leave;
        }

        info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePool2(POOL_FLAG_PAGED, length,
                                                               FP_TAG_CONFIG);
        if (info == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            __leave;
        }

        status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation,
                                 info, length, &length);
        if (!NT_SUCCESS(status)) {
            __leave;
        }

        if (info->Type != REG_MULTI_SZ) {
            status = STATUS_OBJECT_TYPE_MISMATCH;
            __leave;
        }

        cursor = (PCWSTR)info->Data;
        end = (PCWSTR)(info->Data + info->DataLength);

        while (cursor < end && *cursor != UNICODE_NULL) {
            chars = 0;
            while (cursor + chars < end && cursor[chars] != UNICODE_NULL) {
                chars++;
            }
            if (*cursor == L'.') {
                FpAddExtension(cursor + 1, chars - 1);
            } else {
                FpAddExtension(cursor, chars);
            }
            cursor += chars + 1;
        }

    } __finally {

        if (info != NULL) {
            ExFreePoolWithTag(info, FP_TAG_CONFIG);
        }
        if (key != NULL) {
            ZwClose(key);
        }
    }

    if (status == STATUS_INSUFFICIENT_RESOURCES) {
        ExFreePoolWithTag(FpGlobals.Extensions, FP_TAG_CONFIG);
        FpGlobals.Extensions = NULL;
        FpGlobals.ExtensionCount = 0;
        return status;
    }

    if (FpGlobals.ExtensionCount == 0) {
        for (i = 0; i < RTL_NUMBER_OF(FpDefaultExtensions); i++) {
            FpAddExtension(FpDefaultExtensions[i], wcslen(FpDefaultExtensions[i]));
        }
    }

    FP_TRACE(FP_DBG_POLICY, "%lu protected extensions (registry status 0x%08X)",
             FpGlobals.ExtensionCount, status);

    return STATUS_SUCCESS;
}

//
//  Teardown shared by the DriverEntry failure path and FilterUnload.
//

static VOID
FpTeardown (
    _Inout_ PFP_GLOBALS Globals
    )
{
    PAGED_CODE();

    switch (Globals->Stage) {

    case FpStageFiltering:
        //
        //  Filtering stops when the filter is unregistered below.
        //
        __fallthrough;

    case FpStagePortCreated:
        //
        //  The server port must be closed before FltUnregisterFilter,
        //  otherwise unregistration waits for it forever.
        //
        FltCloseCommunicationPort(Globals->ServerPort);
        Globals->ServerPort = NULL;
        __fallthrough;

    case FpStageFilterRegistered:
        FltUnregisterFilter(Globals->Filter);
        Globals->Filter = NULL;
        __fallthrough;

    case FpStageConfigLoaded:
        if (Globals->Extensions != NULL) {
            ExFreePoolWithTag(Globals->Extensions, FP_TAG_CONFIG);
            Globals->Extensions = NULL;
        }
        Globals->ExtensionCount = 0;
        __fallthrough;

    case FpStageNothing:
    default:
        break;
    }

    Globals->Stage = FpStageNothing;
}

//
//  Entry point
//

NTSTATUS
DriverEntry (
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    PFP_GLOBALS globals = &FpGlobals;

    RtlZeroMemory(globals, sizeof(*globals));
    globals->DriverObject = DriverObject;
    globals->Stage = FpStageNothing;

    status = FpLoadConfiguration(RegistryPath);
    FP_LEAVE_IF_FAILED(status, "FpLoadConfiguration");
    globals->Stage = FpStageConfigLoaded;

    status = FltRegisterFilter(DriverObject, &FpFilterRegistration, &globals->Filter);
    FP_LEAVE_IF_FAILED(status, "FltRegisterFilter");
    globals->Stage = FpStageFilterRegistered;

    status = FpCreateControlPort();
    FP_LEAVE_IF_FAILED(status, "FpCreateControlPort");
    globals->Stage = FpStagePortCreated;

    status = FltStartFiltering(globals->Filter);
    FP_LEAVE_IF_FAILED(status, "FltStartFiltering");
    globals->Stage = FpStageFiltering;

Cleanup:

    if (!NT_SUCCESS(status)) {
        FpTeardown(globals);
    }

    return status;
}

NTSTATUS
FpFilterUnload (
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    FP_TRACE(FP_DBG_POLICY, "unloading, renames denied %ld, deletes denied %ld",
             FpGlobals.DeniedRenames, FpGlobals.DeniedDeletes);

    FpTeardown(&FpGlobals);

    return STATUS_SUCCESS;
}

//
//  Instance management
//

NTSTATUS
FpInstanceSetup (
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_SETUP_FLAGS Flags,
    _In_ DEVICE_TYPE VolumeDeviceType,
    _In_ FLT_FILESYSTEM_TYPE VolumeFilesystemType
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    if (VolumeDeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }

    switch (VolumeFilesystemType) {
    case FLT_FSTYPE_NTFS:
    case FLT_FSTYPE_REFS:
        return STATUS_SUCCESS;
    default:
        return STATUS_FLT_DO_NOT_ATTACH;
    }
}

static NTSTATUS
FpInstanceQueryTeardown (
    _In_ PCFLT_RELATED_OBJECTS FltObjects,
    _In_ FLT_INSTANCE_QUERY_TEARDOWN_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(FltObjects);
    UNREFERENCED_PARAMETER(Flags);

    PAGED_CODE();

    return STATUS_SUCCESS;
}
