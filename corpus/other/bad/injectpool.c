/*
 * injectpool.c (violating) - the twin of ../injectpool.c that returns when
 * the injection handle cannot be made without freeing the NET_BUFFER_LIST
 * pool or the generic object: no unload routine runs after a failed
 * DriverEntry, so both leak.
 * Expected: DE006 twice, at that return.
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
        DbgPrint("injectpool: no injection handle 0x%08X\n", status);
        return status;                                  // expect: DE006, DE006
    }

    DriverObject->DriverUnload = IpUnload;
    return STATUS_SUCCESS;
}
