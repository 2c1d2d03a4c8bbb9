/*++

Module Name:

    config.c

Abstract:

    Reads the FsFlt service key: DebugFlags, BlockUnload, MonitorWrites,
    MonitorRenames and the REG_MULTI_SZ ExcludedExtensions list.

Environment:

    Kernel mode, PASSIVE_LEVEL

--*/

#include "fsflt.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, FsfConfigLoad)
#pragma alloc_text(PAGE, FsfConfigFree)
#endif

static NTSTATUS
FsfQueryValue (
    _In_ HANDLE Key,
    _In_ PCWSTR Name,
    _In_ ULONG ExpectedType,
    _Outptr_result_maybenull_ PKEY_VALUE_PARTIAL_INFORMATION *Info
    )
/*++

Routine Description:

    Queries one value into a pool buffer the caller must free with
    FSF_POOL_TAG_CONFIG.

--*/
{
    NTSTATUS status;
    UNICODE_STRING valueName;
    ULONG length = 0;
    PKEY_VALUE_PARTIAL_INFORMATION info;

    *Info = NULL;
    RtlInitUnicodeString( &valueName, Name );

    status = ZwQueryValueKey( Key, &valueName, KeyValuePartialInformation, NULL, 0, &length );

    if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {

        return status;
    }

    info = ExAllocatePoolZero( PagedPool, length, FSF_POOL_TAG_CONFIG );

    if (info == NULL) {

        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = ZwQueryValueKey( Key, &valueName, KeyValuePartialInformation, info, length, &length );

    if (!NT_SUCCESS( status )) {

        ExFreePoolWithTag( info, FSF_POOL_TAG_CONFIG );
        return status;
    }

    if (info->Type != ExpectedType) {

        ExFreePoolWithTag( info, FSF_POOL_TAG_CONFIG );
        return STATUS_OBJECT_TYPE_MISMATCH;
    }

    *Info = info;
    return STATUS_SUCCESS;
}

static ULONG
FsfQueryDword (
    _In_ HANDLE Key,
    _In_ PCWSTR Name,
    _In_ ULONG Default
    )
{
    PKEY_VALUE_PARTIAL_INFORMATION info;
    ULONG value = Default;

    if (NT_SUCCESS( FsfQueryValue( Key, Name, REG_DWORD, &info ) )) {

        if (info->DataLength == sizeof( ULONG )) {

            value = *(PULONG)info->Data;
        }
        ExFreePoolWithTag( info, FSF_POOL_TAG_CONFIG );
    }

    return value;
}

static NTSTATUS
FsfLoadExclusions (
    _In_ HANDLE Key,
    _Inout_ PFSF_CONFIG Config
    )
{
    NTSTATUS status;
    PKEY_VALUE_PARTIAL_INFORMATION info;
    PWCHAR cursor;
    PWCHAR end;
    SIZE_T chars;
    ULONG dataLength;

    status = FsfQueryValue( Key, L"ExcludedExtensions", REG_MULTI_SZ, &info );

    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {

        return STATUS_SUCCESS;
    }

    if (!NT_SUCCESS( status )) {

        return status;
    }

    Config->ExclusionBuffer = ExAllocatePoolZero( NonPagedPoolNx,
                                                  info->DataLength + sizeof( WCHAR ),
                                                  FSF_POOL_TAG_CONFIG );

    if (Config->ExclusionBuffer == NULL) {

        ExFreePoolWithTag( info, FSF_POOL_TAG_CONFIG );
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    dataLength = info->DataLength;
    RtlCopyMemory( Config->ExclusionBuffer, info->Data, dataLength );
    ExFreePoolWithTag( info, FSF_POOL_TAG_CONFIG );

    cursor = Config->ExclusionBuffer;
    end = Config->ExclusionBuffer + (dataLength / sizeof( WCHAR ));

    while (cursor < end && *cursor != L'\0' &&
           Config->ExclusionCount < FSF_MAX_EXCLUSIONS) {

        for (chars = 0; cursor + chars < end && cursor[chars] != L'\0'; chars++) {
            NOTHING;
        }

        if (chars > 0 && chars <= FSF_MAX_EXTENSION_CHARS) {

            Config->Exclusions[Config->ExclusionCount].Buffer = cursor;
            Config->Exclusions[Config->ExclusionCount].Length = (USHORT)(chars * sizeof( WCHAR ));
            Config->Exclusions[Config->ExclusionCount].MaximumLength = (USHORT)(chars * sizeof( WCHAR ));
            Config->ExclusionCount++;
        }

        cursor += chars + 1;
    }

    return STATUS_SUCCESS;
}

NTSTATUS
FsfConfigLoad (
    _In_ PUNICODE_STRING RegistryPath,
    _Out_ PFSF_CONFIG Config,
    _Out_ PULONG DebugFlags
    )
{
    NTSTATUS status;
    OBJECT_ATTRIBUTES attributes;
    HANDLE key;

    RtlZeroMemory( Config, sizeof( *Config ) );
    Config->MonitorWrites = TRUE;
    Config->MonitorRenames = TRUE;

    InitializeObjectAttributes( &attributes,
                                RegistryPath,
                                OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                                NULL,
                                NULL );

    status = ZwOpenKey( &key, KEY_READ, &attributes );

    if (!NT_SUCCESS( status )) {

        return status;
    }

    *DebugFlags = FsfQueryDword( key, L"DebugFlags", FSFDBG_ERROR ) | FSFDBG_ERROR;
    Config->BlockUnload = (BOOLEAN)(FsfQueryDword( key, L"BlockUnload", 0 ) != 0);
    Config->MonitorWrites = (BOOLEAN)(FsfQueryDword( key, L"MonitorWrites", 1 ) != 0);
    Config->MonitorRenames = (BOOLEAN)(FsfQueryDword( key, L"MonitorRenames", 1 ) != 0);

    status = FsfLoadExclusions( key, Config );

    ZwClose( key );

    if (!NT_SUCCESS( status )) {

        FsfConfigFree( Config );
    }

    return status;
}

VOID
FsfConfigFree (
    _Inout_ PFSF_CONFIG Config
    )
{
    PAGED_CODE();

    if (Config->ExclusionBuffer != NULL) {

        ExFreePoolWithTag( Config->ExclusionBuffer, FSF_POOL_TAG_CONFIG );
        Config->ExclusionBuffer = NULL;
    }

    Config->ExclusionCount = 0;
}

BOOLEAN
FsfConfigIsExcluded (
    _In_ PCUNICODE_STRING Extension
    )
{
    ULONG i;

    for (i = 0; i < Globals.Config.ExclusionCount; i++) {

        if (RtlEqualUnicodeString( Extension, &Globals.Config.Exclusions[i], TRUE )) {

            return TRUE;
        }
    }

    return FALSE;
}
