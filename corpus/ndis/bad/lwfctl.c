/*
 * lwfctl.c - NDIS 6 lightweight filter that counts received frames per
 * adapter and lets the appliance's service read the counters through a
 * control device registered with NdisRegisterDeviceEx (a filter may not
 * create one with IoCreateDevice). The filter callbacks are in the product's
 * other files; this file registers the filter and the control device.
 *
 * BUG (DE011): the unload routine deregisters the filter but not the
 * control device: the device and its symbolic link outlive the driver, the
 * dispatch table NDIS copied points into the unloaded image, and the next
 * load cannot register "\\Device\\LwfCtl" again.
 */

#include <ndis.h>

#define LWC_TAG             'cFwL'
#define LWC_FRIENDLY_NAME   L"LwfCtl NDIS Filter"
#define LWC_UNIQUE_NAME     L"{B5C71E02-4D8A-4F36-9E1B-7A20C4D3F5A9}"
#define LWC_SERVICE_NAME    L"LwfCtl"

typedef struct _LWC_MODULE {
    NDIS_HANDLE FilterHandle;
    LONG64      FramesReceived;
    BOOLEAN     Running;
} LWC_MODULE, *PLWC_MODULE;

static NDIS_HANDLE LwcDriverHandle;
static NDIS_HANDLE LwcDriverContext;
static NDIS_HANDLE LwcDeviceHandle;
static PDEVICE_OBJECT LwcDevice;
static PDRIVER_DISPATCH LwcDispatch[IRP_MJ_MAXIMUM_FUNCTION + 1];

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LwcUnload;
DRIVER_DISPATCH LwcDeviceIo;

NDIS_STATUS LwcAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
                             PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters);
VOID LwcDetach(NDIS_HANDLE FilterModuleContext);
NDIS_STATUS LwcRestart(NDIS_HANDLE FilterModuleContext,
                              PNDIS_FILTER_RESTART_PARAMETERS RestartParameters);
NDIS_STATUS LwcPause(NDIS_HANDLE FilterModuleContext,
                            PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters);
VOID LwcReceiveNetBufferLists(NDIS_HANDLE FilterModuleContext,
                                     PNET_BUFFER_LIST NetBufferLists,
                                     NDIS_PORT_NUMBER PortNumber,
                                     ULONG NumberOfNetBufferLists,
                                     ULONG ReceiveFlags);

#pragma NDIS_INIT_FUNCTION(DriverEntry)

/* The control device the service opens, with its own dispatch table. */
static NDIS_STATUS
LwcRegisterDevice(VOID)
{
    NDIS_DEVICE_OBJECT_ATTRIBUTES attributes;
    NDIS_STRING deviceName = RTL_CONSTANT_STRING(L"\\Device\\LwfCtl");
    NDIS_STRING linkName = RTL_CONSTANT_STRING(L"\\DosDevices\\LwfCtl");

    LwcDispatch[IRP_MJ_CREATE] = LwcDeviceIo;
    LwcDispatch[IRP_MJ_CLOSE] = LwcDeviceIo;
    LwcDispatch[IRP_MJ_DEVICE_CONTROL] = LwcDeviceIo;

    NdisZeroMemory(&attributes, sizeof(attributes));
    attributes.Header.Type = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attributes.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attributes.Header.Size = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attributes.DeviceName = &deviceName;
    attributes.SymbolicName = &linkName;
    attributes.MajorFunctions = LwcDispatch;
    return NdisRegisterDeviceEx(LwcDriverHandle, &attributes, &LwcDevice, &LwcDeviceHandle); // expect: DE011
}

NTSTATUS
DriverEntry(                                                // expect-entry: ndis-filter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS fChars;
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(LWC_FRIENDLY_NAME);
    NDIS_STRING uniqueName   = RTL_CONSTANT_STRING(LWC_UNIQUE_NAME);
    NDIS_STRING serviceName  = RTL_CONSTANT_STRING(LWC_SERVICE_NAME);
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&fChars, sizeof(fChars));
    fChars.Header.Type     = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fChars.Header.Size     = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;

    fChars.MajorNdisVersion   = 6;
    fChars.MinorNdisVersion   = 30;
    fChars.MajorDriverVersion = 1;
    fChars.MinorDriverVersion = 2;
    fChars.Flags              = 0;

    fChars.FriendlyName = friendlyName;
    fChars.UniqueName   = uniqueName;
    fChars.ServiceName  = serviceName;

    fChars.AttachHandler                = LwcAttach;
    fChars.DetachHandler                = LwcDetach;
    fChars.RestartHandler               = LwcRestart;
    fChars.PauseHandler                 = LwcPause;
    fChars.ReceiveNetBufferListsHandler = LwcReceiveNetBufferLists;

    /* Filters own their DriverUnload; NDIS does not install one. */
    DriverObject->DriverUnload = LwcUnload;

    LwcDriverContext = (NDIS_HANDLE)DriverObject;
    status = NdisFRegisterFilterDriver(DriverObject, LwcDriverContext, &fChars, &LwcDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL,
                   "rxcount: NdisFRegisterFilterDriver failed 0x%08X\n", status);
        return status;
    }

    status = LwcRegisterDevice();
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFDeregisterFilterDriver(LwcDriverHandle);
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
LwcUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    NdisFDeregisterFilterDriver(LwcDriverHandle);
}

_Use_decl_annotations_
NTSTATUS
LwcDeviceIo(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

