// driver.cpp - mfhash DriverEntry / unload.
//
// Each resource is held by an owning local until DriverEntry is sure to
// succeed; only then are the raw values moved into g_Mfh.

#include "mfhash.h"

MfhGlobals g_Mfh;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, MfhUnload)
#endif

static NTSTATUS
MfhCreatePort(_In_ PFLT_FILTER Filter, _Out_ mfh::unique_port& Port)
{
    mfh::unique_sd sd;
    NTSTATUS status = FltBuildDefaultSecurityDescriptor(sd.put(), FLT_PORT_ALL_ACCESS);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    UNICODE_STRING name = RTL_CONSTANT_STRING(MFH_PORT_NAME);
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, sd.get());

    // The port keeps its own copy of the descriptor; ours is freed on return.
    return FltCreateCommunicationPort(Filter, Port.put(), &oa, nullptr,
                                      MfhConnect, MfhDisconnect, nullptr, 1);
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    FltInitializePushLock(&g_Mfh.ClientLock);

    NTSTATUS status = g_Mfh.Config.Load(RegistryPath);
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_FLTMGR_ID, DPFLTR_WARNING_LEVEL,
                   "mfhash: no Parameters (0x%08X), defaults in effect\n", status);
    }

    mfh::unique_filter filter;
    status = FltRegisterFilter(DriverObject, &g_MfhRegistration, filter.put());
    if (!NT_SUCCESS(status)) {
        return status;
    }

    // Instance setup and the connect callback may run as soon as
    // filtering starts, and they read g_Mfh.Filter.
    g_Mfh.Filter = filter.get();

    mfh::unique_port port;
    status = MfhCreatePort(filter.get(), port);
    if (!NT_SUCCESS(status)) {
        g_Mfh.Filter = nullptr;
        return status;                      // ~filter unregisters
    }

    status = FltStartFiltering(filter.get());
    if (!NT_SUCCESS(status)) {
        g_Mfh.Filter = nullptr;
        return status;                      // ~port closes, then ~filter unregisters
    }

    g_Mfh.ServerPort = port.release();
    filter.release();                       // g_Mfh.Filter already holds it
    return STATUS_SUCCESS;
}

NTSTATUS FLTAPI
MfhUnload(
    _In_ FLT_FILTER_UNLOAD_FLAGS Flags
    )
{
    UNREFERENCED_PARAMETER(Flags);
    PAGED_CODE();

    if (g_Mfh.ServerPort != nullptr) {
        FltCloseCommunicationPort(g_Mfh.ServerPort);
        g_Mfh.ServerPort = nullptr;
    }

    FltUnregisterFilter(g_Mfh.Filter);
    g_Mfh.Filter = nullptr;
    return STATUS_SUCCESS;
}

NTSTATUS
MfhConfig::Load(_In_ PCUNICODE_STRING RegistryPath)
{
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, const_cast<PUNICODE_STRING>(RegistryPath),
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, nullptr);

    mfh::unique_khandle serviceKey;
    NTSTATUS status = ZwOpenKey(serviceKey.put(), KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    UNICODE_STRING sub = RTL_CONSTANT_STRING(L"Parameters");
    InitializeObjectAttributes(&oa, &sub, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, serviceKey.get(), nullptr);

    mfh::unique_khandle paramsKey;
    status = ZwOpenKey(paramsKey.put(), KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    struct { PCWSTR Name; ULONG* Target; } values[] = {
        { L"MaxPendingMessages", &MaxPendingMessages },
        { L"ReplyTimeoutMs",     &ReplyTimeoutMs },
    };

    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    auto info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(buffer);

    for (auto& v : values) {
        UNICODE_STRING valueName;
        RtlInitUnicodeString(&valueName, v.Name);
        ULONG returned = 0;
        if (NT_SUCCESS(ZwQueryValueKey(paramsKey.get(), &valueName, KeyValuePartialInformation,
                                       info, sizeof(buffer), &returned)) &&
            info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
            *v.Target = *reinterpret_cast<ULONG*>(info->Data);
        }
    }

    UNICODE_STRING netName = RTL_CONSTANT_STRING(L"AuditNetwork");
    ULONG returned = 0;
    if (NT_SUCCESS(ZwQueryValueKey(paramsKey.get(), &netName, KeyValuePartialInformation,
                                   info, sizeof(buffer), &returned)) &&
        info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
        AuditNetwork = (*reinterpret_cast<ULONG*>(info->Data) != 0);
    }

    return STATUS_SUCCESS;
}
