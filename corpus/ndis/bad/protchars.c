/*
 * protchars.c - NDIS 6 protocol driver giving the packet-capture service raw
 * access to Ethernet adapters through \\.\EthTap, in a version whose
 * characteristics are filled without being cleared first: the members it
 * does not name (the NDIS 6.x handlers of later revisions) are stack garbage
 * that NDIS may call.
 *
 * BUG (NDIS004).
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

static ETHTAP_GLOBALS PcGlobals;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PcTapUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLEANUP)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PcTapOpenClose;

_Dispatch_type_(IRP_MJ_READ)
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH PcTapNotYet;

static NDIS_STATUS PcTapBindAdapter(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext,
                                     PNDIS_BIND_PARAMETERS BindParameters);
static NDIS_STATUS PcTapUnbindAdapter(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext);
static VOID PcTapOpenAdapterComplete(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status);
static VOID PcTapCloseAdapterComplete(NDIS_HANDLE ProtocolBindingContext);
static NDIS_STATUS PcTapPnpEvent(NDIS_HANDLE ProtocolBindingContext,
                                  PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification);
static VOID PcTapOidRequestComplete(NDIS_HANDLE ProtocolBindingContext,
                                     PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status);
static VOID PcTapStatus(NDIS_HANDLE ProtocolBindingContext,
                         PNDIS_STATUS_INDICATION StatusIndication);
static VOID PcTapReceive(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
                          NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists,
                          ULONG ReceiveFlags);
static VOID PcTapSendComplete(NDIS_HANDLE ProtocolBindingContext,
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

    PcGlobals.DriverObject = DriverObject;
    NdisAllocateSpinLock(&PcGlobals.GlobalLock);
    InitializeListHead(&PcGlobals.OpenList);

    do {
        status = IoCreateDevice(DriverObject, 0, &deviceName, FILE_DEVICE_NETWORK,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &PcGlobals.ControlDevice);
        if (!NT_SUCCESS(status)) {
            break;
        }
        PcGlobals.ControlDevice->Flags |= DO_DIRECT_IO;

        status = IoCreateSymbolicLink(&linkName, &deviceName);
        if (!NT_SUCCESS(status)) {
            break;
        }
        linkCreated = TRUE;

        pChars.Header.Type     = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
        pChars.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
        pChars.Header.Size     = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
        pChars.MajorNdisVersion = 6;
        pChars.MinorNdisVersion = 0;
        pChars.MajorDriverVersion = 3;
        pChars.MinorDriverVersion = 1;
        pChars.Name = protocolName;

        pChars.BindAdapterHandlerEx         = PcTapBindAdapter;
        pChars.UnbindAdapterHandlerEx       = PcTapUnbindAdapter;
        pChars.OpenAdapterCompleteHandlerEx = PcTapOpenAdapterComplete;
        pChars.CloseAdapterCompleteHandlerEx = PcTapCloseAdapterComplete;
        pChars.NetPnPEventHandler           = PcTapPnpEvent;
        pChars.OidRequestCompleteHandler    = PcTapOidRequestComplete;
        pChars.StatusHandlerEx              = PcTapStatus;
        pChars.ReceiveNetBufferListsHandler = PcTapReceive;
        pChars.SendNetBufferListsCompleteHandler = PcTapSendComplete;

        status = NdisRegisterProtocolDriver(NULL, &pChars, &PcGlobals.ProtocolHandle); // expect: NDIS004
        if (status != NDIS_STATUS_SUCCESS) {
            status = NDIS_STATUS_FAILURE;
            break;
        }

        DriverObject->MajorFunction[IRP_MJ_CREATE]         = PcTapOpenClose;
        DriverObject->MajorFunction[IRP_MJ_CLEANUP]        = PcTapOpenClose;
        DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PcTapOpenClose;
        DriverObject->MajorFunction[IRP_MJ_READ]           = PcTapNotYet;
        DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PcTapNotYet;
        DriverObject->DriverUnload = PcTapUnload;

        PcGlobals.ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
        status = STATUS_SUCCESS;
    } while (FALSE);

    if (!NT_SUCCESS(status)) {
        if (linkCreated) {
            IoDeleteSymbolicLink(&linkName);
        }
        if (PcGlobals.ControlDevice != NULL) {
            IoDeleteDevice(PcGlobals.ControlDevice);
            PcGlobals.ControlDevice = NULL;
        }
        NdisFreeSpinLock(&PcGlobals.GlobalLock);
    }

    return status;
}

VOID
PcTapUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(ETHTAP_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);

    /* Unbinds every open adapter before it returns. */
    NdisDeregisterProtocolDriver(PcGlobals.ProtocolHandle);

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(PcGlobals.ControlDevice);
    NdisFreeSpinLock(&PcGlobals.GlobalLock);
}

NTSTATUS
PcTapOpenClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
PcTapNotYet(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_NOT_IMPLEMENTED;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_NOT_IMPLEMENTED;
}

/* Binding is driven by the capture service; decline automatic binds. */
static NDIS_STATUS
PcTapBindAdapter(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext, PNDIS_BIND_PARAMETERS BindParameters)
{
    UNREFERENCED_PARAMETER(ProtocolDriverContext);
    UNREFERENCED_PARAMETER(BindContext);
    UNREFERENCED_PARAMETER(BindParameters);
    return NDIS_STATUS_NOT_ACCEPTED;
}

static NDIS_STATUS
PcTapUnbindAdapter(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext)
{
    UNREFERENCED_PARAMETER(UnbindContext);
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    return NDIS_STATUS_SUCCESS;
}

/* Completions for requests this excerpt never issues. */
static VOID
PcTapOpenAdapterComplete(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(Status);
}

static VOID
PcTapCloseAdapterComplete(NDIS_HANDLE ProtocolBindingContext)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
}

static NDIS_STATUS
PcTapPnpEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetPnPEventNotification);
    return NDIS_STATUS_SUCCESS;
}

static VOID
PcTapOidRequestComplete(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

static VOID
PcTapStatus(NDIS_HANDLE ProtocolBindingContext, PNDIS_STATUS_INDICATION StatusIndication)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(StatusIndication);
}

static VOID
PcTapReceive(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
              NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(ReceiveFlags);
    /* Never reached: PcTapBindAdapter declines every automatic bind and
       the service-driven bind path is not part of this excerpt. */
}

static VOID
PcTapSendComplete(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferList, ULONG SendCompleteFlags)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferList);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}
