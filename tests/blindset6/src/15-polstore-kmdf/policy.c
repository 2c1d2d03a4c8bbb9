#include "polstore.h"

POL_TABLE PolTable;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, PolLoadFromRegistry)
#endif

//
// Rules live in <service>\Parameters\Rules as a REG_BINARY array of
// POL_RULE records.
//
NTSTATUS
PolLoadFromRegistry(
    _In_ WDFDRIVER Driver
    )
{
    NTSTATUS status;
    WDFKEY key = NULL;
    POL_RULE rules[POL_MAX_RULES];
    ULONG length = 0;
    ULONG type = 0;
    DECLARE_CONST_UNICODE_STRING(valueName, L"Rules");

    PAGED_CODE();

    status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        TRACE_ERR("open parameters key 0x%08X", status);
        return status;
    }

    status = WdfRegistryQueryValue(key, &valueName, sizeof(rules), rules, &length, &type);
    WdfRegistryClose(key);

    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        // no rules configured: allow everything
        length = 0;
        status = STATUS_SUCCESS;
    } else if (!NT_SUCCESS(status)) {
        TRACE_ERR("query Rules 0x%08X", status);
        return status;
    } else if (type != REG_BINARY || (length % sizeof(POL_RULE)) != 0) {
        TRACE_ERR("Rules has type %lu length %lu", type, length);
        return STATUS_INVALID_PARAMETER;
    }

    WdfSpinLockAcquire(PolTable.Lock);
    PolTable.Count = length / sizeof(POL_RULE);
    RtlCopyMemory(PolTable.Rules, rules, length);
    PolTable.Generation++;
    WdfSpinLockRelease(PolTable.Lock);

    TRACE_INFO("%lu rules, generation %lu", PolTable.Count, PolTable.Generation);
    return status;
}

ULONG
PolLookup(
    _In_ USHORT VendorId,
    _In_ USHORT ProductId
    )
{
    ULONG action = 0;
    ULONG i;

    WdfSpinLockAcquire(PolTable.Lock);
    for (i = 0; i < PolTable.Count; i++) {
        if (PolTable.Rules[i].VendorId == VendorId &&
            (PolTable.Rules[i].ProductId == 0xFFFF || PolTable.Rules[i].ProductId == ProductId)) {
            action = PolTable.Rules[i].Action;
            break;
        }
    }
    WdfSpinLockRelease(PolTable.Lock);
    return action;
}
