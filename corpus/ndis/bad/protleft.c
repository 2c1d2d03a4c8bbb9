/*
 * protleft.c - NDIS 6 protocol driver giving the packet-capture service raw
 * access to Ethernet adapters through \\.\EthTap. The service opens the
 * device, binds with a custom IOCTL, and reads frames.
 *
 * BUG (DE011): the unload routine deletes the link and the device but never
 * calls NdisDeregisterProtocolDriver: NDIS keeps the protocol and its
 * bindings, and calls the receive handler of the unloaded image.
 *
 * Binding, receive queueing and the IOCTL interface are in the other files
 * of the product; this file registers the protocol and the device.
 */

#include <ntddk.h>
#include <ndis.h>

#define ETHTAP_TAG          'pTtE'
#define ETHTAP_DEVICE_NAME  L"\\Device\\EthTap"
#define ETHTAP_LINK_NAME    L"\\DosDevices\\EthTap"
#define ETHTAP_PROTOCOL     L"ETHTAP"

typedef struct _ETHTAP_GLOBALS {
    PDRIVER_OBJECT DriverObject;
    PDEVICE_OBJECT ControlDevice;
    NDIS_HANDLE    ProtocolHandle;
    NDIS_SPIN_LOCK GlobalLock;
    LIST_ENTRY     OpenList;
} ETHTAP_GLOBALS;

static ETHTAP_GLOBALS PlGlobals;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PlTapUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLEANUP)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PlTapOpenClose;

_Dispatch_type_(IRP_MJ_READ)
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH PlTapNotYet;

static NDIS_STATUS PlTapBindAdapter(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext,
                                     PNDIS_BIND_PARAMETERS BindParameters);
static NDIS_STATUS PlTapUnbindAdapter(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext);
static VOID PlTapOpenAdapterComplete(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status);
static VOID PlTapCloseAdapterComplete(NDIS_HANDLE ProtocolBindingContext);
static NDIS_STATUS PlTapPnpEvent(NDIS_HANDLE ProtocolBindingContext,
                                  PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification);
static VOID PlTapOidRequestComplete(NDIS_HANDLE ProtocolBindingContext,
                                     PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status);
static VOID PlTapStatus(NDIS_HANDLE ProtocolBindingContext,
                         PNDIS_STATUS_INDICATION StatusIndication);
static VOID PlTapReceive(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
                          NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists,
                          ULONG ReceiveFlags);
static VOID PlTapSendComplete(NDIS_HANDLE ProtocolBindingContext,
                               PNET_BUFFER_LIST NetBufferList, ULONG SendCompleteFlags);

#pragma NDIS_INIT_FUNCTION(DriverEntry)

NTSTATUS
DriverEntry(                                                // expect-entry: ndis-protocol
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS pChars;
    NDIS_STRING protocolName = RTL_CONSTANT_STRING(ETHTAP_PROTOCOL);
    UNICODE_STRING deviceName = RTL_CONSTANT_STRING(ETHTAP_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(ETHTAP_LINK_NAME);
    BOOLEAN linkCreated = FALSE;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    PlGlobals.DriverObject = DriverObject;
    NdisAllocateSpinLock(&PlGlobals.GlobalLock);
    InitializeListHead(&PlGlobals.OpenList);

    do {
        status = IoCreateDevice(DriverObject, 0, &deviceName, FILE_DEVICE_NETWORK,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &PlGlobals.ControlDevice);
        if (!NT_SUCCESS(status)) {
            break;
        }
        PlGlobals.ControlDevice->Flags |= DO_DIRECT_IO;

        status = IoCreateSymbolicLink(&linkName, &deviceName);
        if (!NT_SUCCESS(status)) {
            break;
        }
        linkCreated = TRUE;

        NdisZeroMemory(&pChars, sizeof(pChars));
        pChars.Header.Type     = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
        pChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
        pChars.Header.Size     = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
        pChars.MajorNdisVersion = 6;
        pChars.MinorNdisVersion = 0;
        pChars.MajorDriverVersion = 3;
        pChars.MinorDriverVersion = 1;
        pChars.Name = protocolName;

        pChars.BindAdapterHandlerEx         = PlTapBindAdapter;
        pChars.UnbindAdapterHandlerEx       = PlTapUnbindAdapter;
        pChars.OpenAdapterCompleteHandlerEx = PlTapOpenAdapterComplete;
        pChars.CloseAdapterCompleteHandlerEx = PlTapCloseAdapterComplete;
        pChars.NetPnPEventHandler           = PlTapPnpEvent;
        pChars.OidRequestCompleteHandler    = PlTapOidRequestComplete;
        pChars.StatusHandlerEx              = PlTapStatus;
        pChars.ReceiveNetBufferListsHandler = PlTapReceive;
        pChars.SendNetBufferListsCompleteHandler = PlTapSendComplete;

        status = NdisRegisterProtocolDriver(NULL, &pChars, &PlGlobals.ProtocolHandle); // expect: DE011
        if (status != NDIS_STATUS_SUCCESS) {
            status = NDIS_STATUS_FAILURE;
            break;
        }

        DriverObject->MajorFunction[IRP_MJ_CREATE]         = PlTapOpenClose;
        DriverObject->MajorFunction[IRP_MJ_CLEANUP]        = PlTapOpenClose;
        DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PlTapOpenClose;
        DriverObject->MajorFunction[IRP_MJ_READ]           = PlTapNotYet;
        DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PlTapNotYet;
        DriverObject->DriverUnload = PlTapUnload;

        PlGlobals.ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
        status = STATUS_SUCCESS;
    } while (FALSE);

    if (!NT_SUCCESS(status)) {
        if (linkCreated) {
            IoDeleteSymbolicLink(&linkName);
        }
        if (PlGlobals.ControlDevice != NULL) {
            IoDeleteDevice(PlGlobals.ControlDevice);
            PlGlobals.ControlDevice = NULL;
        }
        NdisFreeSpinLock(&PlGlobals.GlobalLock);
    }

    return status;
}

VOID
PlTapUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(ETHTAP_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(PlGlobals.ControlDevice);
    NdisFreeSpinLock(&PlGlobals.GlobalLock);
}

NTSTATUS
PlTapOpenClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
PlTapNotYet(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_NOT_IMPLEMENTED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_NOT_IMPLEMENTED;
}

/* Binding is driven by the capture service; decline automatic binds. */
static NDIS_STATUS
PlTapBindAdapter(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext, PNDIS_BIND_PARAMETERS BindParameters)
{
    UNREFERENCED_PARAMETER(ProtocolDriverContext);
    UNREFERENCED_PARAMETER(BindContext);
    UNREFERENCED_PARAMETER(BindParameters);
    return NDIS_STATUS_NOT_ACCEPTED;
}

static NDIS_STATUS
PlTapUnbindAdapter(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext)
{
    UNREFERENCED_PARAMETER(UnbindContext);
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    return NDIS_STATUS_SUCCESS;
}

/* Completions for requests this excerpt never issues. */
static VOID
PlTapOpenAdapterComplete(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(Status);
}

static VOID
PlTapCloseAdapterComplete(NDIS_HANDLE ProtocolBindingContext)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
}

static NDIS_STATUS
PlTapPnpEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetPnPEventNotification);
    return NDIS_STATUS_SUCCESS;
}

static VOID
PlTapOidRequestComplete(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

static VOID
PlTapStatus(NDIS_HANDLE ProtocolBindingContext, PNDIS_STATUS_INDICATION StatusIndication)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(StatusIndication);
}

static VOID
PlTapReceive(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
              NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(ReceiveFlags);
    /* Never reached: PlTapBindAdapter declines every automatic bind and
       the service-driven bind path is not part of this excerpt. */
}

static VOID
PlTapSendComplete(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferList, ULONG SendCompleteFlags)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferList);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}
