// Driver.cpp - DriverEntry and driver-wide state
#include "hello.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace hello {

UNICODE_STRING Globals::s_registryPath;

// Keep our own copy: the RegistryPath buffer is only valid during DriverEntry.
NTSTATUS Globals::Init(PCUNICODE_STRING RegistryPath)
{
    const USHORT bytes = RegistryPath->Length + sizeof(WCHAR);
    auto buffer = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_NON_PAGED, bytes, PoolTag));
    if (buffer == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    s_registryPath.Buffer = buffer;
    s_registryPath.Length = 0;
    s_registryPath.MaximumLength = bytes;
    RtlCopyUnicodeString(&s_registryPath, RegistryPath);
    return STATUS_SUCCESS;
}

void Globals::Free()
{
    if (s_registryPath.Buffer != nullptr) {
        ExFreePoolWithTag(s_registryPath.Buffer, PoolTag);
        s_registryPath.Buffer = nullptr;
        s_registryPath.Length = s_registryPath.MaximumLength = 0;
    }
}

void EvtDriverContextCleanup(WDFOBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KdPrint(("hellokmdf: driver cleanup\n"));
    Globals::Free();
}

} // namespace hello

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    KdPrint(("hellokmdf: hello from DriverEntry\n"));

    auto status = hello::Globals::Init(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = hello::EvtDriverContextCleanup;

    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, hello::EvtDeviceAdd);
    config.DriverPoolTag = hello::PoolTag;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        // no driver object, so no cleanup callback either
        KdPrint(("hellokmdf: WdfDriverCreate 0x%08X\n", status));
        hello::Globals::Free();
    }
    return status;
}
