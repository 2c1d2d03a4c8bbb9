#include "lwfctl.h"

namespace lwfctl {

NDIS_HANDLE     Filter::DriverHandle = nullptr;
volatile LONG   Filter::DropInbound = 0;
volatile LONG64 Filter::TotalDropped = 0;

NDIS_STATUS Filter::Register(PDRIVER_OBJECT driver)
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS fc;
    NdisZeroMemory(&fc, sizeof(fc));

    fc.Header.Type     = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fc.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fc.Header.Size     = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fc.MajorNdisVersion = 6;
    fc.MinorNdisVersion = 30;
    fc.MajorDriverVersion = 1;
    fc.MinorDriverVersion = 0;

    RtlInitUnicodeString(&fc.FriendlyName, LWFCTL_FRIENDLY);
    RtlInitUnicodeString(&fc.UniqueName, LWFCTL_UNIQUE);
    RtlInitUnicodeString(&fc.ServiceName, LWFCTL_SERVICE);

    fc.AttachHandler  = Attach;
    fc.DetachHandler  = Detach;
    fc.RestartHandler = Restart;
    fc.PauseHandler   = Pause;
    fc.ReceiveNetBufferListsHandler = Receive;

    return NdisFRegisterFilterDriver(driver, (NDIS_HANDLE)driver, &fc, &DriverHandle);
}

void Filter::Deregister()
{
    if (DriverHandle) {
        NdisFDeregisterFilterDriver(DriverHandle);
        DriverHandle = nullptr;
    }
}

NDIS_STATUS Filter::Attach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
                           PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters)
{
    UNREFERENCED_PARAMETER(FilterDriverContext);

    if (AttachParameters->MiniportMediaType != NdisMedium802_3) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    auto m = static_cast<Module*>(NdisAllocateMemoryWithTagPriority(
        NdisFilterHandle, sizeof(Module), LWFCTL_TAG, NormalPoolPriority));
    if (!m) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_FILTER, "attach: no memory");
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(m, sizeof(*m));
    m->FilterHandle = NdisFilterHandle;

    NDIS_FILTER_ATTRIBUTES fa;
    NdisZeroMemory(&fa, sizeof(fa));
    fa.Header.Type     = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    fa.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    fa.Header.Size     = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;

    NDIS_STATUS st = NdisFSetAttributes(NdisFilterHandle, m, &fa);
    if (st != NDIS_STATUS_SUCCESS) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_FILTER, "NdisFSetAttributes 0x%08x", st);
        NdisFreeMemory(m, 0, 0);
        return st;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_FILTER, "attached ifindex %u",
                AttachParameters->BaseMiniportIfIndex);
    return NDIS_STATUS_SUCCESS;
}

void Filter::Detach(NDIS_HANDLE FilterModuleContext)
{
    auto m = static_cast<Module*>(FilterModuleContext);
    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_FILTER, "detach, dropped %I64d", m->Dropped);
    NdisFreeMemory(m, 0, 0);
}

NDIS_STATUS Filter::Restart(NDIS_HANDLE FilterModuleContext,
                            PNDIS_FILTER_RESTART_PARAMETERS RestartParameters)
{
    UNREFERENCED_PARAMETER(RestartParameters);
    static_cast<Module*>(FilterModuleContext)->Running = TRUE;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS Filter::Pause(NDIS_HANDLE FilterModuleContext,
                          PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters)
{
    UNREFERENCED_PARAMETER(PauseParameters);
    static_cast<Module*>(FilterModuleContext)->Running = FALSE;
    return NDIS_STATUS_SUCCESS;
}

void Filter::Receive(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                     NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists,
                     ULONG ReceiveFlags)
{
    auto m = static_cast<Module*>(FilterModuleContext);

    if (!DropInbound) {
        NdisFIndicateReceiveNetBufferLists(m->FilterHandle, NetBufferLists, PortNumber,
                                           NumberOfNetBufferLists, ReceiveFlags);
        return;
    }

    InterlockedAdd64(&m->Dropped, NumberOfNetBufferLists);
    InterlockedAdd64(&TotalDropped, NumberOfNetBufferLists);

    if (NDIS_TEST_RECEIVE_CANNOT_PEND(ReceiveFlags)) {
        // NBLs stay owned by the miniport, nothing to return
        return;
    }
    NdisFReturnNetBufferLists(m->FilterHandle, NetBufferLists,
        NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags) ? NDIS_RETURN_FLAGS_DISPATCH_LEVEL : 0);
}

} // namespace lwfctl
