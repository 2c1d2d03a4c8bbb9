/*
 * injectpool.c (conforming) - the setup of a WFP driver that clones and
 * injects packets: an NDIS generic object and a NET_BUFFER_LIST pool for the
 * clones, then an injection handle. When the injection handle cannot be
 * made, the pool and the generic object are freed, newest first; the unload
 * routine frees all three.
 * Expected: nothing.
 */

#include <ntddk.h>
#include <ndis.h>
#include <fwpsk.h>

#define IP_TAG 'lPjI'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD IpUnload;

static PNDIS_GENERIC_OBJECT IpNdisObject;
static NDIS_HANDLE IpPool;
static HANDLE IpInjection;

VOID
IpUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    FwpsInjectionHandleDestroy0(IpInjection);
    NdisFreeNetBufferListPool(IpPool);
    NdisFreeGenericObject(IpNdisObject);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NET_BUFFER_LIST_POOL_PARAMETERS params;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    IpNdisObject = NdisAllocateGenericObject(DriverObject, IP_TAG, 0);
    if (IpNdisObject == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlZeroMemory(&params, sizeof(params));
    params.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    params.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    params.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    params.fAllocateNetBuffer = TRUE;
    params.PoolTag = IP_TAG;
    IpPool = NdisAllocateNetBufferListPool(IpNdisObject, &params);
    if (IpPool == NULL) {
        NdisFreeGenericObject(IpNdisObject);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = FwpsInjectionHandleCreate0(AF_UNSPEC, FWPS_INJECTION_TYPE_NETWORK, &IpInjection);
    if (!NT_SUCCESS(status)) {
        NdisFreeNetBufferListPool(IpPool);
        NdisFreeGenericObject(IpNdisObject);
        return status;
    }

    DriverObject->DriverUnload = IpUnload;
    return STATUS_SUCCESS;
}
