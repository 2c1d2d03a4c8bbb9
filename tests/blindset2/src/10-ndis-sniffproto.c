/*
 * sniffproto.sys - NDIS 6 protocol driver that binds to Ethernet adapters and
 * exposes \\.\SniffProto to a user-mode capture tool.
 */
#include <ndis.h>
#include <wdmsec.h>

#define SNIFF_TAG 'fnS_'
#define SNIFF_NT_NAME  L"\\Device\\SniffProto"
#define SNIFF_DOS_NAME L"\\Global??\\SniffProto"

typedef struct _SNIFF_GLOBALS {
    NDIS_HANDLE    ProtocolHandle;
    PDEVICE_OBJECT ControlDevice;
    BOOLEAN        LinkCreated;
    NDIS_SPIN_LOCK BindLock;
    LIST_ENTRY     Bindings;
} SNIFF_GLOBALS;

static SNIFF_GLOBALS g_Sniff;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SniffUnload;
DRIVER_DISPATCH SniffDispatch;
PROTOCOL_SET_OPTIONS SniffSetOptions;
PROTOCOL_BIND_ADAPTER_EX SniffBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX SniffUnbindAdapter;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX SniffOpenComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX SniffCloseComplete;
PROTOCOL_NET_PNP_EVENT SniffPnpEvent;
PROTOCOL_UNINSTALL SniffUninstall;
PROTOCOL_OID_REQUEST_COMPLETE SniffOidComplete;
PROTOCOL_STATUS_EX SniffStatus;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS SniffReceive;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE SniffSendComplete;
// (the binding and receive handlers live in bind.c / recv.c of the project)

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS pc;
    UNICODE_STRING ntName = RTL_CONSTANT_STRING(SNIFF_NT_NAME);
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(SNIFF_DOS_NAME);
    NDIS_STRING protoName = NDIS_STRING_CONST("SNIFFPROTO");
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&g_Sniff, sizeof(g_Sniff));
    NdisAllocateSpinLock(&g_Sniff.BindLock);
    InitializeListHead(&g_Sniff.Bindings);

    NdisZeroMemory(&pc, sizeof(pc));
    pc.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    pc.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    pc.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    pc.MajorNdisVersion = 6;
    pc.MinorNdisVersion = 20;
    pc.Name = protoName;
    pc.SetOptionsHandler = SniffSetOptions;
    pc.BindAdapterHandlerEx = SniffBindAdapter;
    pc.UnbindAdapterHandlerEx = SniffUnbindAdapter;
    pc.OpenAdapterCompleteHandlerEx = SniffOpenComplete;
    pc.CloseAdapterCompleteHandlerEx = SniffCloseComplete;
    pc.NetPnPEventHandler = SniffPnpEvent;
    pc.UninstallHandler = SniffUninstall;
    pc.OidRequestCompleteHandler = SniffOidComplete;
    pc.StatusHandlerEx = SniffStatus;
    pc.ReceiveNetBufferListsHandler = SniffReceive;
    pc.SendNetBufferListsCompleteHandler = SniffSendComplete;

    status = NdisRegisterProtocolDriver(NULL, &pc, &g_Sniff.ProtocolHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DbgPrint("sniffproto: NdisRegisterProtocolDriver 0x%x\n", status);
        goto free_lock;
    }

    status = IoCreateDeviceSecure(DriverObject, 0, &ntName, FILE_DEVICE_NETWORK,
                                  FILE_DEVICE_SECURE_OPEN, FALSE,
                                  &SDDL_DEVOBJ_SYS_ALL_ADM_ALL, NULL,
                                  &g_Sniff.ControlDevice);
    if (!NT_SUCCESS(status)) {
        goto deregister;
    }

    status = IoCreateSymbolicLink(&dosName, &ntName);
    if (!NT_SUCCESS(status)) {
        goto delete_device;
    }
    g_Sniff.LinkCreated = TRUE;

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = SniffDispatch;
    }
    DriverObject->DriverUnload = SniffUnload;
    g_Sniff.ControlDevice->Flags |= DO_BUFFERED_IO;
    g_Sniff.ControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

delete_device:
    IoDeleteDevice(g_Sniff.ControlDevice);
    g_Sniff.ControlDevice = NULL;
deregister:
    NdisDeregisterProtocolDriver(g_Sniff.ProtocolHandle);
    g_Sniff.ProtocolHandle = NULL;
free_lock:
    NdisFreeSpinLock(&g_Sniff.BindLock);
    return status;
}

VOID
SniffUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(SNIFF_DOS_NAME);

    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Sniff.LinkCreated) {
        IoDeleteSymbolicLink(&dosName);
        g_Sniff.LinkCreated = FALSE;
    }
    if (g_Sniff.ControlDevice != NULL) {
        IoDeleteDevice(g_Sniff.ControlDevice);
        g_Sniff.ControlDevice = NULL;
    }
    if (g_Sniff.ProtocolHandle != NULL) {
        // unbinds from every adapter before it returns
        NdisDeregisterProtocolDriver(g_Sniff.ProtocolHandle);
        g_Sniff.ProtocolHandle = NULL;
    }
    NdisFreeSpinLock(&g_Sniff.BindLock);
}

NTSTATUS
SniffDispatch(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    UNREFERENCED_PARAMETER(DeviceObject);
    if (sp->MajorFunction == IRP_MJ_CREATE || sp->MajorFunction == IRP_MJ_CLOSE ||
        sp->MajorFunction == IRP_MJ_CLEANUP) {
        status = STATUS_SUCCESS;
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
