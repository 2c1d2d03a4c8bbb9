/*
 * lwfcount.c - modifying-nothing NDIS LWF: counts frames/bytes per adapter
 *
 * Pass-through for send and receive, plus a control device
 * (\\.\LwfCount) registered with NdisRegisterDeviceEx so a small CLI can
 * dump per-adapter counters.
 */
#include "lwfcount.h"

NDIS_HANDLE    gFilterDriverHandle;
NDIS_SPIN_LOCK gModuleListLock;
LIST_ENTRY     gModuleList;

static NDIS_HANDLE    gControlDeviceHandle;
static PDEVICE_OBJECT gControlDeviceObject;

static DRIVER_DISPATCH LwfDispatchCreateClose;
static DRIVER_DISPATCH LwfDispatchIoctl;

#if DBG
#define DEBUGP(...) DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, __VA_ARGS__)
#else
#define DEBUGP(...)
#endif

/* ------------------------------------------------------------------ */
/* filter module lifetime                                             */
/* ------------------------------------------------------------------ */

NDIS_STATUS
LwfAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
          PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters)
{
    NDIS_FILTER_ATTRIBUTES attributes;
    PLWF_MODULE module;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(FilterDriverContext);

    if (AttachParameters->MiniportMediaType != NdisMedium802_3 &&
        AttachParameters->MiniportMediaType != NdisMediumWirelessWan) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    module = (PLWF_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle, sizeof(LWF_MODULE),
                                                            LWF_TAG, NormalPoolPriority);
    if (module == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(module, sizeof(LWF_MODULE));
    module->FilterHandle = NdisFilterHandle;
    module->MiniportIfIndex = AttachParameters->BaseMiniportIfIndex;
    module->State = FilterAttaching;

    NdisZeroMemory(&attributes, sizeof(attributes));
    attributes.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attributes.Header.Size = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    attributes.Flags = 0;

    status = NdisFSetAttributes(NdisFilterHandle, (NDIS_HANDLE)module, &attributes);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeMemory(module, 0, 0);
        return status;
    }

    module->State = FilterPaused;

    NdisAcquireSpinLock(&gModuleListLock);
    InsertTailList(&gModuleList, &module->Link);
    NdisReleaseSpinLock(&gModuleListLock);

    DEBUGP("lwfcount: attached to ifindex %u\n", module->MiniportIfIndex);
    return NDIS_STATUS_SUCCESS;
}

VOID
LwfDetach(NDIS_HANDLE FilterModuleContext)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&gModuleListLock);
    RemoveEntryList(&module->Link);
    NdisReleaseSpinLock(&gModuleListLock);

    module->State = FilterDetached;
    NdisFreeMemory(module, 0, 0);
}

NDIS_STATUS
LwfRestart(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_RESTART_PARAMETERS RestartParameters)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(RestartParameters);

    module->State = FilterRunning;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
LwfPause(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    /* nothing is queued inside the filter, so pausing completes at once */
    module->State = FilterPaused;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
LwfSetOptions(NDIS_HANDLE NdisFilterDriverHandle, NDIS_HANDLE FilterDriverContext)
{
    UNREFERENCED_PARAMETER(NdisFilterDriverHandle);
    UNREFERENCED_PARAMETER(FilterDriverContext);
    return NDIS_STATUS_SUCCESS;
}

/* ------------------------------------------------------------------ */
/* data path                                                          */
/* ------------------------------------------------------------------ */

static VOID
LwfCount(PNET_BUFFER_LIST NetBufferLists, volatile LONG64 *Frames, volatile LONG64 *Bytes)
{
    PNET_BUFFER_LIST nbl;
    PNET_BUFFER nb;
    LONG64 frames = 0, bytes = 0;

    for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
            frames++;
            bytes += NET_BUFFER_DATA_LENGTH(nb);
        }
    }
    InterlockedAdd64(Frames, frames);
    InterlockedAdd64(Bytes, bytes);
}

VOID
LwfSendNetBufferLists(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                      NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;
    PNET_BUFFER_LIST nbl;

    if (module->State != FilterRunning) {
        for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
            NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_PAUSED;
        }
        NdisFSendNetBufferListsComplete(module->FilterHandle, NetBufferLists,
                                        NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags)
                                            ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
        return;
    }

    LwfCount(NetBufferLists, &module->TxFrames, &module->TxBytes);
    NdisFSendNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

VOID
LwfSendNetBufferListsComplete(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                              ULONG SendCompleteFlags)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    NdisFSendNetBufferListsComplete(module->FilterHandle, NetBufferLists, SendCompleteFlags);
}

VOID
LwfReceiveNetBufferLists(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                         NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    if (module->State != FilterRunning) {
        if (NDIS_TEST_RECEIVE_CAN_PEND(ReceiveFlags)) {
            NdisFReturnNetBufferLists(module->FilterHandle, NetBufferLists,
                                      NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags)
                                          ? NDIS_RETURN_FLAGS_DISPATCH_LEVEL : 0);
        }
        return;
    }

    LwfCount(NetBufferLists, &module->RxFrames, &module->RxBytes);
    NdisFIndicateReceiveNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber,
                                       NumberOfNetBufferLists, ReceiveFlags);
}

VOID
LwfReturnNetBufferLists(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    NdisFReturnNetBufferLists(module->FilterHandle, NetBufferLists, ReturnFlags);
}

/* ------------------------------------------------------------------ */
/* control device                                                     */
/* ------------------------------------------------------------------ */

static NTSTATUS
LwfDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
LwfDispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_LWF_QUERY_ADAPTERS) {
        PLWF_REPORT out = (PLWF_REPORT)Irp->AssociatedIrp.SystemBuffer;
        ULONG capacity = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(LWF_REPORT);
        ULONG n = 0;
        PLIST_ENTRY link;

        if (capacity > LWF_MAX_REPORTED) {
            capacity = LWF_MAX_REPORTED;
        }
        NdisAcquireSpinLock(&gModuleListLock);
        for (link = gModuleList.Flink; link != &gModuleList && n < capacity; link = link->Flink) {
            PLWF_MODULE m = CONTAINING_RECORD(link, LWF_MODULE, Link);
            out[n].IfIndex = m->MiniportIfIndex;
            out[n].Reserved = 0;
            out[n].RxFrames = m->RxFrames;
            out[n].TxFrames = m->TxFrames;
            out[n].RxBytes = m->RxBytes;
            out[n].TxBytes = m->TxBytes;
            n++;
        }
        NdisReleaseSpinLock(&gModuleListLock);
        info = (ULONG_PTR)n * sizeof(LWF_REPORT);
    } else {
        status = STATUS_INVALID_DEVICE_REQUEST;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static NDIS_STATUS
LwfRegisterDevice(VOID)
{
    NDIS_DEVICE_OBJECT_ATTRIBUTES attributes;
    PDRIVER_DISPATCH dispatch[IRP_MJ_MAXIMUM_FUNCTION + 1];
    NDIS_STRING deviceName = RTL_CONSTANT_STRING(LWF_DEVICE_NAME);
    NDIS_STRING linkName = RTL_CONSTANT_STRING(LWF_LINK_NAME);

    NdisZeroMemory(dispatch, sizeof(dispatch));
    dispatch[IRP_MJ_CREATE] = LwfDispatchCreateClose;
    dispatch[IRP_MJ_CLOSE] = LwfDispatchCreateClose;
    dispatch[IRP_MJ_CLEANUP] = LwfDispatchCreateClose;
    dispatch[IRP_MJ_DEVICE_CONTROL] = LwfDispatchIoctl;

    NdisZeroMemory(&attributes, sizeof(attributes));
    attributes.Header.Type = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attributes.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attributes.Header.Size = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attributes.DeviceName = &deviceName;
    attributes.SymbolicName = &linkName;
    attributes.MajorFunctions = dispatch;
    attributes.ExtensionSize = 0;

    return NdisRegisterDeviceEx(gFilterDriverHandle, &attributes,
                                &gControlDeviceObject, &gControlDeviceHandle);
}

static VOID
LwfDeregisterDevice(VOID)
{
    if (gControlDeviceHandle != NULL) {
        NdisDeregisterDeviceEx(gControlDeviceHandle);
        gControlDeviceHandle = NULL;
        gControlDeviceObject = NULL;
    }
}

/* ------------------------------------------------------------------ */
/* driver entry / unload                                              */
/* ------------------------------------------------------------------ */

VOID
LwfUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    LwfDeregisterDevice();
    NdisFDeregisterFilterDriver(gFilterDriverHandle);
    gFilterDriverHandle = NULL;
    NdisFreeSpinLock(&gModuleListLock);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS fc;
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(LWF_FRIENDLY_NAME);
    NDIS_STRING uniqueName = RTL_CONSTANT_STRING(LWF_UNIQUE_NAME);
    NDIS_STRING serviceName = RTL_CONSTANT_STRING(LWF_SERVICE_NAME);
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisAllocateSpinLock(&gModuleListLock);
    InitializeListHead(&gModuleList);

    NdisZeroMemory(&fc, sizeof(fc));
    fc.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fc.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fc.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fc.MajorNdisVersion = LWF_MAJOR_NDIS_VERSION;
    fc.MinorNdisVersion = LWF_MINOR_NDIS_VERSION;
    fc.MajorDriverVersion = LWF_MAJOR_DRIVER_VERSION;
    fc.MinorDriverVersion = LWF_MINOR_DRIVER_VERSION;
    fc.Flags = 0;
    fc.FriendlyName = friendlyName;
    fc.UniqueName = uniqueName;
    fc.ServiceName = serviceName;

    fc.SetOptionsHandler = LwfSetOptions;
    fc.AttachHandler = LwfAttach;
    fc.DetachHandler = LwfDetach;
    fc.RestartHandler = LwfRestart;
    fc.PauseHandler = LwfPause;
    fc.SendNetBufferListsHandler = LwfSendNetBufferLists;
    fc.SendNetBufferListsCompleteHandler = LwfSendNetBufferListsComplete;
    fc.ReceiveNetBufferListsHandler = LwfReceiveNetBufferLists;
    fc.ReturnNetBufferListsHandler = LwfReturnNetBufferLists;

    DriverObject->DriverUnload = LwfUnload;

    status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &fc, &gFilterDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DEBUGP("lwfcount: NdisFRegisterFilterDriver failed 0x%08X\n", status);
        NdisFreeSpinLock(&gModuleListLock);
        return status;
    }

    status = LwfRegisterDevice();
    if (status != NDIS_STATUS_SUCCESS) {
        DEBUGP("lwfcount: control device registration failed 0x%08X\n", status);
        NdisFreeSpinLock(&gModuleListLock);
        return status;
    }

    return STATUS_SUCCESS;
}
