// pwrnotify.c
//
// Logs display on/off and AC/DC transitions plus system shutdown.
// Written while going through the "power setting" chapter of a kernel
// course, kept around because it is handy when debugging laptops.
//
// Parameters (HKLM\...\Services\pwrnotify\Parameters):
//   LogDisplay  REG_DWORD  (default 1)
//   LogPower    REG_DWORD  (default 1)
//

#include <ntddk.h>

#define PWR_TAG 'rwPn'

typedef struct _PWR_CONFIG {
    ULONG LogDisplay;
    ULONG LogPower;
    ULONG Transitions;
} PWR_CONFIG, *PPWR_CONFIG;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PwrUnload;
_Dispatch_type_(IRP_MJ_SHUTDOWN) DRIVER_DISPATCH PwrShutdown;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH PwrCreateClose;
POWER_SETTING_CALLBACK PwrSettingCallback;

PDEVICE_OBJECT g_PwrDevice = NULL;
PVOID g_DisplayHandle = NULL;
PVOID g_AcDcHandle = NULL;

static const char *
PwrAcDcName(ULONG v)
{
    switch (v) {
    case PoAc:  return "AC";
    case PoDc:  return "DC (battery)";
    case PoHot: return "short-term (UPS)";
    default:    return "?";
    }
}

NTSTATUS
PwrSettingCallback(
    _In_ LPCGUID SettingGuid,
    _In_reads_bytes_(ValueLength) PVOID Value,
    _In_ ULONG ValueLength,
    _Inout_opt_ PVOID Context
    )
{
    PPWR_CONFIG cfg = (PPWR_CONFIG)Context;
    ULONG v;

    if (cfg == NULL || Value == NULL || ValueLength < sizeof(ULONG)) {
        return STATUS_SUCCESS;
    }

    v = *(PULONG)Value;
    InterlockedIncrement((volatile LONG *)&cfg->Transitions);

    if (IsEqualGUID(SettingGuid, &GUID_CONSOLE_DISPLAY_STATE)) {
        if (cfg->LogDisplay) {
            DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
                       "pwrnotify: display %s\n",
                       v == 0 ? "off" : (v == 1 ? "on" : "dimmed"));
        }
    } else if (IsEqualGUID(SettingGuid, &GUID_ACDC_POWER_SOURCE)) {
        if (cfg->LogPower) {
            DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
                       "pwrnotify: power source %s\n", PwrAcDcName(v));
        }
    }

    return STATUS_SUCCESS;
}

NTSTATUS
PwrShutdown(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "pwrnotify: system is shutting down\n");

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
PwrCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static VOID
PwrReadConfig(
    _In_ PUNICODE_STRING RegistryPath,
    _Out_ PPWR_CONFIG Cfg
    )
{
    OBJECT_ATTRIBUTES oa;
    HANDLE serviceKey = NULL, paramKey = NULL;
    UNICODE_STRING name;
    UCHAR buf[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION kv = (PKEY_VALUE_PARTIAL_INFORMATION)buf;
    ULONG len;
    NTSTATUS status;

    Cfg->LogDisplay = 1;
    Cfg->LogPower = 1;
    Cfg->Transitions = 0;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return;
    }

    RtlInitUnicodeString(&name, L"Parameters");
    InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, serviceKey, NULL);
    status = ZwOpenKey(&paramKey, KEY_READ, &oa);
    ZwClose(serviceKey);
    if (!NT_SUCCESS(status)) {
        return;
    }

    RtlInitUnicodeString(&name, L"LogDisplay");
    status = ZwQueryValueKey(paramKey, &name, KeyValuePartialInformation, kv, sizeof(buf), &len);
    if (NT_SUCCESS(status) && kv->Type == REG_DWORD && kv->DataLength == sizeof(ULONG)) {
        Cfg->LogDisplay = *(PULONG)kv->Data;
    }

    RtlInitUnicodeString(&name, L"LogPower");
    status = ZwQueryValueKey(paramKey, &name, KeyValuePartialInformation, kv, sizeof(buf), &len);
    if (NT_SUCCESS(status) && kv->Type == REG_DWORD && kv->DataLength == sizeof(ULONG)) {
        Cfg->LogPower = *(PULONG)kv->Data;
    }

    ZwClose(paramKey);
}

static VOID
PwrUnregisterSettings(VOID)
{
    if (g_AcDcHandle != NULL) {
        PoUnregisterPowerSettingCallback(g_AcDcHandle);
        g_AcDcHandle = NULL;
    }
    if (g_DisplayHandle != NULL) {
        PoUnregisterPowerSettingCallback(g_DisplayHandle);
        g_DisplayHandle = NULL;
    }
}

VOID
PwrUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PwrUnregisterSettings();

    if (g_PwrDevice != NULL) {
        IoUnregisterShutdownNotification(g_PwrDevice);
        IoDeleteDevice(g_PwrDevice);
        g_PwrDevice = NULL;
    }

    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "pwrnotify: bye\n");
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    PWR_CONFIG config;

    PwrReadConfig(RegistryPath, &config);

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_PwrDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PwrCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PwrCreateClose;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = PwrShutdown;
    DriverObject->DriverUnload = PwrUnload;

    status = PoRegisterPowerSettingCallback(g_PwrDevice,
                                            &GUID_CONSOLE_DISPLAY_STATE,
                                            PwrSettingCallback,
                                            &config,
                                            &g_DisplayHandle);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "pwrnotify: display setting callback failed 0x%X\n", status);
        goto Fail;
    }

    status = PoRegisterPowerSettingCallback(g_PwrDevice,
                                            &GUID_ACDC_POWER_SOURCE,
                                            PwrSettingCallback,
                                            &config,
                                            &g_AcDcHandle);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "pwrnotify: AC/DC setting callback failed 0x%X\n", status);
        goto Fail;
    }

    status = IoRegisterShutdownNotification(g_PwrDevice);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "pwrnotify: shutdown notification failed 0x%X, running without it\n", status);
        PwrUnregisterSettings();
        IoDeleteDevice(g_PwrDevice);
    }

    g_PwrDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

Fail:
    PwrUnregisterSettings();
    IoDeleteDevice(g_PwrDevice);
    g_PwrDevice = NULL;
    return status;
}
