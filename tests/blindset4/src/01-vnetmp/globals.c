/*
 * globals.c - driver-wide state of the VNET miniport.
 */
#include "vnetmp.h"

VNET_GLOBALS g_Vnet;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, VnetInitializeGlobals)
#pragma alloc_text(INIT, VnetReadDriverParameters)
#pragma alloc_text(PAGE, VnetUninitializeGlobals)
#endif

static
NTSTATUS
VnetCopyServiceName(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    USHORT i;
    USHORT start = 0;
    USHORT chars = RegistryPath->Length / sizeof(WCHAR);
    USHORT nameChars;

    for (i = 0; i < chars; i++) {
        if (RegistryPath->Buffer[i] == L'\\') {
            start = i + 1;
        }
    }

    nameChars = chars - start;
    if (nameChars == 0) {
        return STATUS_INVALID_PARAMETER;
    }

    g_Vnet.ServiceName.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED,
                                                      nameChars * sizeof(WCHAR),
                                                      VNET_POOL_TAG);
    if (g_Vnet.ServiceName.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlCopyMemory(g_Vnet.ServiceName.Buffer,
                  &RegistryPath->Buffer[start],
                  nameChars * sizeof(WCHAR));
    g_Vnet.ServiceName.Length = nameChars * sizeof(WCHAR);
    g_Vnet.ServiceName.MaximumLength = g_Vnet.ServiceName.Length;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
VnetInitializeGlobals(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DriverObject);

    NdisZeroMemory(&g_Vnet, sizeof(g_Vnet));
    g_Vnet.DefaultMtu = VNET_MAX_FRAME_SIZE - VNET_HEADER_SIZE;
    g_Vnet.LoopbackAllAdapters = TRUE;

    InitializeListHead(&g_Vnet.AdapterList);
    NdisAllocateSpinLock(&g_Vnet.AdapterListLock);
    g_Vnet.Flags |= VNET_GLOBAL_FLAG_LOCK_READY;

    g_Vnet.Stats = (PVNET_GLOBAL_STATS)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                       sizeof(VNET_GLOBAL_STATS),
                                                       VNET_POOL_TAG);
    if (g_Vnet.Stats == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Fail;
    }
    g_Vnet.Flags |= VNET_GLOBAL_FLAG_STATS_READY;

    status = VnetCopyServiceName(RegistryPath);
    if (!NT_SUCCESS(status)) {
        goto Fail;
    }

    return STATUS_SUCCESS;

Fail:
    //
    // Shared teardown path; it only undoes what the flags and pointers say
    // was done, so it is safe on a half-built state.
    //
    VnetUninitializeGlobals();
    return status;
}

_Use_decl_annotations_
VOID
VnetUninitializeGlobals(
    VOID
    )
{
    PAGED_CODE();

    if (g_Vnet.ServiceName.Buffer != NULL) {
        ExFreePoolWithTag(g_Vnet.ServiceName.Buffer, VNET_POOL_TAG);
        g_Vnet.ServiceName.Buffer = NULL;
        g_Vnet.ServiceName.Length = 0;
        g_Vnet.ServiceName.MaximumLength = 0;
    }

    if (g_Vnet.Flags & VNET_GLOBAL_FLAG_STATS_READY) {
        ExFreePoolWithTag(g_Vnet.Stats, VNET_POOL_TAG);
        g_Vnet.Stats = NULL;
        g_Vnet.Flags &= ~VNET_GLOBAL_FLAG_STATS_READY;
    }

    if (g_Vnet.Flags & VNET_GLOBAL_FLAG_LOCK_READY) {
        NT_ASSERT(IsListEmpty(&g_Vnet.AdapterList));
        NdisFreeSpinLock(&g_Vnet.AdapterListLock);
        g_Vnet.Flags &= ~VNET_GLOBAL_FLAG_LOCK_READY;
    }
}

static
VOID
VnetQueryDword(
    _In_ HANDLE Key,
    _In_ PCWSTR Name,
    _Inout_ PULONG Value
    )
{
    UNICODE_STRING                  valueName;
    UCHAR                           buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION  info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG                           resultLength;
    NTSTATUS                        status;

    RtlInitUnicodeString(&valueName, Name);
    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation,
                             info, sizeof(buffer), &resultLength);
    if (NT_SUCCESS(status) && info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
        *Value = *(PULONG)info->Data;
    }
}

_Use_decl_annotations_
VOID
VnetReadDriverParameters(
    PUNICODE_STRING RegistryPath
    )
{
    OBJECT_ATTRIBUTES   oa;
    HANDLE              serviceKey = NULL;
    HANDLE              paramKey = NULL;
    UNICODE_STRING      paramName;
    NTSTATUS            status;
    ULONG               loopAll;

    InitializeObjectAttributes(&oa, RegistryPath,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        VNET_LOG(VNET_LOG_WARN, "service key not opened 0x%08x, defaults kept", status);
        return;
    }

    RtlInitUnicodeString(&paramName, L"Parameters");
    InitializeObjectAttributes(&oa, &paramName,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, serviceKey, NULL);
    status = ZwOpenKey(&paramKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        ZwClose(serviceKey);
        return;
    }

    VnetQueryDword(paramKey, L"DebugLevel", &g_VnetDebugLevel);
    VnetQueryDword(paramKey, L"DefaultMtu", &g_Vnet.DefaultMtu);
    if (g_Vnet.DefaultMtu < 576 || g_Vnet.DefaultMtu > VNET_MAX_FRAME_SIZE - VNET_HEADER_SIZE) {
        g_Vnet.DefaultMtu = VNET_MAX_FRAME_SIZE - VNET_HEADER_SIZE;
    }

    loopAll = g_Vnet.LoopbackAllAdapters;
    VnetQueryDword(paramKey, L"LoopbackAll", &loopAll);
    g_Vnet.LoopbackAllAdapters = (loopAll != 0);

    ZwClose(paramKey);
    ZwClose(serviceKey);
}

VOID
VnetInsertAdapter(
    _In_ PVNET_ADAPTER Adapter
    )
{
    NdisAcquireSpinLock(&g_Vnet.AdapterListLock);
    Adapter->Index = g_Vnet.AdapterCount;
    InsertTailList(&g_Vnet.AdapterList, &Adapter->Link);
    g_Vnet.AdapterCount++;
    NdisReleaseSpinLock(&g_Vnet.AdapterListLock);

    InterlockedIncrement64(&g_Vnet.Stats->AdaptersCreated);
}

VOID
VnetRemoveAdapter(
    _In_ PVNET_ADAPTER Adapter
    )
{
    NdisAcquireSpinLock(&g_Vnet.AdapterListLock);
    RemoveEntryList(&Adapter->Link);
    InitializeListHead(&Adapter->Link);
    g_Vnet.AdapterCount--;
    NdisReleaseSpinLock(&g_Vnet.AdapterListLock);
}
