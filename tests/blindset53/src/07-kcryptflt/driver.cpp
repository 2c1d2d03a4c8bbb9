//
// driver.cpp - DriverEntry for kcrypt
//
#include "kcrypt.h"

using namespace kcf;

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

void
kcf::EvtDriverCleanup(_In_ WDFOBJECT Object)
{
    UNREFERENCED_PARAMETER(Object);
    KeyStore::Clear();
    KCF_TRACE("driver cleanup");
}

extern "C" NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG     config;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDRIVER             driver = nullptr;
    NTSTATUS              status;

    KCF_TRACE("DriverEntry, built " __DATE__ " " __TIME__);

    WDF_DRIVER_CONFIG_INIT(&config, EvtDeviceAdd);
    config.DriverPoolTag = KCF_TAG;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = EvtDriverCleanup;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    KCF_TRACE("WdfDriverCreate -> 0x%08X", status);

    status = KeyStore::Initialize(driver);
    if (!NT_SUCCESS(status)) {
        KCF_ERROR("key store init failed 0x%08X", status);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = driver;
    status = WdfWaitLockCreate(&attributes, &ControlDevice::s_InstanceLock);
    if (!NT_SUCCESS(status)) {
        KCF_ERROR("WdfWaitLockCreate failed 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}
