/*
 * policy.c - registry backed policy
 */
#include "usbblock.h"

UB_POLICY UbPolicy;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, UbPolicyInit)
#pragma alloc_text(PAGE, UbPolicyFree)
#pragma alloc_text(PAGE, UbPolicyRefresh)
#endif

#define UB_PARAMS_SUFFIX L"\\Parameters"

NTSTATUS
UbPolicyInit(_In_ PCUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    USHORT cb;

    PAGED_CODE();

    RtlZeroMemory(&UbPolicy, sizeof(UbPolicy));

    /*
     * RegistryPath belongs to the I/O manager and is gone after DriverEntry,
     * so build our own "<service key>\Parameters" string.
     */
    cb = (USHORT)(RegistryPath->Length + sizeof(UB_PARAMS_SUFFIX));
    UbPolicy.ParametersKey.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, cb, UB_TAG);
    if (UbPolicy.ParametersKey.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    UbPolicy.ParametersKey.MaximumLength = cb;
    RtlCopyUnicodeString(&UbPolicy.ParametersKey, RegistryPath);
    status = RtlAppendUnicodeToString(&UbPolicy.ParametersKey, UB_PARAMS_SUFFIX);
    if (!NT_SUCCESS(status)) {
        goto fail_string;
    }

    status = ExInitializeResourceLite(&UbPolicy.Lock);
    if (!NT_SUCCESS(status)) {
        goto fail_string;
    }
    UbPolicy.LockInitialized = TRUE;

    UbPolicy.Mode = UB_MODE_READONLY;      /* default when the value is missing */
    (VOID)UbPolicyRefresh();

    UB_DBG("policy key %wZ, mode %lu", &UbPolicy.ParametersKey, UbPolicy.Mode);
    return STATUS_SUCCESS;

fail_string:
    ExFreePoolWithTag(UbPolicy.ParametersKey.Buffer, UB_TAG);
    RtlZeroMemory(&UbPolicy.ParametersKey, sizeof(UNICODE_STRING));
    return status;
}

VOID
UbPolicyFree(VOID)
{
    PAGED_CODE();

    if (UbPolicy.LockInitialized) {
        ExDeleteResourceLite(&UbPolicy.Lock);
        UbPolicy.LockInitialized = FALSE;
    }
    if (UbPolicy.ParametersKey.Buffer != NULL) {
        ExFreePoolWithTag(UbPolicy.ParametersKey.Buffer, UB_TAG);
        RtlZeroMemory(&UbPolicy.ParametersKey, sizeof(UNICODE_STRING));
    }
}

NTSTATUS
UbPolicyRefresh(VOID)
{
    NTSTATUS status;
    HANDLE key;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"Mode");
    UCHAR raw[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION kv = (PKEY_VALUE_PARTIAL_INFORMATION)raw;
    ULONG len;

    PAGED_CODE();

    InitializeObjectAttributes(&oa, &UbPolicy.ParametersKey, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_QUERY_VALUE, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, kv, sizeof(raw), &len);
    ZwClose(key);

    if (NT_SUCCESS(status) && kv->Type == REG_DWORD && kv->DataLength == sizeof(ULONG)) {
        ULONG mode = *(PULONG)kv->Data;
        if (mode <= UB_MODE_DENY) {
            KeEnterCriticalRegion();
            ExAcquireResourceExclusiveLite(&UbPolicy.Lock, TRUE);
            UbPolicy.Mode = mode;
            ExReleaseResourceLite(&UbPolicy.Lock);
            KeLeaveCriticalRegion();
        }
    }
    return status;
}

ULONG
UbPolicyMode(VOID)
{
    ULONG mode;

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&UbPolicy.Lock, TRUE);
    mode = UbPolicy.Mode;
    ExReleaseResourceLite(&UbPolicy.Lock);
    KeLeaveCriticalRegion();

    return mode;
}
