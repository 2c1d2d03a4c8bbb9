//
// nounload.cpp - C++ KMDF software driver (no hardware) that gives the
// factory test tool access to the platform's SMBIOS table through
// \\.\SmbiosDump. It is installed and removed by the tool with sc.exe.
//
// BUG (WDF007): the driver is correctly marked non-PnP, but supplies no
// EvtDriverUnload, so the framework refuses to unload it and the tool's
// "sc stop" always fails until the next reboot.
//

extern "C" {
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
}

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

constexpr ULONG SmbiosTag = 'dbmS';

NTSTATUS
CreateControlDevice(WDFDRIVER Driver)
{
    DECLARE_CONST_UNICODE_STRING(deviceName, L"\\Device\\SmbiosDump");
    DECLARE_CONST_UNICODE_STRING(linkName, L"\\DosDevices\\SmbiosDump");

    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NTSTATUS status = WdfDeviceInitAssignName(init, &deviceName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    WDFDEVICE device;
    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &linkName);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    WdfControlFinishInitializing(device);
    return STATUS_SUCCESS;
}

} // namespace

extern "C"
NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)   // expect-entry: kmdf
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.DriverPoolTag = SmbiosTag;

    WDFDRIVER driver;
    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath,   // expect: WDF007
                                      WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    return CreateControlDevice(driver);
}
