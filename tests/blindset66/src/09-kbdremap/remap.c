//
// remap.c - registry loading and lookup
//
#include "filter.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, KrLoadMap)
#endif

static VOID
KrDefaultMap(VOID)
{
    g_Kr.PairCount = 1;
    g_Kr.Pairs[0].From = 0x3A;      // CapsLock
    g_Kr.Pairs[0].To   = 0x1D;      // LCtrl
}

NTSTATUS
KrLoadMap(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    OBJECT_ATTRIBUTES oa;
    HANDLE serviceKey = NULL;
    HANDLE paramsKey = NULL;
    UNICODE_STRING subKey = RTL_CONSTANT_STRING(L"Parameters");
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"Map");
    PKEY_VALUE_PARTIAL_INFORMATION info = NULL;
    ULONG infoSize = FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) + sizeof(g_Kr.Pairs);
    ULONG resultLength = 0;

    PAGED_CODE();

    KrDefaultMap();

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        KR_PRINT("service key: %08X\n", status);
        return status;
    }

    InitializeObjectAttributes(&oa, &subKey, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, serviceKey, NULL);
    status = ZwOpenKey(&paramsKey, KEY_READ, &oa);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        // no Parameters key -> defaults
        status = STATUS_SUCCESS;
        goto Cleanup;
    }
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }

    info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePool2(POOL_FLAG_PAGED, infoSize, KR_TAG);
    if (info == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Cleanup;
    }

    status = ZwQueryValueKey(paramsKey, &valueName, KeyValuePartialInformation,
                             info, infoSize, &resultLength);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        status = STATUS_SUCCESS;
        goto Cleanup;
    }
    if (!NT_SUCCESS(status)) {
        // includes STATUS_BUFFER_OVERFLOW for a map with too many pairs
        goto Cleanup;
    }

    if (info->Type != REG_BINARY || info->DataLength == 0 ||
        (info->DataLength % sizeof(KR_PAIR)) != 0) {
        KR_PRINT("Map value malformed, using defaults\n");
        goto Cleanup;
    }

    g_Kr.PairCount = info->DataLength / sizeof(KR_PAIR);
    RtlCopyMemory(g_Kr.Pairs, info->Data, info->DataLength);
    KR_PRINT("%lu pairs loaded\n", g_Kr.PairCount);

Cleanup:
    if (info != NULL) {
        ExFreePoolWithTag(info, KR_TAG);
    }
    if (paramsKey != NULL) {
        ZwClose(paramsKey);
    }
    ZwClose(serviceKey);
    return status;
}

USHORT
KrTranslate(
    _In_ USHORT MakeCode
    )
{
    ULONG i;

    for (i = 0; i < g_Kr.PairCount; i++) {
        if (g_Kr.Pairs[i].From == MakeCode) {
            return g_Kr.Pairs[i].To;
        }
    }
    return MakeCode;
}
