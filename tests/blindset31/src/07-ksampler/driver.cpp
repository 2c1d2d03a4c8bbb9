//
// driver.cpp - ksampler entry points
//
#include "sampler.h"

#define IOCTL_KS_QUERY  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8A0, METHOD_BUFFERED, FILE_READ_ACCESS)

static Sampler          g_Sampler;
static SAMPLER_CONFIG*  g_Config;
static PDEVICE_OBJECT   g_Device;

static UNICODE_STRING g_DevName  = RTL_CONSTANT_STRING(L"\\Device\\KSampler");
static UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\??\\KSampler");

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD KsUnload;
static DRIVER_DISPATCH KsDispatch;

static NTSTATUS KsDispatch(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    if (sp->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_KS_QUERY) {
            status = STATUS_INVALID_DEVICE_REQUEST;
        } else if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(SAMPLER_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            g_Sampler.Query(static_cast<SAMPLER_STATS*>(Irp->AssociatedIrp.SystemBuffer));
            info = sizeof(SAMPLER_STATS);
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static ULONG ReadDword(HANDLE Key, PCWSTR Name, ULONG Default)
{
    UNICODE_STRING valueName;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    auto info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(buffer);
    ULONG resultLength;

    RtlInitUnicodeString(&valueName, Name);
    NTSTATUS status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation,
                                      info, sizeof(buffer), &resultLength);
    if (!NT_SUCCESS(status) || info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
        return Default;
    }
    return *reinterpret_cast<PULONG>(info->Data);
}

static NTSTATUS LoadConfig(PUNICODE_STRING RegistryPath, PoolPtr<SAMPLER_CONFIG>& Config)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE key;

    Config.reset(static_cast<SAMPLER_CONFIG*>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(SAMPLER_CONFIG), KS_TAG)));
    if (!Config) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    Config->PeriodMs = 10;
    Config->ReportEvery = 1000;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);
    if (NT_SUCCESS(ZwOpenKey(&key, KEY_READ, &oa))) {
        Config->PeriodMs = ReadDword(key, L"PeriodMs", Config->PeriodMs);
        Config->ReportEvery = ReadDword(key, L"ReportEvery", Config->ReportEvery);
        ZwClose(key);
    }

    if (Config->PeriodMs == 0 || Config->PeriodMs > 10000) {
        Config->PeriodMs = 10;
    }
    if (Config->ReportEvery == 0) {
        Config->ReportEvery = 1000;
    }
    return STATUS_SUCCESS;
}

static void KsUnload(PDRIVER_OBJECT)
{
    g_Sampler.Stop();

    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(g_Device);

    ExFreePoolWithTag(g_Config, KS_TAG);
    g_Config = nullptr;
    KS_LOG("unloaded");
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PoolPtr<SAMPLER_CONFIG> config;

    NTSTATUS status = LoadConfig(RegistryPath, config);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&g_LinkName, &g_DevName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Device);
        return status;
    }

    g_Config = config.get();

    status = g_Sampler.Start(g_Config);
    if (!NT_SUCCESS(status)) {
        KS_LOG("PsCreateSystemThread failed 0x%08X", status);
        IoDeleteSymbolicLink(&g_LinkName);
        IoDeleteDevice(g_Device);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = KsDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = KsDispatch;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = KsDispatch;
    DriverObject->DriverUnload = KsUnload;

    g_Device->Flags |= DO_BUFFERED_IO;
    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;

    KS_LOG("sampling every %lu ms", g_Config->PeriodMs);
    return STATUS_SUCCESS;
}
