/*
 * urutil.c -- DbgPrint wrapper with an in-memory ring that can be pulled
 * from a crash dump (!urlog), and the service key "Parameters" reader.
 * Built into both urstub.sys and urvhci.sys.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <ntstrsafe.h>
#include "urcommon.h"

UR_LOG_STATE UrLogState = { 0, UR_LEVEL_WARN, "ur", 0, NULL, 0, FALSE };

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, UrLogInit)
#pragma alloc_text(PAGE, UrLogFini)
#pragma alloc_text(PAGE, UrSettingsLoad)
#endif

#define UR_DEFAULT_PORTS        8
#define UR_MAX_PORTS            31
#define UR_DEFAULT_TIMEOUT_MS   5000
#define UR_DEFAULT_MAX_PENDING  128

static
ULONG
UrLogReadLevel(
    _In_ PCUNICODE_STRING RegistryPath
    )
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG level = UR_LEVEL_WARN;
    ULONG defaultLevel = UR_LEVEL_WARN;
    NTSTATUS status;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"DebugLevel";
    table[0].EntryContext = &level;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &defaultLevel;
    table[0].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    RegistryPath->Buffer,
                                    table,
                                    NULL,
                                    NULL);
    if (!NT_SUCCESS(status) || level > UR_LEVEL_TRACE) {
        level = UR_LEVEL_WARN;
    }
    return level;
}

_Use_decl_annotations_
NTSTATUS
UrLogInit(
    PDRIVER_OBJECT DriverObject,
    PCUNICODE_STRING RegistryPath,
    PCSTR Prefix
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (InterlockedCompareExchange(&UrLogState.Initialized, 1, 0) != 0) {
        return STATUS_SUCCESS;
    }

    RtlStringCbCopyA(UrLogState.Prefix, sizeof(UrLogState.Prefix), Prefix);
    UrLogState.Level = UrLogReadLevel(RegistryPath);
    KeInitializeSpinLock(&UrLogState.RingLock);

    UrLogState.Ring = ExAllocatePoolZero(NonPagedPoolNx, UR_LOG_RING_SIZE, UR_LOG_TAG);
    if (UrLogState.Ring == NULL) {
        InterlockedExchange(&UrLogState.Initialized, 0);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    UrLogState.RingHead = 0;
    UrLogState.RingWrapped = FALSE;

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
UrLogFini(
    VOID
    )
{
    KIRQL irql;
    PCHAR ring;

    PAGED_CODE();

    if (InterlockedCompareExchange(&UrLogState.Initialized, 0, 1) != 1) {
        return;
    }

    KeAcquireSpinLock(&UrLogState.RingLock, &irql);
    ring = UrLogState.Ring;
    UrLogState.Ring = NULL;
    KeReleaseSpinLock(&UrLogState.RingLock, irql);

    if (ring != NULL) {
        ExFreePoolWithTag(ring, UR_LOG_TAG);
    }
}

static
VOID
UrLogAppend(
    _In_reads_(Length) PCSTR Text,
    _In_ ULONG Length
    )
{
    KIRQL irql;
    ULONG i;

    KeAcquireSpinLock(&UrLogState.RingLock, &irql);
    if (UrLogState.Ring != NULL) {
        for (i = 0; i < Length; i++) {
            UrLogState.Ring[UrLogState.RingHead++] = Text[i];
            if (UrLogState.RingHead == UR_LOG_RING_SIZE) {
                UrLogState.RingHead = 0;
                UrLogState.RingWrapped = TRUE;
            }
        }
    }
    KeReleaseSpinLock(&UrLogState.RingLock, irql);
}

_Use_decl_annotations_
VOID
UrLogPrint(
    ULONG Level,
    PCSTR Format,
    ...
    )
{
    CHAR line[256];
    va_list args;
    size_t length = 0;

    va_start(args, Format);
    if (NT_SUCCESS(RtlStringCbVPrintfA(line, sizeof(line), Format, args))) {
        RtlStringCbLengthA(line, sizeof(line), &length);
    }
    va_end(args);

    if (length == 0) {
        return;
    }

    UrLogAppend(line, (ULONG)length);
    DbgPrintEx(DPFLTR_IHVBUS_ID,
               Level == UR_LEVEL_ERROR ? DPFLTR_ERROR_LEVEL :
               Level == UR_LEVEL_WARN  ? DPFLTR_WARNING_LEVEL : DPFLTR_INFO_LEVEL,
               "%s", line);
}

_Use_decl_annotations_
VOID
UrSettingsDefaults(
    PUR_SETTINGS Settings
    )
{
    Settings->PortCount       = UR_DEFAULT_PORTS;
    Settings->UrbTimeoutMs    = UR_DEFAULT_TIMEOUT_MS;
    Settings->MaxPendingUrbs  = UR_DEFAULT_MAX_PENDING;
    Settings->ExportByDefault = FALSE;
    Settings->SuperSpeed      = TRUE;
}

_Use_decl_annotations_
NTSTATUS
UrSettingsLoad(
    PCUNICODE_STRING RegistryPath,
    PUR_SETTINGS Settings
    )
{
    RTL_QUERY_REGISTRY_TABLE table[6];
    UNICODE_STRING path;
    ULONG ports, timeout, pending, exportDefault, superSpeed;
    NTSTATUS status;

    PAGED_CODE();

    ports         = Settings->PortCount;
    timeout       = Settings->UrbTimeoutMs;
    pending       = Settings->MaxPendingUrbs;
    exportDefault = Settings->ExportByDefault;
    superSpeed    = Settings->SuperSpeed;

    /*
     * RtlQueryRegistryValues wants a NUL-terminated path; the one handed to
     * DriverEntry is not guaranteed to be.
     */
    path.MaximumLength = RegistryPath->Length + sizeof(L"\\Parameters");
    path.Length = 0;
    path.Buffer = ExAllocatePoolZero(PagedPool, path.MaximumLength, UR_LOG_TAG);
    if (path.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&path, RegistryPath);
    RtlAppendUnicodeToString(&path, L"\\Parameters");

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name = L"PortCount";
    table[0].EntryContext = &ports;
    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[1].Name = L"UrbTimeoutMs";
    table[1].EntryContext = &timeout;
    table[2].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[2].Name = L"MaxPendingUrbs";
    table[2].EntryContext = &pending;
    table[3].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[3].Name = L"ExportByDefault";
    table[3].EntryContext = &exportDefault;
    table[4].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[4].Name = L"SuperSpeed";
    table[4].EntryContext = &superSpeed;

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    path.Buffer,
                                    table,
                                    NULL,
                                    NULL);

    ExFreePoolWithTag(path.Buffer, UR_LOG_TAG);

    if (!NT_SUCCESS(status)) {
        return status;
    }

    Settings->PortCount       = (ports >= 1 && ports <= UR_MAX_PORTS) ? ports : UR_DEFAULT_PORTS;
    Settings->UrbTimeoutMs    = timeout ? timeout : UR_DEFAULT_TIMEOUT_MS;
    Settings->MaxPendingUrbs  = pending ? pending : UR_DEFAULT_MAX_PENDING;
    Settings->ExportByDefault = exportDefault != 0;
    Settings->SuperSpeed      = superSpeed != 0;

    return STATUS_SUCCESS;
}
