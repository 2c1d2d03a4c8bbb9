/*++

Copyright (c) RamDisk contributors. Licensed under the Ms-PL.

Module Name:

    registry.c

Abstract:

    Service key parameters:

        Parameters\DiskSize          REG_DWORD   bytes, default 16 MB
        Parameters\DriveLetter       REG_SZ      default "R"
        Parameters\ManagementDevice  REG_DWORD   default 0
        Parameters\ImageFile         REG_SZ      NT path of an image to preload

--*/

#include "ramdisk.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, RdReadParameters)
#pragma alloc_text(PAGE, RdFreeParameters)
#endif

static
NTSTATUS
RdDuplicateString(
    _In_ PCUNICODE_STRING Source,
    _Out_ PUNICODE_STRING Dest
    )
{
    Dest->Length = 0;
    Dest->MaximumLength = Source->Length + sizeof(UNICODE_NULL);
    Dest->Buffer = ExAllocatePoolZero(PagedPool, Dest->MaximumLength, RD_TAG_PARAMS);
    if (Dest->Buffer == NULL) {
        Dest->MaximumLength = 0;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlCopyUnicodeString(Dest, Source);
    return STATUS_SUCCESS;
}

NTSTATUS
RdReadParameters(
    _In_ PUNICODE_STRING RegistryPath,
    _Out_ PRD_PARAMETERS Params
    )
{
    NTSTATUS status;
    RTL_QUERY_REGISTRY_TABLE table[5];
    UNICODE_STRING path;
    UNICODE_STRING letter;
    UNICODE_STRING image;
    ULONG diskSize = RD_DEFAULT_SIZE;
    ULONG management = 0;
    WCHAR letterBuffer[4] = { 0 };
    WCHAR imageBuffer[260] = { 0 };

    RtlZeroMemory(Params, sizeof(*Params));

    path.Length = 0;
    path.MaximumLength = RegistryPath->Length + sizeof(L"\\Parameters");
    path.Buffer = ExAllocatePoolZero(PagedPool, path.MaximumLength, RD_TAG_PARAMS);
    if (path.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&path, RegistryPath);
    RtlAppendUnicodeToString(&path, L"\\Parameters");

    letter.Length = 0;
    letter.MaximumLength = sizeof(letterBuffer);
    letter.Buffer = letterBuffer;

    image.Length = 0;
    image.MaximumLength = sizeof(imageBuffer);
    image.Buffer = imageBuffer;

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name = L"DiskSize";
    table[0].EntryContext = &diskSize;

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[1].Name = L"DriveLetter";
    table[1].EntryContext = &letter;

    table[2].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[2].Name = L"ManagementDevice";
    table[2].EntryContext = &management;

    table[3].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[3].Name = L"ImageFile";
    table[3].EntryContext = &image;

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    path.Buffer,
                                    table,
                                    NULL,
                                    NULL);

    ExFreePoolWithTag(path.Buffer, RD_TAG_PARAMS);

    if (!NT_SUCCESS(status)) {
        RD_TRACE("no Parameters key (0x%08X), using defaults", status);
    }

    Params->DiskSize = (diskSize >= RD_MIN_SIZE && diskSize <= RD_MAX_SIZE)
                           ? (diskSize & ~(RD_SECTOR_SIZE - 1))
                           : RD_DEFAULT_SIZE;

    Params->DriveLetter = (letter.Length >= sizeof(WCHAR) &&
                           ((letterBuffer[0] >= L'A' && letterBuffer[0] <= L'Z') ||
                            (letterBuffer[0] >= L'a' && letterBuffer[0] <= L'z')))
                              ? RtlUpcaseUnicodeChar(letterBuffer[0])
                              : RD_DEFAULT_LETTER;

    Params->ManagementDevice = (BOOLEAN)(management != 0);

    if (image.Length != 0) {
        status = RdDuplicateString(&image, &Params->ImageFile);
        if (!NT_SUCCESS(status)) {
            return status;
        }
    }

    return STATUS_SUCCESS;
}

VOID
RdFreeParameters(
    _Inout_ PRD_PARAMETERS Params
    )
{
    PAGED_CODE();

    if (Params->ImageFile.Buffer != NULL) {
        ExFreePoolWithTag(Params->ImageFile.Buffer, RD_TAG_PARAMS);
        Params->ImageFile.Buffer = NULL;
    }
    Params->ImageFile.Length = 0;
    Params->ImageFile.MaximumLength = 0;
}
