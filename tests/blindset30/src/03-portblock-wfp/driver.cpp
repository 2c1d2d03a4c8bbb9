//
// portblock driver entry / unload
//
#include "portblock.h"

#include <initguid.h>

// {5c2a7c3e-8d3b-4b0e-a0a5-6f1a9d2e7b41}
DEFINE_GUID(PB_CALLOUT_CONNECT_V4,
    0x5c2a7c3e, 0x8d3b, 0x4b0e, 0xa0, 0xa5, 0x6f, 0x1a, 0x9d, 0x2e, 0x7b, 0x41);

// {e3f6a1d4-2b7c-4f58-9c0e-1a2b3c4d5e6f}
DEFINE_GUID(PB_SUBLAYER,
    0xe3f6a1d4, 0x2b7c, 0x4f58, 0x9c, 0x0e, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f);

EXTERN_C DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD PbUnload;

static pb::PortBlocker* g_Blocker = nullptr;

static VOID PbUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PB_LOG("unloading, %ld connects blocked", pb::BlockedCount());

    delete g_Blocker;
    g_Blocker = nullptr;
}

EXTERN_C NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    PB_LOG("DriverEntry");

    g_Blocker = new (POOL_FLAG_NON_PAGED, PB_TAG) pb::PortBlocker();
    if (g_Blocker == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NTSTATUS status = g_Blocker->Start(DriverObject);
    if (!NT_SUCCESS(status)) {
        delete g_Blocker;
        g_Blocker = nullptr;
        return status;
    }

    DriverObject->DriverUnload = PbUnload;
    return STATUS_SUCCESS;
}
