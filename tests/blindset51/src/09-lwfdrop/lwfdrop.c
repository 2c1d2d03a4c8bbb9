/*
 * lwfdrop.c - registration and module lifetime
 */
#include "lwfdrop.h"

DROP_DRIVER DropDriver;

DRIVER_INITIALIZE   DriverEntry;
DRIVER_UNLOAD       DropUnload;
FILTER_ATTACH       DropAttach;
FILTER_DETACH       DropDetach;
FILTER_RESTART      DropRestart;
FILTER_PAUSE        DropPause;

#pragma NDIS_INIT_FUNCTION(DriverEntry)
#pragma NDIS_PAGEABLE_FUNCTION(DropUnload)

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS                         status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS  fc;

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&DropDriver, sizeof(DropDriver));
    NdisAllocateSpinLock(&DropDriver.Lock);
    InitializeListHead(&DropDriver.Modules);
    DropDriver.EtherType = DROP_DEFAULT_ETYPE;

    NdisZeroMemory(&fc, sizeof(fc));
    fc.Header.Type          = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fc.Header.Size          = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fc.Header.Revision      = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fc.MajorNdisVersion     = NDIS_FILTER_MAJOR_VERSION;
    fc.MinorNdisVersion     = NDIS_FILTER_MINOR_VERSION;
    fc.MajorDriverVersion   = 1;
    fc.MinorDriverVersion   = 0;
    RtlInitUnicodeString(&fc.FriendlyName, DROP_FRIENDLY_NAME);
    RtlInitUnicodeString(&fc.UniqueName, DROP_UNIQUE_NAME);
    RtlInitUnicodeString(&fc.ServiceName, DROP_SERVICE_NAME);

    fc.AttachHandler                = DropAttach;
    fc.DetachHandler                = DropDetach;
    fc.RestartHandler               = DropRestart;
    fc.PauseHandler                 = DropPause;
    fc.ReceiveNetBufferListsHandler = DropReceiveNbls;
    fc.ReturnNetBufferListsHandler  = DropReturnNbls;

    DriverObject->DriverUnload = DropUnload;

    status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)&DropDriver,
                                       &fc, &DropDriver.FilterDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DERR("NdisFRegisterFilterDriver 0x%08X", status);
        goto fail_lock;
    }

    status = DropCreateControlDevice();
    if (status != NDIS_STATUS_SUCCESS) {
        DERR("control device 0x%08X", status);
        goto fail_filter;
    }

    return STATUS_SUCCESS;

fail_filter:
    NdisFDeregisterFilterDriver(DropDriver.FilterDriverHandle);
    DropDriver.FilterDriverHandle = NULL;
fail_lock:
    NdisFreeSpinLock(&DropDriver.Lock);
    return (NTSTATUS)status;
}

_Use_decl_annotations_
VOID
DropUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    DropDeleteControlDevice();

    /* returns after every module has been detached */
    NdisFDeregisterFilterDriver(DropDriver.FilterDriverHandle);
    DropDriver.FilterDriverHandle = NULL;

    NT_ASSERT(IsListEmpty(&DropDriver.Modules));
    NdisFreeSpinLock(&DropDriver.Lock);
}

_Use_decl_annotations_
NDIS_STATUS
DropAttach(
    NDIS_HANDLE                     NdisFilterHandle,
    NDIS_HANDLE                     FilterDriverContext,
    PNDIS_FILTER_ATTACH_PARAMETERS  AttachParameters
    )
{
    PDROP_DRIVER            drv = (PDROP_DRIVER)FilterDriverContext;
    PDROP_MODULE            m;
    NDIS_FILTER_ATTRIBUTES  fa;
    NDIS_STATUS             status;

    if (AttachParameters->MiniportMediaType != NdisMedium802_3) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    m = (PDROP_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle, sizeof(*m),
                                                        DROP_TAG, NormalPoolPriority);
    if (m == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(m, sizeof(*m));
    m->FilterHandle = NdisFilterHandle;
    m->IfIndex = AttachParameters->BaseMiniportIfIndex;
    m->State = DropPaused;

    NdisZeroMemory(&fa, sizeof(fa));
    fa.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    fa.Header.Size = sizeof(fa);
    fa.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;

    status = NdisFSetAttributes(NdisFilterHandle, (NDIS_HANDLE)m, &fa);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeMemory(m, 0, 0);
        return status;
    }

    NdisAcquireSpinLock(&drv->Lock);
    InsertTailList(&drv->Modules, &m->Link);
    NdisReleaseSpinLock(&drv->Lock);

    DLOG("attached ifindex %u", m->IfIndex);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
DropDetach(
    NDIS_HANDLE FilterModuleContext
    )
{
    PDROP_MODULE m = (PDROP_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&DropDriver.Lock);
    RemoveEntryList(&m->Link);
    NdisReleaseSpinLock(&DropDriver.Lock);

    DLOG("detached ifindex %u, dropped %I64d", m->IfIndex, m->Dropped);
    NdisFreeMemory(m, 0, 0);
}

_Use_decl_annotations_
NDIS_STATUS
DropRestart(
    NDIS_HANDLE                     FilterModuleContext,
    PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    UNREFERENCED_PARAMETER(RestartParameters);
    ((PDROP_MODULE)FilterModuleContext)->State = DropRunning;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
DropPause(
    NDIS_HANDLE                     FilterModuleContext,
    PNDIS_FILTER_PAUSE_PARAMETERS   PauseParameters
    )
{
    UNREFERENCED_PARAMETER(PauseParameters);
    /* nothing is held here, receives are indicated or returned inline */
    ((PDROP_MODULE)FilterModuleContext)->State = DropPaused;
    return NDIS_STATUS_SUCCESS;
}
