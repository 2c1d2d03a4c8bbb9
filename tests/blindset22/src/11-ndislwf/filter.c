/*++

Module Name:

    filter.c

Abstract:

    DriverEntry / DriverUnload of the NetTally lightweight filter.

    Each successful initialization step sets a bit in LwfGlobals.InitMask.
    LwfTeardown undoes the steps whose bits are set, in reverse order, and
    clears them. It is the only cleanup routine: DriverEntry calls it on
    failure, LwfDriverUnload calls it on unload.

--*/

#include "filter.h"

LWF_GLOBALS LwfGlobals;

static
_IRQL_requires_(PASSIVE_LEVEL)
VOID
LwfTeardown(
    _Inout_ PLWF_GLOBALS Globals
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, LwfDriverUnload)
#pragma alloc_text(PAGE, LwfTeardown)
#endif

static
_Use_decl_annotations_
VOID
LwfTeardown(
    PLWF_GLOBALS Globals
    )
{
    PAGED_CODE();

    //
    // The control device was registered against the filter driver handle, so
    // it goes first.
    //
    if (FlagOn(Globals->InitMask, LWF_INIT_DEVICE)) {
        LwfDeregisterDevice(Globals);
        ClearFlag(Globals->InitMask, LWF_INIT_DEVICE);
    }

    //
    // NdisFDeregisterFilterDriver does not return until NDIS has detached
    // every filter module of this driver (FilterDetach has run for each).
    //
    if (FlagOn(Globals->InitMask, LWF_INIT_FILTER)) {
        NdisFDeregisterFilterDriver(Globals->FilterDriverHandle);
        Globals->FilterDriverHandle = NULL;
        ClearFlag(Globals->InitMask, LWF_INIT_FILTER);
    }

    if (FlagOn(Globals->InitMask, LWF_INIT_LOCK)) {
        NT_ASSERT(IsListEmpty(&Globals->ModuleList));
        NdisFreeSpinLock(&Globals->ModuleLock);
        ClearFlag(Globals->InitMask, LWF_INIT_LOCK);
    }
}

_Use_decl_annotations_
VOID
LwfDriverUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    LWF_LOG("unload, mask 0x%x", LwfGlobals.InitMask);
    LwfTeardown(&LwfGlobals);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS chars;
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(LWF_FRIENDLY_NAME);
    NDIS_STRING uniqueName = RTL_CONSTANT_STRING(LWF_UNIQUE_NAME);
    NDIS_STRING serviceName = RTL_CONSTANT_STRING(LWF_SERVICE_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    LWF_LOG("DriverEntry");

    NdisZeroMemory(&LwfGlobals, sizeof(LwfGlobals));
    InitializeListHead(&LwfGlobals.ModuleList);
    NdisAllocateSpinLock(&LwfGlobals.ModuleLock);
    SetFlag(LwfGlobals.InitMask, LWF_INIT_LOCK);

    NdisZeroMemory(&chars, sizeof(chars));
    chars.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    chars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    chars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    chars.MajorNdisVersion = LWF_NDIS_MAJOR;
    chars.MinorNdisVersion = LWF_NDIS_MINOR;
    chars.MajorDriverVersion = LWF_DRIVER_MAJOR;
    chars.MinorDriverVersion = LWF_DRIVER_MINOR;
    chars.Flags = 0;

    chars.FriendlyName = friendlyName;
    chars.UniqueName = uniqueName;
    chars.ServiceName = serviceName;

    //
    // Mandatory handlers
    //
    chars.AttachHandler = LwfAttach;
    chars.DetachHandler = LwfDetach;
    chars.RestartHandler = LwfRestart;
    chars.PauseHandler = LwfPause;

    //
    // Data path. Handlers left NULL (OID requests, status, PnP events) are
    // bypassed by NDIS.
    //
    chars.SendNetBufferListsHandler = LwfSendNetBufferLists;
    chars.SendNetBufferListsCompleteHandler = LwfSendNetBufferListsComplete;
    chars.ReceiveNetBufferListsHandler = LwfReceiveNetBufferLists;
    chars.ReturnNetBufferListsHandler = LwfReturnNetBufferLists;

    //
    // Must be in place before registration: once NdisFRegisterFilterDriver
    // succeeds the driver can be asked to unload.
    //
    DriverObject->DriverUnload = LwfDriverUnload;

    status = NdisFRegisterFilterDriver(DriverObject,
                                       (NDIS_HANDLE)&LwfGlobals,
                                       &chars,
                                       &LwfGlobals.FilterDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        LWF_ERR("NdisFRegisterFilterDriver 0x%08X", status);
        goto Fail;
    }
    SetFlag(LwfGlobals.InitMask, LWF_INIT_FILTER);

    status = LwfRegisterDevice(&LwfGlobals);
    if (status != NDIS_STATUS_SUCCESS) {
        LWF_ERR("LwfRegisterDevice 0x%08X", status);
        goto Fail;
    }
    SetFlag(LwfGlobals.InitMask, LWF_INIT_DEVICE);

    LWF_LOG("registered, handle %p", LwfGlobals.FilterDriverHandle);
    return STATUS_SUCCESS;

Fail:
    LwfTeardown(&LwfGlobals);

    //
    // NDIS_STATUS values used here are NTSTATUS-compatible failure codes.
    //
    return (NTSTATUS)status;
}
