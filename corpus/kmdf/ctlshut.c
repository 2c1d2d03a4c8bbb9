/*
 * ctlshut.c - PnP KMDF upper filter of the "padlock" input blocker. DriverEntry
 * creates the control device \\.\PadLock and watches process creation and
 * image loads. The control device's shutdown notification removes both
 * callbacks and then deletes the control device: a PnP KMDF driver is not
 * unloaded while a control device it created exists, so the callbacks are
 * gone before EvtDriverUnload can run.
 */

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define PADLOCK_TAG 'kLdP'

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD PlEvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD PlEvtDriverUnload;
static VOID PlEvtControlShutdown(_In_ WDFDEVICE Device);

static VOID PlProcessNotify(_In_ HANDLE ParentId, _In_ HANDLE ProcessId, _In_ BOOLEAN Create);
static VOID PlImageNotify(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId,
                          _In_ PIMAGE_INFO ImageInfo);

static WDFDEVICE PlControlDevice;
static volatile LONG PlImages;

static NTSTATUS
PlControlCreate(
    _In_ WDFDRIVER Driver
    )
{
    DECLARE_CONST_UNICODE_STRING(deviceName, L"\\Device\\PadLock");
    PWDFDEVICE_INIT deviceInit;
    NTSTATUS status;

    deviceInit = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (deviceInit == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = WdfDeviceInitAssignName(deviceInit, &deviceName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(deviceInit);
        return status;
    }
    /* Shutdown is where the driver lets go of its control device. */
    WdfControlDeviceInitSetShutdownNotification(deviceInit, PlEvtControlShutdown, WdfDeviceShutdown);
    status = WdfDeviceCreate(&deviceInit, WDF_NO_OBJECT_ATTRIBUTES, &PlControlDevice);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(deviceInit);
        return status;
    }
    WdfControlFinishInitializing(PlControlDevice);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, PlEvtDeviceAdd);
    config.EvtDriverUnload = PlEvtDriverUnload;
    config.DriverPoolTag   = PADLOCK_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = PlControlCreate(driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = PsSetCreateProcessNotifyRoutine(PlProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = PsSetLoadImageNotifyRoutine(PlImageNotify);
    if (!NT_SUCCESS(status)) {
        PsSetCreateProcessNotifyRoutine(PlProcessNotify, TRUE);
        return status;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
PlEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDFDEVICE device;

    UNREFERENCED_PARAMETER(Driver);
    WdfFdoInitSetFilter(DeviceInit);
    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}

static VOID
PlEvtControlShutdown(
    _In_ WDFDEVICE Device
    )
{
    UNREFERENCED_PARAMETER(Device);

    PsRemoveLoadImageNotifyRoutine(PlImageNotify);
    PsSetCreateProcessNotifyRoutine(PlProcessNotify, TRUE);
    WdfObjectDelete(PlControlDevice);
    PlControlDevice = NULL;
}

VOID
PlEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);

    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
               "padlock: unloading after %ld images\n", PlImages));
}

static VOID
PlProcessNotify(
    _In_ HANDLE ParentId,
    _In_ HANDLE ProcessId,
    _In_ BOOLEAN Create
    )
{
    UNREFERENCED_PARAMETER(ParentId);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(Create);
}

static VOID
PlImageNotify(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);
    InterlockedIncrement(&PlImages);
}
