/*
 * shaper.c - entry/exit and the filter module callbacks.
 */
#include "shaper.h"

#pragma NDIS_INIT_FUNCTION(DriverEntry)

SH_GLOBALS Globals;

#define SH_WINDOW_100NS     (10ULL * 1000 * 1000)      /* one second */

NDIS_STATUS
ShGlobalsInit(VOID)
{
    NdisAllocateSpinLock(&Globals.ListLock);
    InitializeListHead(&Globals.ModuleList);
    Globals.Budget = SH_DEFAULT_BUDGET;
    return NDIS_STATUS_SUCCESS;
}

VOID
ShGlobalsUninit(VOID)
{
    ASSERT(IsListEmpty(&Globals.ModuleList));
    NdisFreeSpinLock(&Globals.ListLock);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS                         status = NDIS_STATUS_FAILURE;
    NDIS_FILTER_DRIVER_CHARACTERISTICS  fc;
    BOOLEAN                             globalsReady = FALSE;
    BOOLEAN                             filterRegistered = FALSE;
    NDIS_STRING serviceName  = RTL_CONSTANT_STRING(SH_SERVICE_NAME);
    NDIS_STRING uniqueName   = RTL_CONSTANT_STRING(SH_UNIQUE_NAME);
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(SH_FRIENDLY_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    __try {
        status = ShGlobalsInit();
        if (status != NDIS_STATUS_SUCCESS) {
            __leave;
        }
        globalsReady = TRUE;

        NdisZeroMemory(&fc, sizeof(fc));
        fc.Header.Type        = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
        fc.Header.Size        = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
        fc.Header.Revision    = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
        fc.MajorNdisVersion   = NDIS_FILTER_MAJOR_VERSION;
        fc.MinorNdisVersion   = NDIS_FILTER_MINOR_VERSION;
        fc.MajorDriverVersion = SH_DRIVER_MAJOR;
        fc.MinorDriverVersion = SH_DRIVER_MINOR;
        fc.FriendlyName       = friendlyName;
        fc.UniqueName         = uniqueName;
        fc.ServiceName        = serviceName;

        fc.AttachHandler                      = ShAttach;
        fc.DetachHandler                      = ShDetach;
        fc.RestartHandler                     = ShRestart;
        fc.PauseHandler                       = ShPause;
        fc.SendNetBufferListsHandler          = ShSendNbls;
        fc.SendNetBufferListsCompleteHandler  = ShSendNblsComplete;

        DriverObject->DriverUnload = ShUnload;

        status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject,
                                           &fc, &Globals.FilterDriverHandle);
        if (status != NDIS_STATUS_SUCCESS) {
            SHLOG(DPFLTR_ERROR_LEVEL, "NdisFRegisterFilterDriver 0x%08x", status);
            __leave;
        }
        filterRegistered = TRUE;

        status = ShControlInit(Globals.FilterDriverHandle);
        if (status != NDIS_STATUS_SUCCESS) {
            SHLOG(DPFLTR_ERROR_LEVEL, "control device 0x%08x", status);
            __leave;
        }
    }
    __finally {
        if (status != NDIS_STATUS_SUCCESS) {
            if (filterRegistered) {
                NdisFDeregisterFilterDriver(Globals.FilterDriverHandle);
                Globals.FilterDriverHandle = NULL;
            }
            if (globalsReady) {
                ShGlobalsUninit();
            }
        }
    }

    return (NTSTATUS)status;
}

_Use_decl_annotations_
VOID
ShUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    ShControlUninit();

    /* detaches every module (ShDetach) before returning */
    NdisFDeregisterFilterDriver(Globals.FilterDriverHandle);
    Globals.FilterDriverHandle = NULL;

    ShGlobalsUninit();
}

_Use_decl_annotations_
NDIS_STATUS
ShAttach(
    NDIS_HANDLE                     NdisFilterHandle,
    NDIS_HANDLE                     FilterDriverContext,
    PNDIS_FILTER_ATTACH_PARAMETERS  AttachParameters
    )
{
    PSH_MODULE              m;
    NDIS_FILTER_ATTRIBUTES  attr;
    NDIS_STATUS             status;

    UNREFERENCED_PARAMETER(FilterDriverContext);
    UNREFERENCED_PARAMETER(AttachParameters);

    m = NdisAllocateMemoryWithTagPriority(NdisFilterHandle, sizeof(*m), SH_TAG, NormalPoolPriority);
    if (m == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(m, sizeof(*m));
    m->FilterHandle = NdisFilterHandle;
    m->State = ShPaused;
    NdisAllocateSpinLock(&m->Lock);

    NdisZeroMemory(&attr, sizeof(attr));
    attr.Header.Type     = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attr.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attr.Header.Size     = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;

    status = NdisFSetAttributes(NdisFilterHandle, m, &attr);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeSpinLock(&m->Lock);
        NdisFreeMemory(m, 0, 0);
        return status;
    }

    NdisAcquireSpinLock(&Globals.ListLock);
    InsertTailList(&Globals.ModuleList, &m->Link);
    NdisReleaseSpinLock(&Globals.ListLock);

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
ShDetach(
    NDIS_HANDLE FilterModuleContext
    )
{
    PSH_MODULE m = (PSH_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&Globals.ListLock);
    RemoveEntryList(&m->Link);
    NdisReleaseSpinLock(&Globals.ListLock);

    SHLOG(DPFLTR_INFO_LEVEL, "detach %p, dropped %I64d", m->FilterHandle, m->Dropped);

    m->State = ShDetached;
    NdisFreeSpinLock(&m->Lock);
    NdisFreeMemory(m, 0, 0);
}

_Use_decl_annotations_
NDIS_STATUS
ShRestart(
    NDIS_HANDLE                     FilterModuleContext,
    PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    PSH_MODULE m = (PSH_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(RestartParameters);
    m->WindowStart = KeQueryInterruptTime();
    m->WindowFrames = 0;
    m->State = ShRunning;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
ShPause(
    NDIS_HANDLE                     FilterModuleContext,
    PNDIS_FILTER_PAUSE_PARAMETERS   PauseParameters
    )
{
    PSH_MODULE m = (PSH_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);
    /* nothing is queued inside the filter, so pause completes inline */
    m->State = ShPaused;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
ShSendNbls(
    NDIS_HANDLE         FilterModuleContext,
    PNET_BUFFER_LIST    NetBufferLists,
    NDIS_PORT_NUMBER    PortNumber,
    ULONG               SendFlags
    )
{
    PSH_MODULE          m = (PSH_MODULE)FilterModuleContext;
    BOOLEAN             dispatch = NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags);
    ULONG               completeFlags = dispatch ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0;
    PNET_BUFFER_LIST    nbl, next;
    PNET_BUFFER_LIST    passHead = NULL, dropHead = NULL;
    PNET_BUFFER_LIST   *passTail = &passHead, *dropTail = &dropHead;
    ULONG               budget = (ULONG)Globals.Budget;
    ULONGLONG           now = KeQueryInterruptTime();

    if (m->State != ShRunning) {
        for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
            NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_PAUSED;
        }
        NdisFSendNetBufferListsComplete(m->FilterHandle, NetBufferLists, completeFlags);
        return;
    }

    if (dispatch) NdisDprAcquireSpinLock(&m->Lock); else NdisAcquireSpinLock(&m->Lock);

    if (now - m->WindowStart >= SH_WINDOW_100NS) {
        m->WindowStart = now;
        m->WindowFrames = 0;
    }

    for (nbl = NetBufferLists; nbl != NULL; nbl = next) {
        next = NET_BUFFER_LIST_NEXT_NBL(nbl);
        NET_BUFFER_LIST_NEXT_NBL(nbl) = NULL;

        if (m->WindowFrames < budget) {
            m->WindowFrames++;
            *passTail = nbl;
            passTail = &NET_BUFFER_LIST_NEXT_NBL(nbl);
        } else {
            NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_RESOURCES;
            m->Dropped++;
            *dropTail = nbl;
            dropTail = &NET_BUFFER_LIST_NEXT_NBL(nbl);
        }
    }

    if (dispatch) NdisDprReleaseSpinLock(&m->Lock); else NdisReleaseSpinLock(&m->Lock);

    if (passHead != NULL) {
        NdisFSendNetBufferLists(m->FilterHandle, passHead, PortNumber, SendFlags);
    }
    if (dropHead != NULL) {
        NdisFSendNetBufferListsComplete(m->FilterHandle, dropHead, completeFlags);
    }
}

_Use_decl_annotations_
VOID
ShSendNblsComplete(
    NDIS_HANDLE         FilterModuleContext,
    PNET_BUFFER_LIST    NetBufferLists,
    ULONG               SendCompleteFlags
    )
{
    PSH_MODULE m = (PSH_MODULE)FilterModuleContext;

    NdisFSendNetBufferListsComplete(m->FilterHandle, NetBufferLists, SendCompleteFlags);
}
