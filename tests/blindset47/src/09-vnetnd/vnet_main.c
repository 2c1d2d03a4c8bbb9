/*
 * vnet_main.c - DriverEntry, unload and the platform bring-up table.
 *
 * Bring-up is split in two: things that do not need the NDIS driver handle
 * come up before NdisMRegisterMiniportDriver, the receive NBL pool (which
 * is allocated against the driver handle) comes up after it.
 */
#include "vnet.h"

VNET_DRIVER Vnet;

DRIVER_INITIALIZE   DriverEntry;
MINIPORT_UNLOAD     VnetUnload;

static int cache_up(void)
{
    NdisInitializeNPagedLookasideList(&Vnet.FrameCache, NULL, NULL, 0,
                                      VNET_FRAME_MAX, VNET_TAG, 0);
    return 0;
}

static void cache_down(void)
{
    NdisDeleteNPagedLookasideList(&Vnet.FrameCache);
}

static int ports_up(void)
{
    NdisAllocateSpinLock(&Vnet.PortLock);
    InitializeListHead(&Vnet.Ports);
    Vnet.NextPortId = 1;
    return 0;
}

static void ports_down(void)
{
    NdisFreeSpinLock(&Vnet.PortLock);
}

static const struct {
    const char *name;
    int  (*up)(void);
    void (*down)(void);
} vnet_steps[] = {
    { "frame cache", cache_up, cache_down },
    { "port list",   ports_up, ports_down },
};

#define VNET_NSTEPS (sizeof(vnet_steps) / sizeof(vnet_steps[0]))

int vnet_platform_init(void)
{
    size_t i;
    int err;

    for (i = 0; i < VNET_NSTEPS; i++) {
        err = vnet_steps[i].up();
        if (err != 0) {
            VERR("%s: %d", vnet_steps[i].name, err);
            while (i > 0) {
                i--;
                vnet_steps[i].down();
            }
            return err;
        }
    }
    return 0;
}

void vnet_platform_fini(void)
{
    size_t i = VNET_NSTEPS;

    while (i > 0) {
        i--;
        vnet_steps[i].down();
    }
}

static NDIS_STATUS vnet_rx_pool_create(void)
{
    NET_BUFFER_LIST_POOL_PARAMETERS pp;

    NdisZeroMemory(&pp, sizeof(pp));
    pp.Header.Type        = NDIS_OBJECT_TYPE_DEFAULT;
    pp.Header.Revision    = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    pp.Header.Size        = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    pp.ProtocolId         = NDIS_PROTOCOL_ID_DEFAULT;
    pp.fAllocateNetBuffer = TRUE;
    pp.PoolTag            = VNET_TAG;

    Vnet.RxNblPool = NdisAllocateNetBufferListPool(Vnet.Handle, &pp);
    return Vnet.RxNblPool != NULL ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES;
}

VOID VnetUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    VLOG("unload");

    /* reverse of DriverEntry */
    NdisFreeNetBufferListPool(Vnet.RxNblPool);
    Vnet.RxNblPool = NULL;

    NdisMDeregisterMiniportDriver(Vnet.Handle);
    Vnet.Handle = NULL;

    vnet_platform_fini();
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS ch;
    NDIS_STATUS status;
    int err;

    VLOG("DriverEntry");
    NdisZeroMemory(&Vnet, sizeof(Vnet));

    err = vnet_platform_init();
    if (err != 0)
        return os_ndis_from_errno(err);

    NdisZeroMemory(&ch, sizeof(ch));
    ch.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    ch.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    ch.Header.Size     = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    ch.MajorNdisVersion = 6;
    ch.MinorNdisVersion = 20;
    ch.MajorDriverVersion = 2;
    ch.MinorDriverVersion = 1;

    ch.InitializeHandlerEx          = VnetInitialize;
    ch.HaltHandlerEx                = VnetHalt;
    ch.UnloadHandler                = VnetUnload;
    ch.PauseHandler                 = VnetPause;
    ch.RestartHandler               = VnetRestart;
    ch.OidRequestHandler            = VnetOidRequest;
    ch.SendNetBufferListsHandler    = VnetSend;
    ch.ReturnNetBufferListsHandler  = VnetReturn;
    ch.CancelSendHandler            = VnetCancelSend;
    ch.DevicePnPEventNotifyHandler  = VnetPnpEvent;
    ch.ShutdownHandlerEx            = VnetShutdown;
    ch.CancelOidRequestHandler      = VnetCancelOid;

    status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &ch, &Vnet.Handle);
    CHECK_NDIS(status, fail_platform, "NdisMRegisterMiniportDriver");

    status = vnet_rx_pool_create();
    CHECK_NDIS(status, fail_deregister, "rx NBL pool");

    return NDIS_STATUS_SUCCESS;

fail_deregister:
    NdisMDeregisterMiniportDriver(Vnet.Handle);
    Vnet.Handle = NULL;
fail_platform:
    vnet_platform_fini();
    return status;
}
