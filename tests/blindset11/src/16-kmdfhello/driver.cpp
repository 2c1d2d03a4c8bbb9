// driver.cpp - KMDF hello, DriverEntry
#include <initguid.h>   // instantiate GUID_DEVINTERFACE_HELLO in this file only
#include "hello.h"

namespace hello {
Stats g_DriverStats;
}

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

extern "C" void HelloEvtDriverContextCleanup(WDFOBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KdPrint(("hello: driver cleanup, %lu reads / %lu writes total\n",
             hello::g_DriverStats.Reads, hello::g_DriverStats.Writes));
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    KdPrint(("hello: DriverEntry\n"));

    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, HelloEvtDeviceAdd);
    config.DriverPoolTag = hello::kPoolTag;

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = HelloEvtDriverContextCleanup;

    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config,
                                      WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("hello: WdfDriverCreate failed 0x%08X\n", status));
    }

    hello::g_DriverStats.Reset();
    KdPrint(("hello: ready\n"));
    return STATUS_SUCCESS;
}
