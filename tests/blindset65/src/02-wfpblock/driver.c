//
// driver.c - entry / unload for wfpblock
//
#include <ntddk.h>
#include <initguid.h>
#include "wfpblock.h"

WB_GLOBALS Wb;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     WbUnload;

// default ports: telnet, smb-over-netbios, rdp
static const UINT16 WbDefaultPorts[] = { 23, 139, 3389 };

static VOID
WbLoadPortList(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    //
    // Parameters\BlockPorts (REG_MULTI_SZ) is planned; for now the defaults are
    // what everybody uses anyway.
    //
    for (i = 0; i < ARRAYSIZE(WbDefaultPorts) && i < WB_MAX_PORTS; i++) {
        Wb.BlockedPorts[i] = WbDefaultPorts[i];
    }
    Wb.BlockedPortCount = i;
}

VOID
WbUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    WbInfo("unload: blocked=%ld accepted=%ld", Wb.BlockCount, Wb.AcceptCount);

    WbRemoveFilters();

    if (Wb.DeviceObject != NULL) {
        IoDeleteDevice(Wb.DeviceObject);
        Wb.DeviceObject = NULL;
    }

    WbUnregisterCallouts();
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    RtlZeroMemory(&Wb, sizeof(Wb));
    WbLoadPortList(RegistryPath);

    status = IoCreateDevice(DriverObject,
                            0,
                            NULL,
                            FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &Wb.DeviceObject);
    if (NT_SUCCESS(status)) {

        status = WbRegisterCallouts(Wb.DeviceObject);
        if (NT_SUCCESS(status)) {

            status = WbAddFilters();
            if (NT_SUCCESS(status)) {
                DriverObject->DriverUnload = WbUnload;
                WbInfo("loaded, %lu ports on the block list", Wb.BlockedPortCount);
                return STATUS_SUCCESS;
            }

            WbErr("WbAddFilters failed 0x%08X", status);
            WbUnregisterCallouts();
        } else {
            WbErr("WbRegisterCallouts failed 0x%08X", status);
        }

        IoDeleteDevice(Wb.DeviceObject);
        Wb.DeviceObject = NULL;
    } else {
        WbErr("IoCreateDevice failed 0x%08X", status);
    }

    return status;
}
