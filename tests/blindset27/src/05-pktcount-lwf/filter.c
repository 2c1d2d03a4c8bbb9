/*
 * filter.c - DriverEntry, unload and the filter module state machine.
 */
#include "pktcount.h"

DRIVER_INITIALIZE     DriverEntry;
DRIVER_UNLOAD         PcDriverUnload;
FILTER_SET_OPTIONS    PcFilterSetOptions;
FILTER_ATTACH         PcFilterAttach;
FILTER_DETACH         PcFilterDetach;
FILTER_RESTART        PcFilterRestart;
FILTER_PAUSE          PcFilterPause;

NDIS_HANDLE     g_FilterDriverHandle = NULL;
NDIS_SPIN_LOCK  g_ModuleListLock;
LIST_ENTRY      g_ModuleList;
NDIS_HANDLE     g_ControlDeviceHandle = NULL;
PDEVICE_OBJECT  g_ControlDevice = NULL;

static NDIS_STATUS
PcRegisterDevice(VOID)
{
    NDIS_STATUS status;
    NDIS_DEVICE_OBJECT_ATTRIBUTES attrs;
    PDRIVER_DISPATCH dispatch[IRP_MJ_MAXIMUM_FUNCTION + 1];
    NDIS_STRING deviceName = RTL_CONSTANT_STRING(PC_DEVICE_NAME);
    NDIS_STRING linkName   = RTL_CONSTANT_STRING(PC_LINK_NAME);

    NdisZeroMemory(dispatch, sizeof(dispatch));
    dispatch[IRP_MJ_CREATE]         = PcDeviceOpenClose;
    dispatch[IRP_MJ_CLEANUP]        = PcDeviceOpenClose;
    dispatch[IRP_MJ_CLOSE]          = PcDeviceOpenClose;
    dispatch[IRP_MJ_DEVICE_CONTROL] = PcDeviceIoControl;

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type     = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attrs.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.Header.Size     = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attrs.DeviceName      = &deviceName;
    attrs.SymbolicName    = &linkName;
    attrs.MajorFunctions  = dispatch;
    attrs.ExtensionSize   = 0;
    attrs.DefaultSDDLString = NULL;
    attrs.DeviceClassGuid = NULL;

    status = NdisRegisterDeviceEx(g_FilterDriverHandle,
                                  &attrs,
                                  &g_ControlDevice,
                                  &g_ControlDeviceHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DbgPrint("PktCount: NdisRegisterDeviceEx failed 0x%08X\n", status);
        g_ControlDevice = NULL;
        g_ControlDeviceHandle = NULL;
    }
    return status;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS fc;
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(PC_FRIENDLY_NAME);
    NDIS_STRING uniqueName   = RTL_CONSTANT_STRING(PC_UNIQUE_NAME);
    NDIS_STRING serviceName  = RTL_CONSTANT_STRING(PC_SERVICE_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&fc, sizeof(fc));
    fc.Header.Type      = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fc.Header.Revision  = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fc.Header.Size      = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fc.MajorNdisVersion = PC_NDIS_MAJOR;
    fc.MinorNdisVersion = PC_NDIS_MINOR;
    fc.MajorDriverVersion = 1;
    fc.MinorDriverVersion = 2;
    fc.Flags = 0;

    fc.FriendlyName = friendlyName;
    fc.UniqueName   = uniqueName;
    fc.ServiceName  = serviceName;

    fc.SetOptionsHandler = PcFilterSetOptions;
    fc.AttachHandler  = PcFilterAttach;
    fc.DetachHandler  = PcFilterDetach;
    fc.RestartHandler = PcFilterRestart;
    fc.PauseHandler   = PcFilterPause;
    fc.SendNetBufferListsHandler         = PcSendNetBufferLists;
    fc.SendNetBufferListsCompleteHandler = PcSendNetBufferListsComplete;
    fc.ReceiveNetBufferListsHandler      = PcReceiveNetBufferLists;
    fc.ReturnNetBufferListsHandler       = PcReturnNetBufferLists;

    DriverObject->DriverUnload = PcDriverUnload;

    status = NdisFRegisterFilterDriver(DriverObject,
                                       (NDIS_HANDLE)DriverObject,
                                       &fc,
                                       &g_FilterDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DbgPrint("PktCount: NdisFRegisterFilterDriver failed 0x%08X\n", status);
        return status;
    }

    NdisAllocateSpinLock(&g_ModuleListLock);
    InitializeListHead(&g_ModuleList);

    status = PcRegisterDevice();
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFDeregisterFilterDriver(g_FilterDriverHandle);
        NdisFreeSpinLock(&g_ModuleListLock);
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
PcDriverUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    NdisFDeregisterFilterDriver(g_FilterDriverHandle);

    NT_ASSERT(IsListEmpty(&g_ModuleList));
    NdisFreeSpinLock(&g_ModuleListLock);

    DbgPrint("PktCount: unloaded\n");
}

NDIS_STATUS
PcFilterSetOptions(
    _In_ NDIS_HANDLE NdisDriverHandle,
    _In_ NDIS_HANDLE DriverContext
    )
{
    UNREFERENCED_PARAMETER(NdisDriverHandle);
    UNREFERENCED_PARAMETER(DriverContext);

    /* No optional services yet; keeps the hook for the offload work. */
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
PcFilterAttach(
    _In_ NDIS_HANDLE NdisFilterHandle,
    _In_ NDIS_HANDLE FilterDriverContext,
    _In_ PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters
    )
{
    PPC_MODULE module;
    NDIS_FILTER_ATTRIBUTES attrs;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(FilterDriverContext);

    if (AttachParameters->MiniportMediaType != NdisMedium802_3 &&
        AttachParameters->MiniportMediaType != NdisMediumNative802_11) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    module = (PPC_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle,
                                                           sizeof(PC_MODULE),
                                                           PC_TAG,
                                                           NormalPoolPriority);
    if (module == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(module, sizeof(*module));
    module->FilterHandle     = NdisFilterHandle;
    module->State            = PcStatePaused;
    module->Counters.IfIndex = AttachParameters->BaseMiniportIfIndex;

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type     = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attrs.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Header.Size     = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Flags = 0;

    status = NdisFSetAttributes(NdisFilterHandle, module, &attrs);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeMemory(module, 0, 0);
        return status;
    }

    NdisAcquireSpinLock(&g_ModuleListLock);
    InsertTailList(&g_ModuleList, &module->Link);
    NdisReleaseSpinLock(&g_ModuleListLock);

    return NDIS_STATUS_SUCCESS;
}

VOID
PcFilterDetach(
    _In_ NDIS_HANDLE FilterModuleContext
    )
{
    PPC_MODULE module = (PPC_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&g_ModuleListLock);
    RemoveEntryList(&module->Link);
    NdisReleaseSpinLock(&g_ModuleListLock);

    module->State = PcStateDetached;
    NdisFreeMemory(module, 0, 0);
}

NDIS_STATUS
PcFilterRestart(
    _In_ NDIS_HANDLE FilterModuleContext,
    _In_ PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    PPC_MODULE module = (PPC_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(RestartParameters);

    module->State = PcStateRunning;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
PcFilterPause(
    _In_ NDIS_HANDLE FilterModuleContext,
    _In_ PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters
    )
{
    PPC_MODULE module = (PPC_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    /* Nothing of our own is ever in flight, so pausing is immediate. */
    module->State = PcStatePaused;
    return NDIS_STATUS_SUCCESS;
}
