/*
 * regcopy.cpp - a C++ WDM function driver that keeps its configuration in
 * the driver-object extension. The extension's copy of the registry path
 * gets its own buffer (RtlCopyUnicodeString); the defaults and the name of
 * the parameters key are whole structures copied in with `=`, which C++
 * compiles as the structure's implicit copy assignment: a copy member by
 * member, as in C. Conforming: no DE004.
 */

#include <ntddk.h>

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE RcAddDevice;
DRIVER_UNLOAD RcUnload;
_Dispatch_type_(IRP_MJ_PNP)
_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH RcPass;

struct RC_DEFAULTS {
    ULONG PollMs;
    ULONG Retries;
};

struct RC_CONFIG {
    UNICODE_STRING RegistryPath;
    UNICODE_STRING KeyName;
    RC_DEFAULTS Defaults;
};

static const int RcConfigId = 0;
static const RC_DEFAULTS RcFactory = { 250, 3 };
static UNICODE_STRING RcParameters = RTL_CONSTANT_STRING(L"Parameters");

struct RC_EXTENSION {
    PDEVICE_OBJECT Lower;
};

NTSTATUS RcPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    RC_EXTENSION *ext = static_cast<RC_EXTENSION *>(DeviceObject->DeviceExtension);
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS RcAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{
    PDEVICE_OBJECT fdo;
    NTSTATUS status = IoCreateDevice(DriverObject, sizeof(RC_EXTENSION), nullptr, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
    if (!NT_SUCCESS(status))
        return status;
    RC_EXTENSION *ext = static_cast<RC_EXTENSION *>(fdo->DeviceExtension);
    ext->Lower = IoAttachDeviceToDeviceStack(fdo, Pdo);
    if (ext->Lower == nullptr) {
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID RcUnload(PDRIVER_OBJECT DriverObject)
{
    RC_CONFIG *config = static_cast<RC_CONFIG *>(
        IoGetDriverObjectExtension(DriverObject, const_cast<int *>(&RcConfigId)));
    if (config != nullptr && config->RegistryPath.Buffer != nullptr)
        ExFreePoolWithTag(config->RegistryPath.Buffer, 'gfCR');
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    RC_CONFIG *config = nullptr;
    NTSTATUS status = IoAllocateDriverObjectExtension(DriverObject, const_cast<int *>(&RcConfigId),
                                                      sizeof(RC_CONFIG), reinterpret_cast<PVOID *>(&config));
    if (!NT_SUCCESS(status))
        return status;
    RtlZeroMemory(config, sizeof(*config));
    config->Defaults = RcFactory;
    config->KeyName = RcParameters;

    config->RegistryPath.MaximumLength = RegistryPath->Length + sizeof(WCHAR);
    config->RegistryPath.Buffer = static_cast<PWCH>(
        ExAllocatePoolWithTag(PagedPool, config->RegistryPath.MaximumLength, 'gfCR'));
    if (config->RegistryPath.Buffer == nullptr)
        return STATUS_INSUFFICIENT_RESOURCES;
    RtlCopyUnicodeString(&config->RegistryPath, RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_PNP] = RcPass;
    DriverObject->MajorFunction[IRP_MJ_POWER] = RcPass;
    DriverObject->DriverExtension->AddDevice = RcAddDevice;
    DriverObject->DriverUnload = RcUnload;
    return STATUS_SUCCESS;
}
