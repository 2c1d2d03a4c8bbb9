/*
 * loopnic.sys - NDIS 6.20 virtual miniport that loops sent frames back as receives.
 * Study driver; the datapath is deliberately minimal.
 */
#include <ndis.h>

#define LOOPNIC_TAG           'pooL'
#define LOOPNIC_NDIS_MAJOR    6
#define LOOPNIC_NDIS_MINOR    20
#define LOOPNIC_DRIVER_MAJOR  1
#define LOOPNIC_DRIVER_MINOR  0

typedef struct _LOOPNIC_GLOBALS {
    NDIS_HANDLE     DriverHandle;
    NDIS_SPIN_LOCK  Lock;
    LIST_ENTRY      AdapterList;
    PVOID           ScratchBuffer;
} LOOPNIC_GLOBALS;

LOOPNIC_GLOBALS g_Loop;

DRIVER_INITIALIZE DriverEntry;
MINIPORT_INITIALIZE LoopInitializeEx;
MINIPORT_HALT LoopHaltEx;
MINIPORT_UNLOAD LoopDriverUnload;
MINIPORT_PAUSE LoopPause;
MINIPORT_RESTART LoopRestart;
MINIPORT_OID_REQUEST LoopOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS LoopSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS LoopReturnNetBufferLists;
MINIPORT_CANCEL_SEND LoopCancelSend;
MINIPORT_RESET LoopResetEx;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY LoopDevicePnPEventNotify;
MINIPORT_SHUTDOWN LoopShutdownEx;
MINIPORT_CANCEL_OID_REQUEST LoopCancelOidRequest;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS status;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS mc;

    NdisZeroMemory(&g_Loop, sizeof(g_Loop));
    NdisAllocateSpinLock(&g_Loop.Lock);
    InitializeListHead(&g_Loop.AdapterList);

    g_Loop.ScratchBuffer = ExAllocatePool2(POOL_FLAG_NON_PAGED, PAGE_SIZE, LOOPNIC_TAG);
    if (g_Loop.ScratchBuffer == NULL) {
        NdisFreeSpinLock(&g_Loop.Lock);
        return NDIS_STATUS_RESOURCES;
    }

    NdisZeroMemory(&mc, sizeof(mc));
    mc.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    mc.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    mc.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    mc.MajorNdisVersion = LOOPNIC_NDIS_MAJOR;
    mc.MinorNdisVersion = LOOPNIC_NDIS_MINOR;
    mc.MajorDriverVersion = LOOPNIC_DRIVER_MAJOR;
    mc.MinorDriverVersion = LOOPNIC_DRIVER_MINOR;

    mc.InitializeHandlerEx = LoopInitializeEx;
    mc.HaltHandlerEx = LoopHaltEx;
    mc.UnloadHandler = LoopDriverUnload;
    mc.PauseHandler = LoopPause;
    mc.RestartHandler = LoopRestart;
    mc.OidRequestHandler = LoopOidRequest;
    mc.SendNetBufferListsHandler = LoopSendNetBufferLists;
    mc.ReturnNetBufferListsHandler = LoopReturnNetBufferLists;
    mc.CancelSendHandler = LoopCancelSend;
    mc.ResetHandlerEx = LoopResetEx;
    mc.DevicePnPEventNotifyHandler = LoopDevicePnPEventNotify;
    mc.ShutdownHandlerEx = LoopShutdownEx;
    mc.CancelOidRequestHandler = LoopCancelOidRequest;

    status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, &g_Loop,
                                         &mc, &g_Loop.DriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DbgPrint("loopnic: NdisMRegisterMiniportDriver failed 0x%08X\n", status);
        ExFreePoolWithTag(g_Loop.ScratchBuffer, LOOPNIC_TAG);
        g_Loop.ScratchBuffer = NULL;
        NdisFreeSpinLock(&g_Loop.Lock);
        return status;
    }
    return NDIS_STATUS_SUCCESS;
}

VOID
LoopDriverUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    DbgPrint("loopnic: unload\n");
    if (g_Loop.ScratchBuffer != NULL) {
        ExFreePoolWithTag(g_Loop.ScratchBuffer, LOOPNIC_TAG);
        g_Loop.ScratchBuffer = NULL;
    }
    NdisFreeSpinLock(&g_Loop.Lock);
}

NDIS_STATUS
LoopInitializeEx(
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _In_ NDIS_HANDLE MiniportDriverContext,
    _In_ PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterHandle);
    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);
    // attribute registration lives in the adapter file of the full project
    return NDIS_STATUS_FAILURE;
}

VOID LoopHaltEx(NDIS_HANDLE Ctx, NDIS_HALT_ACTION Action)
{ UNREFERENCED_PARAMETER(Ctx); UNREFERENCED_PARAMETER(Action); }

NDIS_STATUS LoopPause(NDIS_HANDLE Ctx, PNDIS_MINIPORT_PAUSE_PARAMETERS P)
{ UNREFERENCED_PARAMETER(Ctx); UNREFERENCED_PARAMETER(P); return NDIS_STATUS_SUCCESS; }

NDIS_STATUS LoopRestart(NDIS_HANDLE Ctx, PNDIS_MINIPORT_RESTART_PARAMETERS P)
{ UNREFERENCED_PARAMETER(Ctx); UNREFERENCED_PARAMETER(P); return NDIS_STATUS_SUCCESS; }

NDIS_STATUS LoopOidRequest(NDIS_HANDLE Ctx, PNDIS_OID_REQUEST R)
{ UNREFERENCED_PARAMETER(Ctx); UNREFERENCED_PARAMETER(R); return NDIS_STATUS_NOT_SUPPORTED; }

VOID LoopSendNetBufferLists(NDIS_HANDLE Ctx, PNET_BUFFER_LIST Nbl, NDIS_PORT_NUMBER Port, ULONG Flags)
{
    PNET_BUFFER_LIST cur;
    UNREFERENCED_PARAMETER(Port);
    for (cur = Nbl; cur != NULL; cur = NET_BUFFER_LIST_NEXT_NBL(cur)) {
        NET_BUFFER_LIST_STATUS(cur) = NDIS_STATUS_SUCCESS;
    }
    NdisMSendNetBufferListsComplete(Ctx, Nbl,
        NDIS_TEST_SEND_AT_DISPATCH_LEVEL(Flags) ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

VOID LoopReturnNetBufferLists(NDIS_HANDLE Ctx, PNET_BUFFER_LIST Nbl, ULONG Flags)
{ UNREFERENCED_PARAMETER(Ctx); UNREFERENCED_PARAMETER(Nbl); UNREFERENCED_PARAMETER(Flags); }

VOID LoopCancelSend(NDIS_HANDLE Ctx, PVOID CancelId)
{ UNREFERENCED_PARAMETER(Ctx); UNREFERENCED_PARAMETER(CancelId); }

NDIS_STATUS LoopResetEx(NDIS_HANDLE Ctx, PBOOLEAN AddressingReset)
{ UNREFERENCED_PARAMETER(Ctx); *AddressingReset = FALSE; return NDIS_STATUS_SUCCESS; }

VOID LoopDevicePnPEventNotify(NDIS_HANDLE Ctx, PNET_DEVICE_PNP_EVENT E)
{ UNREFERENCED_PARAMETER(Ctx); UNREFERENCED_PARAMETER(E); }

VOID LoopShutdownEx(NDIS_HANDLE Ctx, NDIS_SHUTDOWN_ACTION A)
{ UNREFERENCED_PARAMETER(Ctx); UNREFERENCED_PARAMETER(A); }

VOID LoopCancelOidRequest(NDIS_HANDLE Ctx, PVOID RequestId)
{ UNREFERENCED_PARAMETER(Ctx); UNREFERENCED_PARAMETER(RequestId); }
