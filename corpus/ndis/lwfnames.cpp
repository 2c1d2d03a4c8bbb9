/*
 * lwfnames.cpp - NDIS 6 lightweight filter in C++ (built with /permissive-)
 * that keeps its names as `constexpr WCHAR` arrays and makes its NDIS_STRINGs
 * with RTL_CONSTANT_STRING, as the kit's C++ form allows: that form casts the
 * array's constness away, so strict C++ accepts it. The filter callbacks are
 * in the product's other files.
 *
 * A failed control device deregisters the filter; the unload routine
 * deregisters both. Conforming: DE006 and DE011.
 */

#include <ndis.h>

namespace lwn {
constexpr WCHAR FriendlyName[] = L"LwfNames NDIS Filter";
constexpr WCHAR UniqueName[]   = L"{3E9A54C1-7B20-4F8D-A6C3-51D0E8B27F46}";
constexpr WCHAR ServiceName[]  = L"LwfNames";
constexpr WCHAR DeviceName[]   = L"\\Device\\LwfNames";
constexpr WCHAR LinkName[]     = L"\\DosDevices\\LwfNames";
}

static NDIS_HANDLE LwnDriverHandle;
static NDIS_HANDLE LwnDeviceHandle;
static PDEVICE_OBJECT LwnDevice;
static PDRIVER_DISPATCH LwnDispatch[IRP_MJ_MAXIMUM_FUNCTION + 1];

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LwnUnload;
DRIVER_DISPATCH LwnDeviceIo;

FILTER_ATTACH LwnAttach;
FILTER_DETACH LwnDetach;
FILTER_RESTART LwnRestart;
FILTER_PAUSE LwnPause;

#pragma NDIS_INIT_FUNCTION(DriverEntry)

static NDIS_STATUS
LwnRegisterDevice(VOID)
{
    NDIS_DEVICE_OBJECT_ATTRIBUTES attributes;
    NDIS_STRING deviceName = RTL_CONSTANT_STRING(lwn::DeviceName);
    NDIS_STRING linkName = RTL_CONSTANT_STRING(lwn::LinkName);

    LwnDispatch[IRP_MJ_CREATE] = LwnDeviceIo;
    LwnDispatch[IRP_MJ_CLOSE] = LwnDeviceIo;
    LwnDispatch[IRP_MJ_DEVICE_CONTROL] = LwnDeviceIo;

    NdisZeroMemory(&attributes, sizeof(attributes));
    attributes.Header.Type = NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES;
    attributes.Header.Revision = NDIS_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attributes.Header.Size = NDIS_SIZEOF_DEVICE_OBJECT_ATTRIBUTES_REVISION_1;
    attributes.DeviceName = &deviceName;
    attributes.SymbolicName = &linkName;
    attributes.MajorFunctions = LwnDispatch;
    return NdisRegisterDeviceEx(LwnDriverHandle, &attributes, &LwnDevice, &LwnDeviceHandle);
}

extern "C" NTSTATUS
DriverEntry(                                                // expect-entry: ndis-filter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS fChars;
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(lwn::FriendlyName);
    NDIS_STRING uniqueName   = RTL_CONSTANT_STRING(lwn::UniqueName);
    NDIS_STRING serviceName  = RTL_CONSTANT_STRING(lwn::ServiceName);

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&fChars, sizeof(fChars));
    fChars.Header.Type     = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fChars.Header.Size     = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fChars.MajorNdisVersion   = 6;
    fChars.MinorNdisVersion   = 30;
    fChars.MajorDriverVersion = 1;
    fChars.MinorDriverVersion = 0;
    fChars.FriendlyName = friendlyName;
    fChars.UniqueName   = uniqueName;
    fChars.ServiceName  = serviceName;
    fChars.AttachHandler  = LwnAttach;
    fChars.DetachHandler  = LwnDetach;
    fChars.RestartHandler = LwnRestart;
    fChars.PauseHandler   = LwnPause;

    DriverObject->DriverUnload = LwnUnload;

    NDIS_STATUS status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &fChars,
                                                   &LwnDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        return status;
    }

    status = LwnRegisterDevice();
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFDeregisterFilterDriver(LwnDriverHandle);
        return status;
    }
    return STATUS_SUCCESS;
}

VOID
LwnUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    NdisDeregisterDeviceEx(LwnDeviceHandle);
    NdisFDeregisterFilterDriver(LwnDriverHandle);
}

_Use_decl_annotations_
NTSTATUS
LwnDeviceIo(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
