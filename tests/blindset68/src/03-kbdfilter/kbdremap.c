/*
 * kbdremap - keyboard upper filter, remaps scan codes before kbdclass sees
 * them.  Default: CapsLock -> Left Ctrl.  Extra pairs come from
 *   HKLM\System\CurrentControlSet\Services\kbdremap\Parameters\Map (REG_BINARY)
 *
 * Install as UpperFilters under the keyboard class key, below kbdclass.
 */
#include "kbdremap.h"

KR_SETTINGS g_Settings;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KrEvtDeviceAdd)
#pragma alloc_text(PAGE, KrLoadSettings)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG   config;
    WDFDRIVER           driver;
    NTSTATUS            status;

    KR_PRINT(("kbdremap: DriverEntry\n"));

    RtlZeroMemory(&g_Settings, sizeof(g_Settings));
    g_Settings.Enabled = 1;
    g_Settings.Count = 1;
    g_Settings.Map[0].From = SC_CAPSLOCK;
    g_Settings.Map[0].To = SC_LCTRL;

    WDF_DRIVER_CONFIG_INIT(&config, KrEvtDeviceAdd);

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES,
                             &config,
                             &driver);
    if (NT_SUCCESS(status)) {
        /* optional; defaults above stay if the key is missing */
        KrLoadSettings(driver);
    } else {
        KR_PRINT(("kbdremap: WdfDriverCreate failed 0x%x\n", status));
    }

    KR_PRINT(("kbdremap: enabled=%u pairs=%u\n", g_Settings.Enabled, g_Settings.Count));
    return STATUS_SUCCESS;
}

VOID
KrLoadSettings(
    _In_ WDFDRIVER Driver
    )
{
    DECLARE_CONST_UNICODE_STRING(enabledName, L"Enabled");
    DECLARE_CONST_UNICODE_STRING(mapName, L"Map");
    WDFKEY key;
    ULONG value, bytes = 0;
    KR_MAP_ENTRY tmp[KR_MAX_MAP];
    NTSTATUS status;

    PAGED_CODE();

    status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ,
                                                WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        return;
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(key, &enabledName, &value))) {
        g_Settings.Enabled = value;
    }

    status = WdfRegistryQueryValue(key, &mapName, sizeof(tmp), tmp, &bytes, NULL);
    if (NT_SUCCESS(status) && bytes >= sizeof(KR_MAP_ENTRY)) {
        g_Settings.Count = bytes / sizeof(KR_MAP_ENTRY);
        RtlCopyMemory(g_Settings.Map, tmp, g_Settings.Count * sizeof(KR_MAP_ENTRY));
    }

    WdfRegistryClose(key);
}

NTSTATUS
KrEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES   attributes;
    WDF_IO_QUEUE_CONFIG     ioQueueConfig;
    PDEVICE_EXTENSION       filterExt;
    WDFDEVICE               hDevice;
    NTSTATUS                status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    KR_PRINT(("kbdremap: DeviceAdd\n"));

    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_KEYBOARD);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_EXTENSION);

    status = WdfDeviceCreate(&DeviceInit, &attributes, &hDevice);
    if (!NT_SUCCESS(status)) {
        KR_PRINT(("kbdremap: WdfDeviceCreate failed 0x%x\n", status));
        return status;
    }

    filterExt = FilterGetData(hDevice);
    filterExt->Device = hDevice;

    /*
     * Parallel default queue: everything we do not care about is passed
     * down untouched, we only look at the internal connect IOCTL.
     */
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&ioQueueConfig, WdfIoQueueDispatchParallel);
    ioQueueConfig.EvtIoInternalDeviceControl = KrEvtIoInternalDeviceControl;

    status = WdfIoQueueCreate(hDevice, &ioQueueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KR_PRINT(("kbdremap: WdfIoQueueCreate failed 0x%x\n", status));
        return status;
    }

    return status;
}
