#include "LwfCount.h"

using namespace lwfc;

NDIS_HANDLE    Driver::FilterDriverHandle = nullptr;
NDIS_HANDLE    Driver::DeviceHandle = nullptr;
PDEVICE_OBJECT Driver::ControlDevice = nullptr;
NDIS_SPIN_LOCK Driver::ListLock;
LIST_ENTRY     Driver::Modules;
ULONG          Driver::ModuleCount = 0;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD   LwfcUnload;
static FILTER_ATTACH   LwfcAttach;
static FILTER_DETACH   LwfcDetach;
static FILTER_RESTART  LwfcRestart;
static FILTER_PAUSE    LwfcPause;
static FILTER_SEND_NET_BUFFER_LISTS          LwfcSend;
static FILTER_SEND_NET_BUFFER_LISTS_COMPLETE LwfcSendComplete;
static FILTER_RECEIVE_NET_BUFFER_LISTS       LwfcReceive;

static NDIS_STATUS LwfcAttach(NDIS_HANDLE ndisFilterHandle, NDIS_HANDLE driverContext,
                              PNDIS_FILTER_ATTACH_PARAMETERS params)
{
    UNREFERENCED_PARAMETER(driverContext);

    auto module = static_cast<Module*>(NdisAllocateMemoryWithTagPriority(
        ndisFilterHandle, sizeof(Module), LWFC_TAG, NormalPoolPriority));
    if (module == nullptr) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(module, sizeof(Module));
    module->FilterHandle = ndisFilterHandle;
    module->IfIndex = params->BaseMiniportIfIndex;
    module->CurrentState = State::Paused;

    NDIS_FILTER_ATTRIBUTES attrs = {};
    attrs.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attrs.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Header.Size = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;

    NDIS_STATUS status = NdisFSetAttributes(ndisFilterHandle, module, &attrs);
    if (status != NDIS_STATUS_SUCCESS) {
        LERROR("NdisFSetAttributes 0x%08X", status);
        NdisFreeMemoryWithTagPriority(ndisFilterHandle, module, LWFC_TAG);
        return status;
    }

    {
        SpinGuard lock(&Driver::ListLock);
        InsertTailList(&Driver::Modules, &module->Link);
        Driver::ModuleCount++;
    }
    LTRACE("attached to ifindex %u", module->IfIndex);
    return NDIS_STATUS_SUCCESS;
}

static VOID LwfcDetach(NDIS_HANDLE filterModuleContext)
{
    auto module = static_cast<Module*>(filterModuleContext);

    {
        SpinGuard lock(&Driver::ListLock);
        RemoveEntryList(&module->Link);
        Driver::ModuleCount--;
    }
    NdisFreeMemoryWithTagPriority(module->FilterHandle, module, LWFC_TAG);
}

static NDIS_STATUS LwfcRestart(NDIS_HANDLE filterModuleContext, PNDIS_FILTER_RESTART_PARAMETERS)
{
    static_cast<Module*>(filterModuleContext)->CurrentState = State::Running;
    return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS LwfcPause(NDIS_HANDLE filterModuleContext, PNDIS_FILTER_PAUSE_PARAMETERS)
{
    // we never originate or hold NBLs, so there is nothing to drain
    static_cast<Module*>(filterModuleContext)->CurrentState = State::Paused;
    return NDIS_STATUS_SUCCESS;
}

static VOID LwfcSend(NDIS_HANDLE filterModuleContext, PNET_BUFFER_LIST nbls,
                     NDIS_PORT_NUMBER port, ULONG sendFlags)
{
    auto module = static_cast<Module*>(filterModuleContext);
    LONG64 n = 0;

    for (auto nbl = nbls; nbl != nullptr; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        n++;
    }
    InterlockedAdd64(&module->TxNbls, n);
    NdisFSendNetBufferLists(module->FilterHandle, nbls, port, sendFlags);
}

static VOID LwfcSendComplete(NDIS_HANDLE filterModuleContext, PNET_BUFFER_LIST nbls,
                             ULONG sendCompleteFlags)
{
    auto module = static_cast<Module*>(filterModuleContext);
    NdisFSendNetBufferListsComplete(module->FilterHandle, nbls, sendCompleteFlags);
}

static VOID LwfcReceive(NDIS_HANDLE filterModuleContext, PNET_BUFFER_LIST nbls,
                        NDIS_PORT_NUMBER port, ULONG count, ULONG receiveFlags)
{
    auto module = static_cast<Module*>(filterModuleContext);
    InterlockedAdd64(&module->RxNbls, static_cast<LONG64>(count));
    NdisFIndicateReceiveNetBufferLists(module->FilterHandle, nbls, port, count, receiveFlags);
}

static VOID LwfcUnload(PDRIVER_OBJECT driverObject)
{
    UNREFERENCED_PARAMETER(driverObject);

    // the control device goes first so no IOCTL walks the list while
    // NDIS is detaching modules from it
    DeregisterControlDevice();

    NdisFDeregisterFilterDriver(Driver::FilterDriverHandle);
    Driver::FilterDriverHandle = nullptr;

    NT_ASSERT(IsListEmpty(&Driver::Modules));
    NdisFreeSpinLock(&Driver::ListLock);
    LTRACE("unloaded");
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NDIS_STRING friendly = RTL_CONSTANT_STRING(LWFC_FRIENDLY_NAME);
    NDIS_STRING unique = RTL_CONSTANT_STRING(LWFC_UNIQUE_NAME);
    NDIS_STRING service = RTL_CONSTANT_STRING(LWFC_SERVICE_NAME);

    // NDIS may call LwfcAttach before NdisFRegisterFilterDriver returns,
    // so the module list has to exist first
    NdisAllocateSpinLock(&Driver::ListLock);
    InitializeListHead(&Driver::Modules);
    Driver::ModuleCount = 0;

    NDIS_FILTER_DRIVER_CHARACTERISTICS fc = {};
    fc.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fc.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fc.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fc.MajorNdisVersion = 6;
    fc.MinorNdisVersion = 30;
    fc.MajorDriverVersion = 1;
    fc.MinorDriverVersion = 0;
    fc.FriendlyName = friendly;
    fc.UniqueName = unique;
    fc.ServiceName = service;
    fc.AttachHandler = LwfcAttach;
    fc.DetachHandler = LwfcDetach;
    fc.RestartHandler = LwfcRestart;
    fc.PauseHandler = LwfcPause;
    fc.SendNetBufferListsHandler = LwfcSend;
    fc.SendNetBufferListsCompleteHandler = LwfcSendComplete;
    fc.ReceiveNetBufferListsHandler = LwfcReceive;

    NDIS_STATUS status = NdisFRegisterFilterDriver(DriverObject,
                                                   static_cast<NDIS_HANDLE>(DriverObject),
                                                   &fc, &Driver::FilterDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        LERROR("NdisFRegisterFilterDriver 0x%08X", status);
        NdisFreeSpinLock(&Driver::ListLock);
        return status;
    }

    status = RegisterControlDevice();
    if (status != NDIS_STATUS_SUCCESS) {
        LERROR("control device 0x%08X", status);
        NdisFDeregisterFilterDriver(Driver::FilterDriverHandle);
        Driver::FilterDriverHandle = nullptr;
        NdisFreeSpinLock(&Driver::ListLock);
        return status;
    }

    DriverObject->DriverUnload = LwfcUnload;
    return STATUS_SUCCESS;
}
