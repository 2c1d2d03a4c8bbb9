/* tapvif - virtual ethernet adapter, Windows glue.  Every init step has a
 * matching fini; platform_fini() walks the table backwards at unload. */
#include "tapvif.h"

TAP_GLOBALS g_tap;

DRIVER_INITIALIZE DriverEntry;

/* ---- init table --------------------------------------------------------- */
static int tap_lookaside_init(void)
{
    NdisInitializeNPagedLookasideList(&g_tap.FrameLookaside,
                                      NULL, NULL, 0,
                                      TAP_MAX_FRAME, OS_POOL_TAG, 0);
    return OS_OK;
}

static void tap_lookaside_fini(void)
{
    NdisDeleteNPagedLookasideList(&g_tap.FrameLookaside);
}

static int tap_adapters_init(void)
{
    os_mutex_init(&g_tap.AdapterLock);
    InitializeListHead(&g_tap.AdapterList);
    g_tap.AdapterCount = 0;
    return OS_OK;
}

static void tap_adapters_fini(void)
{
    os_mutex_destroy(&g_tap.AdapterLock);
}

static int tap_nblpool_init(void)
{
    NET_BUFFER_LIST_POOL_PARAMETERS p;

    NdisZeroMemory(&p, sizeof(p));
    p.Header.Type       = NDIS_OBJECT_TYPE_DEFAULT;
    p.Header.Revision   = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    p.Header.Size       = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    p.ProtocolId        = NDIS_PROTOCOL_ID_DEFAULT;
    p.fAllocateNetBuffer = TRUE;
    p.PoolTag           = OS_POOL_TAG;

    g_tap.NblPool = NdisAllocateNetBufferListPool(g_tap.DriverHandle, &p);
    if (g_tap.NblPool == NULL)
        return -OS_ENOMEM;
    return OS_OK;
}

static void tap_nblpool_fini(void)
{
    if (g_tap.NblPool != NULL) {
        NdisFreeNetBufferListPool(g_tap.NblPool);
        g_tap.NblPool = NULL;
    }
}

typedef struct _TAP_INIT_STEP {
    const char *name;
    int  (*init)(void);
    void (*fini)(void);
} TAP_INIT_STEP;

static const TAP_INIT_STEP tap_init_table[] = {
    { "lookaside", tap_lookaside_init, tap_lookaside_fini },
    { "adapters",  tap_adapters_init,  tap_adapters_fini  },
    { "nblpool",   tap_nblpool_init,   tap_nblpool_fini   },
};

#define TAP_INIT_COUNT  ((ULONG)(sizeof(tap_init_table) / sizeof(tap_init_table[0])))

NDIS_STATUS platform_init(void)
{
    ULONG i;
    int rc;

    for (i = 0; i < TAP_INIT_COUNT; i++) {
        rc = tap_init_table[i].init();
        if (rc != OS_OK) {
            OS_LOG(OS_LVL_ERR, "init step %s failed (%d)", tap_init_table[i].name, rc);
            /* unwind everything that already came up */
            while (i-- > 0)
                tap_init_table[i].fini();
            return os_err_to_ndis(rc);
        }
    }
    return NDIS_STATUS_SUCCESS;
}

void platform_fini(void)
{
    ULONG i;

    /* reverse order of platform_init() */
    for (i = TAP_INIT_COUNT - 1; i > 0; i--) {
        tap_init_table[i].fini();
    }
}

/* ---- entry / unload ------------------------------------------------------ */
_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS status;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS mc;

    OS_LOG(OS_LVL_INFO, "DriverEntry %d.%d (%s)", TAP_DRIVER_MAJOR, TAP_DRIVER_MINOR, __DATE__);

    NdisZeroMemory(&g_tap, sizeof(g_tap));
    NdisZeroMemory(&mc, sizeof(mc));

    mc.Header.Type      = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    mc.Header.Size      = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    mc.Header.Revision  = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;

    mc.MajorNdisVersion   = TAP_NDIS_MAJOR;
    mc.MinorNdisVersion   = TAP_NDIS_MINOR;
    mc.MajorDriverVersion = TAP_DRIVER_MAJOR;
    mc.MinorDriverVersion = TAP_DRIVER_MINOR;

    mc.InitializeHandlerEx          = TapInitializeEx;
    mc.HaltHandlerEx                = TapHaltEx;
    mc.UnloadHandler                = TapDriverUnload;
    mc.PauseHandler                 = TapPause;
    mc.RestartHandler               = TapRestart;
    mc.OidRequestHandler            = TapOidRequest;
    mc.SendNetBufferListsHandler    = TapSendNetBufferLists;
    mc.ReturnNetBufferListsHandler  = TapReturnNetBufferLists;
    mc.CancelSendHandler            = TapCancelSend;
    mc.DevicePnPEventNotifyHandler  = TapDevicePnPEvent;
    mc.ShutdownHandlerEx            = TapShutdownEx;
    mc.CancelOidRequestHandler      = TapCancelOidRequest;

    status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath,
                                         (NDIS_HANDLE)&g_tap, &mc,
                                         &g_tap.DriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        OS_LOG(OS_LVL_ERR, "NdisMRegisterMiniportDriver failed 0x%08x", status);
        return status;
    }

    /* the NBL pool wants the driver handle, so the platform comes up second */
    status = platform_init();
    if (status != NDIS_STATUS_SUCCESS) {
        OS_LOG(OS_LVL_ERR, "platform_init failed 0x%08x", status);
        g_tap.DriverHandle = NULL;
        return status;
    }

    OS_LOG(OS_LVL_INFO, "loaded, driver handle %p", g_tap.DriverHandle);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID TapDriverUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    OS_LOG(OS_LVL_INFO, "unload, %lu adapters left", g_tap.AdapterCount);

    platform_fini();

    if (g_tap.DriverHandle != NULL) {
        NdisMDeregisterMiniportDriver(g_tap.DriverHandle);
        g_tap.DriverHandle = NULL;
    }
}
