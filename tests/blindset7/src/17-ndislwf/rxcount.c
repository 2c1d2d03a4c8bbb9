/*
 * rxcount.c -- NDIS 6.30 lightweight filter that counts received NBLs per
 * adapter and prints the totals when the filter module detaches.
 *
 * Monitoring filter, Ethernet only. Installed with rxcount.inf
 * (FilterType = 1 (monitoring), FilterRunType = 2 (optional)).
 *
 * Everything the driver owns globally lives in one RXC_DRIVER block that
 * is also handed to NDIS as the FilterDriverContext.
 */
#ifndef NDIS630
#define NDIS630 1
#endif
#include <ndis.h>

#define RXC_TAG 'CxRn'

#define RXC_FRIENDLY_NAME   L"RxCount NDIS Filter"
#define RXC_UNIQUE_NAME     L"{A5E3D8C2-41B7-4F0E-9C6A-2D1B7E4F9A30}"
#define RXC_SERVICE_NAME    L"rxcount"

typedef enum _RXC_STATE {
    RxcDetached = 0,
    RxcPaused,
    RxcRestarting,
    RxcRunning,
    RxcPausing
} RXC_STATE;

typedef struct _RXC_DRIVER {
    NDIS_SPIN_LOCK Lock;
    LIST_ENTRY     Modules;
    ULONG          ModuleCount;
} RXC_DRIVER, *PRXC_DRIVER;

typedef struct _RXC_MODULE {
    LIST_ENTRY      Link;
    NDIS_HANDLE     FilterHandle;
    PRXC_DRIVER     Driver;
    NET_IFINDEX     IfIndex;
    volatile LONG   State;
    volatile LONG64 RxNbls;
    volatile LONG64 RxDropped;
} RXC_MODULE, *PRXC_MODULE;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RxcUnload;
FILTER_ATTACH RxcAttach;
FILTER_DETACH RxcDetach;
FILTER_RESTART RxcRestart;
FILTER_PAUSE RxcPause;
FILTER_RECEIVE_NET_BUFFER_LISTS RxcReceiveNbls;
FILTER_RETURN_NET_BUFFER_LISTS RxcReturnNbls;

static PRXC_DRIVER g_Driver;
static NDIS_HANDLE g_FilterDriverHandle;

/* ------------------------------------------------------------------ */

NDIS_STATUS
RxcAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
          PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters)
{
    PRXC_DRIVER drv = (PRXC_DRIVER)FilterDriverContext;
    NDIS_FILTER_ATTRIBUTES attributes;
    PRXC_MODULE module;
    NDIS_STATUS status;

    if (AttachParameters->MiniportMediaType != NdisMedium802_3) {
        /* only Ethernet adapters; NDIS simply skips us for the others */
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    module = (PRXC_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle, sizeof(RXC_MODULE),
                                                            RXC_TAG, NormalPoolPriority);
    if (module == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(module, sizeof(RXC_MODULE));
    module->FilterHandle = NdisFilterHandle;
    module->Driver = drv;
    module->IfIndex = AttachParameters->BaseMiniportIfIndex;
    module->State = RxcPaused;

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

    NdisAcquireSpinLock(&drv->Lock);
    InsertTailList(&drv->Modules, &module->Link);
    drv->ModuleCount++;
    NdisReleaseSpinLock(&drv->Lock);

    return NDIS_STATUS_SUCCESS;
}

VOID
RxcDetach(NDIS_HANDLE FilterModuleContext)
{
    PRXC_MODULE module = (PRXC_MODULE)FilterModuleContext;
    PRXC_DRIVER drv = module->Driver;

    NdisAcquireSpinLock(&drv->Lock);
    RemoveEntryList(&module->Link);
    drv->ModuleCount--;
    NdisReleaseSpinLock(&drv->Lock);

    DbgPrint("rxcount: if %u received %I64d NBLs (%I64d while paused)\n",
             module->IfIndex, module->RxNbls, module->RxDropped);

    module->State = RxcDetached;
    NdisFreeMemory(module, 0, 0);
}

NDIS_STATUS
RxcRestart(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_RESTART_PARAMETERS RestartParameters)
{
    PRXC_MODULE module = (PRXC_MODULE)FilterModuleContext;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(RestartParameters);

    switch (module->State) {
    case RxcPaused:
        InterlockedExchange(&module->State, RxcRestarting);
        /* nothing to allocate on restart; go straight to running */
        InterlockedExchange(&module->State, RxcRunning);
        status = NDIS_STATUS_SUCCESS;
        break;
    case RxcRunning:
        status = NDIS_STATUS_SUCCESS;
        break;
    default:
        status = NDIS_STATUS_FAILURE;
        break;
    }
    return status;
}

NDIS_STATUS
RxcPause(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters)
{
    PRXC_MODULE module = (PRXC_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    /* we never hold on to NBLs, so there is nothing outstanding to wait for */
    InterlockedExchange(&module->State, RxcPausing);
    InterlockedExchange(&module->State, RxcPaused);
    return NDIS_STATUS_SUCCESS;
}

VOID
RxcReceiveNbls(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
               NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PRXC_MODULE module = (PRXC_MODULE)FilterModuleContext;

    if (module->State != RxcRunning) {
        InterlockedAdd64(&module->RxDropped, NumberOfNetBufferLists);
        if (!NDIS_TEST_RECEIVE_CANNOT_PEND(ReceiveFlags)) {
            ULONG returnFlags = 0;
            if (NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags)) {
                NDIS_SET_RETURN_FLAG(returnFlags, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
            }
            NdisFReturnNetBufferLists(module->FilterHandle, NetBufferLists, returnFlags);
        }
        return;
    }

    InterlockedAdd64(&module->RxNbls, NumberOfNetBufferLists);
    NdisFIndicateReceiveNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber,
                                       NumberOfNetBufferLists, ReceiveFlags);
}

VOID
RxcReturnNbls(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
    PRXC_MODULE module = (PRXC_MODULE)FilterModuleContext;

    /* we never originate receive indications: everything goes back down */
    NdisFReturnNetBufferLists(module->FilterHandle, NetBufferLists, ReturnFlags);
}

/* ------------------------------------------------------------------ */

VOID
RxcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    /* detaches every module (Pause + Detach) before it returns */
    NdisFDeregisterFilterDriver(g_FilterDriverHandle);
    g_FilterDriverHandle = NULL;

    NdisFreeSpinLock(&g_Driver->Lock);
    ExFreePoolWithTag(g_Driver, RXC_TAG);
    g_Driver = NULL;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS chars;
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(RXC_FRIENDLY_NAME);
    NDIS_STRING uniqueName = RTL_CONSTANT_STRING(RXC_UNIQUE_NAME);
    NDIS_STRING serviceName = RTL_CONSTANT_STRING(RXC_SERVICE_NAME);
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    g_Driver = (PRXC_DRIVER)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(RXC_DRIVER), RXC_TAG);
    if (g_Driver == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    NdisAllocateSpinLock(&g_Driver->Lock);
    InitializeListHead(&g_Driver->Modules);

    NdisZeroMemory(&chars, sizeof(chars));
    chars.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    chars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    chars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    chars.MajorNdisVersion = 6;
    chars.MinorNdisVersion = 30;
    chars.MajorDriverVersion = 1;
    chars.MinorDriverVersion = 2;
    chars.Flags = 0;
    chars.FriendlyName = friendlyName;
    chars.UniqueName = uniqueName;
    chars.ServiceName = serviceName;

    chars.AttachHandler = RxcAttach;
    chars.DetachHandler = RxcDetach;
    chars.RestartHandler = RxcRestart;
    chars.PauseHandler = RxcPause;
    chars.ReceiveNetBufferListsHandler = RxcReceiveNbls;
    chars.ReturnNetBufferListsHandler = RxcReturnNbls;

    DriverObject->DriverUnload = RxcUnload;

    status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)g_Driver, &chars,
                                       &g_FilterDriverHandle);
    switch (status) {
    case NDIS_STATUS_SUCCESS:
        DbgPrint("rxcount: registered\n");
        break;
    case NDIS_STATUS_BAD_VERSION:
        DbgPrint("rxcount: NDIS rejected version %u.%u\n",
                 chars.MajorNdisVersion, chars.MinorNdisVersion);
        break;
    case NDIS_STATUS_BAD_CHARACTERISTICS:
        DbgPrint("rxcount: NDIS rejected the characteristics\n");
        break;
    default:
        DbgPrint("rxcount: NdisFRegisterFilterDriver failed 0x%08X\n", status);
        break;
    }

    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeSpinLock(&g_Driver->Lock);
        ExFreePoolWithTag(g_Driver, RXC_TAG);
        g_Driver = NULL;
        return status;
    }

    return STATUS_SUCCESS;
}
