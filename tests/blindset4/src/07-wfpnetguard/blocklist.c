/*
 * blocklist.c - the port block list of NetGuard.
 */
#include "netguard.h"

VOID
NgBlockListInitialize(VOID)
{
    KeInitializeSpinLock(&g_Ng.BlockListLock);
    g_Ng.BlockList.Count = 0;
}

NTSTATUS
NgBlockListSet(_In_reads_(Count) const USHORT* Ports, _In_ ULONG Count)
{
    KIRQL irql;

    if (Count > NG_MAX_PORTS) {
        return STATUS_INVALID_PARAMETER;
    }

    KeAcquireSpinLock(&g_Ng.BlockListLock, &irql);
    RtlCopyMemory(g_Ng.BlockList.Ports, Ports, Count * sizeof(USHORT));
    g_Ng.BlockList.Count = Count;
    KeReleaseSpinLock(&g_Ng.BlockListLock, irql);
    return STATUS_SUCCESS;
}

BOOLEAN
NgBlockListContains(_In_ USHORT Port)
{
    KIRQL irql;
    ULONG i;
    BOOLEAN found = FALSE;

    KeAcquireSpinLock(&g_Ng.BlockListLock, &irql);
    for (i = 0; i < g_Ng.BlockList.Count; i++) {
        if (g_Ng.BlockList.Ports[i] == Port) {
            found = TRUE;
            break;
        }
    }
    KeReleaseSpinLock(&g_Ng.BlockListLock, irql);
    return found;
}

/*
 * Parameters\BlockedPorts is a REG_BINARY array of little-endian USHORTs.
 */
NTSTATUS
NgBlockListLoadDefaults(_In_ WDFDRIVER Driver)
{
    WDFKEY          key;
    WDFMEMORY       memory = NULL;
    PVOID           data;
    size_t          size;
    ULONG           type;
    NTSTATUS        status;
    DECLARE_CONST_UNICODE_STRING(valueName, L"BlockedPorts");

    status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfRegistryQueryMemory(key, &valueName, PagedPool, WDF_NO_OBJECT_ATTRIBUTES,
                                    &memory, &type);
    if (NT_SUCCESS(status)) {
        data = WdfMemoryGetBuffer(memory, &size);
        if (type == REG_BINARY && size % sizeof(USHORT) == 0) {
            status = NgBlockListSet((const USHORT*)data,
                                    (ULONG)min(size / sizeof(USHORT), NG_MAX_PORTS));
        } else {
            status = STATUS_OBJECT_TYPE_MISMATCH;
        }
        WdfObjectDelete(memory);
    }

    WdfRegistryClose(key);
    return status;
}
