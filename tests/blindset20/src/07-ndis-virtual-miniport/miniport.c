/*++

Copyright (c) Proseware Virtualization.  All rights reserved.

Module Name:

    miniport.c

Abstract:

    Driver entry, miniport driver registration and driver-wide state
    for the software loopback Ethernet adapter.

Environment:

    Kernel mode, NDIS 6.20+.

--*/

#include "hvnic.h"

HVN_GLOBALS g_Hvn;

static
BOOLEAN
HvnInitializeGlobals(
    _Out_ PHVN_GLOBALS Globals,
    _In_ PDRIVER_OBJECT DriverObject
    );

static
VOID
HvnFreeGlobals(
    _Inout_ PHVN_GLOBALS Globals
    );

static
VOID
HvnFillCharacteristics(
    _Out_ PNDIS_MINIPORT_DRIVER_CHARACTERISTICS Characteristics
    );

static
BOOLEAN
HvnRegisterMiniport(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath,
    _Inout_ PHVN_GLOBALS Globals,
    _Out_ NDIS_STATUS *Status
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, HvnInitializeGlobals)
#pragma alloc_text(INIT, HvnFillCharacteristics)
#pragma alloc_text(INIT, HvnRegisterMiniport)
#pragma alloc_text(PAGE, HvnFreeGlobals)
#pragma alloc_text(PAGE, HvnDriverUnload)
#pragma alloc_text(PAGE, HvnSetOptions)
#endif


static
BOOLEAN
HvnInitializeGlobals(
    _Out_ PHVN_GLOBALS Globals,
    _In_ PDRIVER_OBJECT DriverObject
    )
/*++

Routine Description:

    Sets up the adapter list and the adapter-index pool.

Return Value:

    FALSE if the index pool could not be allocated; nothing needs to be
    released in that case.

--*/
{
    ULONG bytes = ((HVN_MAX_ADAPTERS + 31) / 32) * sizeof(ULONG);

    NdisZeroMemory(Globals, sizeof(*Globals));
    Globals->DriverObject = DriverObject;
    InitializeListHead(&Globals->AdapterList);

    Globals->IndexBitmapBuffer = (PULONG)ExAllocatePool2(POOL_FLAG_NON_PAGED, bytes, HVN_TAG_MACPOOL);
    if (Globals->IndexBitmapBuffer == NULL) {
        return FALSE;
    }

    RtlInitializeBitMap(&Globals->IndexBitmap, Globals->IndexBitmapBuffer, HVN_MAX_ADAPTERS);
    RtlClearAllBits(&Globals->IndexBitmap);

    NdisAllocateSpinLock(&Globals->AdapterListLock);
    Globals->AdapterListLockAllocated = TRUE;

    return TRUE;
}


static
VOID
HvnFreeGlobals(
    _Inout_ PHVN_GLOBALS Globals
    )
{
    PAGED_CODE();

    if (Globals->AdapterListLockAllocated) {
        NdisFreeSpinLock(&Globals->AdapterListLock);
        Globals->AdapterListLockAllocated = FALSE;
    }

    if (Globals->IndexBitmapBuffer != NULL) {
        ExFreePoolWithTag(Globals->IndexBitmapBuffer, HVN_TAG_MACPOOL);
        Globals->IndexBitmapBuffer = NULL;
    }
}


static
VOID
HvnFillCharacteristics(
    _Out_ PNDIS_MINIPORT_DRIVER_CHARACTERISTICS Characteristics
    )
{
    NdisZeroMemory(Characteristics, sizeof(*Characteristics));

    Characteristics->Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    Characteristics->Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    Characteristics->Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;

    Characteristics->MajorNdisVersion = HVN_NDIS_MAJOR_VERSION;
    Characteristics->MinorNdisVersion = HVN_NDIS_MINOR_VERSION;
    Characteristics->MajorDriverVersion = HVN_DRIVER_MAJOR_VERSION;
    Characteristics->MinorDriverVersion = HVN_DRIVER_MINOR_VERSION;

    Characteristics->SetOptionsHandler = HvnSetOptions;
    Characteristics->InitializeHandlerEx = HvnInitializeEx;
    Characteristics->HaltHandlerEx = HvnHaltEx;
    Characteristics->UnloadHandler = HvnDriverUnload;
    Characteristics->PauseHandler = HvnPause;
    Characteristics->RestartHandler = HvnRestart;
    Characteristics->OidRequestHandler = HvnOidRequest;
    Characteristics->SendNetBufferListsHandler = HvnSendNetBufferLists;
    Characteristics->ReturnNetBufferListsHandler = HvnReturnNetBufferLists;
    Characteristics->CancelSendHandler = HvnCancelSend;
    Characteristics->CheckForHangHandlerEx = HvnCheckForHangEx;
    Characteristics->ResetHandlerEx = HvnResetEx;
    Characteristics->DevicePnPEventNotifyHandler = HvnDevicePnpEventNotify;
    Characteristics->ShutdownHandlerEx = HvnShutdownEx;
    Characteristics->CancelOidRequestHandler = HvnCancelOidRequest;
}


static
BOOLEAN
HvnRegisterMiniport(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath,
    _Inout_ PHVN_GLOBALS Globals,
    _Out_ NDIS_STATUS *Status
    )
{
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS characteristics;
    NDIS_HANDLE driverHandle = NULL;

    HvnFillCharacteristics(&characteristics);

    *Status = NdisMRegisterMiniportDriver(DriverObject,
                                          RegistryPath,
                                          (NDIS_HANDLE)Globals,
                                          &characteristics,
                                          &driverHandle);
    if (*Status != NDIS_STATUS_SUCCESS) {
        HVN_ERR("NdisMRegisterMiniportDriver failed 0x%08X", *Status);
        return FALSE;
    }

    Globals->MiniportDriverHandle = driverHandle;
    return TRUE;
}


_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS status = NDIS_STATUS_SUCCESS;

    HVN_LOG("DriverEntry, NDIS %u.%u", HVN_NDIS_MAJOR_VERSION, HVN_NDIS_MINOR_VERSION);

    if (!HvnInitializeGlobals(&g_Hvn, DriverObject)) {
        return NDIS_STATUS_RESOURCES;
    }

    if (!HvnRegisterMiniport(DriverObject, RegistryPath, &g_Hvn, &status)) {
        HvnFreeGlobals(&g_Hvn);
        return status;
    }

    return NDIS_STATUS_SUCCESS;
}


_Use_decl_annotations_
VOID
HvnDriverUnload(
    PDRIVER_OBJECT DriverObject
    )
/*++

Routine Description:

    Registered as the miniport driver's UnloadHandler; NDIS calls it
    from its own DriverUnload after every adapter has been halted.

--*/
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(DriverObject);

    HVN_LOG("unload %p", DriverObject);

    NT_ASSERT(IsListEmpty(&g_Hvn.AdapterList));

    NdisMDeregisterMiniportDriver(g_Hvn.MiniportDriverHandle);
    g_Hvn.MiniportDriverHandle = NULL;

    HvnFreeGlobals(&g_Hvn);
}


_Use_decl_annotations_
NDIS_STATUS
HvnSetOptions(
    NDIS_HANDLE NdisDriverHandle,
    NDIS_HANDLE DriverContext
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(NdisDriverHandle);
    UNREFERENCED_PARAMETER(DriverContext);

    return NDIS_STATUS_SUCCESS;
}


_Use_decl_annotations_
BOOLEAN
HvnAllocateAdapterIndex(
    PULONG Index
    )
{
    ULONG index;

    NdisAcquireSpinLock(&g_Hvn.AdapterListLock);
    index = RtlFindClearBitsAndSet(&g_Hvn.IndexBitmap, 1, 0);
    NdisReleaseSpinLock(&g_Hvn.AdapterListLock);

    if (index == 0xFFFFFFFF) {
        *Index = 0;
        return FALSE;
    }

    *Index = index;
    return TRUE;
}


_Use_decl_annotations_
VOID
HvnFreeAdapterIndex(
    ULONG Index
    )
{
    if (Index >= HVN_MAX_ADAPTERS) {
        return;
    }

    NdisAcquireSpinLock(&g_Hvn.AdapterListLock);
    RtlClearBit(&g_Hvn.IndexBitmap, Index);
    NdisReleaseSpinLock(&g_Hvn.AdapterListLock);
}
