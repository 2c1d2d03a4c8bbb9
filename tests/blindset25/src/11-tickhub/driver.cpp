// driver.cpp - DriverEntry / EvtDriverUnload
//
// Copyright (c) TickHub project. BSD-2-Clause.
#include "tickhub.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static EVT_WDF_DRIVER_UNLOAD TickHubEvtDriverUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

static Hub* g_Hub = nullptr;

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = TickHubEvtDriverUnload;
    config.DriverPoolTag = kHubTag;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        HUB_ERROR("WdfDriverCreate failed 0x%08X", status);
        return status;
    }

    Hub* hub = new (POOL_FLAG_NON_PAGED, kHubTag) Hub();
    if (hub == nullptr) {
        HUB_ERROR("out of memory for the hub");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = hub->Initialize(driver);
    if (!NT_SUCCESS(status)) {
        HUB_ERROR("Hub::Initialize failed 0x%08X", status);
        hub->Shutdown(true);
        delete hub;
        return status;
    }

    g_Hub = hub;
    HUB_INFO("loaded");
    return STATUS_SUCCESS;
}

static VOID TickHubEvtDriverUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    if (g_Hub != nullptr) {
        g_Hub->Shutdown(false);
        delete g_Hub;
        g_Hub = nullptr;
    }
    HUB_INFO("unloaded");
}
