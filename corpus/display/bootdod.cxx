/*
 * bootdod.cxx - WDDM display-only driver for the kiosk's boot panel. The
 * display port driver (dxgkrnl) owns the driver object: DriverEntry fills a
 * KMDDOD_INITIALIZATION_DATA with its DDIs and returns what
 * DxgkInitializeDisplayOnlyDriver returns.
 *
 * dispmprt.h ships only with the WDK; without it entrycheck assumes the
 * structure and the members this file uses, and says so.
 */

extern "C" {
#include <ntddk.h>
#include <dispmprt.h>
}

#define BDOD_POOLTAG 'DODB'

extern "C" DRIVER_INITIALIZE DriverEntry;

NTSTATUS BdodAddDevice(_In_ const PDEVICE_OBJECT PhysicalDeviceObject, _Outptr_ PVOID *MiniportDeviceContext);
NTSTATUS BdodRemoveDevice(_In_ const PVOID MiniportDeviceContext);
VOID BdodUnload(VOID);

#pragma code_seg("INIT")
extern "C"
NTSTATUS
DriverEntry(                                                    // expect-entry: display-miniport
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    KMDDOD_INITIALIZATION_DATA initData = {0};

    initData.Version = DXGKDDI_INTERFACE_VERSION;
    initData.DxgkDdiAddDevice = BdodAddDevice;
    initData.DxgkDdiRemoveDevice = BdodRemoveDevice;
    initData.DxgkDdiUnload = BdodUnload;

    NTSTATUS status = DxgkInitializeDisplayOnlyDriver(DriverObject, RegistryPath, &initData);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVVIDEO_ID, DPFLTR_ERROR_LEVEL,
                   "bootdod: DxgkInitializeDisplayOnlyDriver failed 0x%08X\n", status);
    }
    return status;
}
#pragma code_seg()

#pragma code_seg("PAGE")
NTSTATUS
BdodAddDevice(
    _In_ const PDEVICE_OBJECT PhysicalDeviceObject,
    _Outptr_ PVOID *MiniportDeviceContext
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(PhysicalDeviceObject);
    *MiniportDeviceContext = ExAllocatePoolZero(NonPagedPoolNx, 256, BDOD_POOLTAG);
    return *MiniportDeviceContext != NULL ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

NTSTATUS
BdodRemoveDevice(
    _In_ const PVOID MiniportDeviceContext
    )
{
    PAGED_CODE();
    ExFreePoolWithTag(MiniportDeviceContext, BDOD_POOLTAG);
    return STATUS_SUCCESS;
}

VOID
BdodUnload(VOID)
{
    PAGED_CODE();
}
#pragma code_seg()
