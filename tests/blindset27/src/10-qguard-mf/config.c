/*
 * config.c - reads QuotaGuard parameters from the service key.
 *
 *   ThresholdMB  REG_DWORD  (default 64)
 *   Extension    REG_SZ     (default "log", without the dot)
 */
#include "qguard.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, QgLoadConfig)
#pragma alloc_text(PAGE, QgFreeConfig)
#endif

NTSTATUS
QgLoadConfig(_In_ PCUNICODE_STRING RegistryPath, _Out_ PQG_CONFIG Config)
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    UNICODE_STRING path = { 0 };
    UNICODE_STRING ext = { 0 };              /* buffer allocated by RTL if present */
    UNICODE_STRING defaultExt = RTL_CONSTANT_STRING(QG_DEFAULT_EXT);
    PCUNICODE_STRING source;
    ULONG thresholdMb = QG_DEFAULT_MB;
    NTSTATUS status;

    RtlZeroMemory(Config, sizeof(*Config));

    /* The query needs a NUL-terminated path; RegistryPath need not be one. */
    path.MaximumLength = (USHORT)(RegistryPath->Length + sizeof(WCHAR));
    path.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, path.MaximumLength, QG_TAG_CONFIG);
    if (path.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&path, RegistryPath);
    path.Buffer[path.Length / sizeof(WCHAR)] = L'\0';

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags        = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name         = L"ThresholdMB";
    table[0].EntryContext = &thresholdMb;
    table[0].DefaultType  = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    table[1].Flags        = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK |
                            RTL_QUERY_REGISTRY_NOEXPAND;
    table[1].Name         = L"Extension";
    table[1].EntryContext = &ext;
    table[1].DefaultType  = (REG_SZ << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    /* Missing key or values are fine: defaults apply. */
    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    path.Buffer, table, NULL, NULL);
    ExFreePoolWithTag(path.Buffer, QG_TAG_CONFIG);
    if (!NT_SUCCESS(status) && status != STATUS_OBJECT_NAME_NOT_FOUND) {
        DbgPrintEx(DPFLTR_FLTMGR_ID, DPFLTR_WARNING_LEVEL,
                   "QuotaGuard: registry query 0x%08X, using defaults\n", status);
    }

    Config->ThresholdBytes = (ULONGLONG)(thresholdMb != 0 ? thresholdMb : QG_DEFAULT_MB) * 1024 * 1024;

    source = (ext.Length != 0) ? &ext : &defaultExt;
    Config->Extension.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_NON_PAGED, source->Length, QG_TAG_CONFIG);
    if (Config->Extension.Buffer == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
    } else {
        RtlCopyMemory(Config->Extension.Buffer, source->Buffer, source->Length);
        Config->Extension.Length = Config->Extension.MaximumLength = source->Length;
        status = STATUS_SUCCESS;
    }

    if (ext.Buffer != NULL) {
        ExFreePool(ext.Buffer);
    }
    return status;
}

VOID
QgFreeConfig(_Inout_ PQG_CONFIG Config)
{
    PAGED_CODE();

    if (Config->Extension.Buffer != NULL) {
        ExFreePoolWithTag(Config->Extension.Buffer, QG_TAG_CONFIG);
    }
    RtlZeroMemory(&Config->Extension, sizeof(Config->Extension));
}
