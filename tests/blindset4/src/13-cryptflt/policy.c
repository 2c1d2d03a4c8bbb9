/*
 * policy.c - loads the protection policy from the service key:
 *
 *   Parameters\ProtectedExtensions  REG_MULTI_SZ  e.g. "docx" "xlsx" "pdf"
 *   Parameters\Mode                 REG_DWORD     0 audit, 1 enforce
 */
#include "cryptflt.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, CfInitializeGlobals)
#pragma alloc_text(PAGE, CfFreeGlobals)
#endif

static NTSTATUS
CfOpenParametersKey(_In_ PUNICODE_STRING RegistryPath, _Out_ PHANDLE Key)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE serviceKey;
    UNICODE_STRING name;
    NTSTATUS status;

    *Key = NULL;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitUnicodeString(&name, L"Parameters");
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, serviceKey, NULL);
    status = ZwOpenKey(Key, KEY_READ, &oa);
    ZwClose(serviceKey);
    return status;
}

/*
 * Returns the value in a pool block the caller frees with CF_POLICY_TAG.
 */
static NTSTATUS
CfQueryValueAlloc(
    _In_ HANDLE Key,
    _In_ PCWSTR Name,
    _In_ ULONG ExpectedType,
    _Outptr_ PKEY_VALUE_PARTIAL_INFORMATION *Value
    )
{
    UNICODE_STRING valueName;
    PKEY_VALUE_PARTIAL_INFORMATION info = NULL;
    ULONG length = 0;
    NTSTATUS status;

    *Value = NULL;
    RtlInitUnicodeString(&valueName, Name);

    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation, NULL, 0, &length);
    if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {
        return NT_SUCCESS(status) ? STATUS_UNSUCCESSFUL : status;
    }

    info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePool2(POOL_FLAG_PAGED, length, CF_POLICY_TAG);
    if (info == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation, info, length, &length);
    if (NT_SUCCESS(status) && info->Type != ExpectedType) {
        status = STATUS_OBJECT_TYPE_MISMATCH;
    }
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(info, CF_POLICY_TAG);
        return status;
    }

    *Value = info;
    return STATUS_SUCCESS;
}

static ULONG
CfQueryDword(_In_ HANDLE Key, _In_ PCWSTR Name, _In_ ULONG Default)
{
    PKEY_VALUE_PARTIAL_INFORMATION info;
    ULONG value = Default;

    if (NT_SUCCESS(CfQueryValueAlloc(Key, Name, REG_DWORD, &info))) {
        if (info->DataLength == sizeof(ULONG)) {
            value = *(PULONG)info->Data;
        }
        ExFreePoolWithTag(info, CF_POLICY_TAG);
    }
    return value;
}

/*
 * Builds Policy->Extensions from a MULTI_SZ. On failure nothing is left
 * allocated in Policy.
 */
static NTSTATUS
CfBuildExtensionTable(
    _In_reads_bytes_(Bytes) PCWSTR MultiSz,
    _In_ ULONG Bytes,
    _Inout_ PCF_POLICY Policy
    )
{
    PCF_EXTENSION table;
    ULONG count = 0;
    ULONG chars = Bytes / sizeof(WCHAR);
    ULONG i = 0;
    SIZE_T len;

    table = (PCF_EXTENSION)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                           CF_MAX_EXTENSIONS * sizeof(CF_EXTENSION),
                                           CF_POLICY_TAG);
    if (table == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    while (i < chars && MultiSz[i] != UNICODE_NULL) {
        len = 0;
        while (i + len < chars && MultiSz[i + len] != UNICODE_NULL) {
            len++;
        }
        if (len > CF_MAX_EXT_CHARS || count == CF_MAX_EXTENSIONS) {
            ExFreePoolWithTag(table, CF_POLICY_TAG);
            return STATUS_INVALID_PARAMETER;
        }
        RtlCopyMemory(table[count].Text, &MultiSz[i], len * sizeof(WCHAR));
        table[count].Text[len] = UNICODE_NULL;
        table[count].Length = (USHORT)(len * sizeof(WCHAR));
        count++;
        i += (ULONG)len + 1;
    }

    Policy->Extensions = table;
    Policy->ExtensionCount = count;
    return STATUS_SUCCESS;
}

static NTSTATUS
CfLoadPolicy(_In_ PUNICODE_STRING RegistryPath, _Inout_ PCF_POLICY Policy)
{
    HANDLE key = NULL;
    PKEY_VALUE_PARTIAL_INFORMATION raw = NULL;
    ULONG mode;
    NTSTATUS status;

    status = CfOpenParametersKey(RegistryPath, &key);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = CfQueryValueAlloc(key, L"ProtectedExtensions", REG_MULTI_SZ, &raw);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    status = CfBuildExtensionTable((PCWSTR)raw->Data, raw->DataLength, Policy);
    if (!NT_SUCCESS(status)) {
        CF_LOG_ERROR("ProtectedExtensions rejected, 0x%08x", status);
        ZwClose(key);
        return status;
    }

    mode = CfQueryDword(key, L"Mode", CfModeAudit);
    Policy->Mode = (mode == CfModeEnforce) ? CfModeEnforce : CfModeAudit;

Exit:
    if (raw != NULL) {
        ExFreePoolWithTag(raw, CF_POLICY_TAG);
    }
    ZwClose(key);
    return status;
}

NTSTATUS
CfInitializeGlobals(_In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    RtlZeroMemory(&g_Cf, sizeof(g_Cf));
    FltInitializePushLock(&g_Cf.PolicyLock);

    status = CfLoadPolicy(RegistryPath, &g_Cf.Policy);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        /* Not configured yet: audit mode, nothing protected. */
        CF_LOG_INFO("no policy, running empty");
        g_Cf.Policy.Mode = CfModeAudit;
        status = STATUS_SUCCESS;
    }

    if (!NT_SUCCESS(status)) {
        FltDeletePushLock(&g_Cf.PolicyLock);
    }
    return status;
}

VOID
CfFreeGlobals(VOID)
{
    PAGED_CODE();

    if (g_Cf.Policy.Extensions != NULL) {
        ExFreePoolWithTag(g_Cf.Policy.Extensions, CF_POLICY_TAG);
        g_Cf.Policy.Extensions = NULL;
        g_Cf.Policy.ExtensionCount = 0;
    }
    FltDeletePushLock(&g_Cf.PolicyLock);
}

BOOLEAN
CfIsProtectedExtension(_In_ PCUNICODE_STRING Extension)
{
    UNICODE_STRING candidate;
    BOOLEAN found = FALSE;
    ULONG i;

    FltAcquirePushLockShared(&g_Cf.PolicyLock);
    for (i = 0; i < g_Cf.Policy.ExtensionCount && !found; i++) {
        candidate.Buffer = g_Cf.Policy.Extensions[i].Text;
        candidate.Length = candidate.MaximumLength = g_Cf.Policy.Extensions[i].Length;
        found = RtlEqualUnicodeString(&candidate, Extension, TRUE);
    }
    FltReleasePushLock(&g_Cf.PolicyLock);

    return found;
}
