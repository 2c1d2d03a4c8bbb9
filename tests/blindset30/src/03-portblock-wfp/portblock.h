//
// portblock - WFP callout that blocks outbound connects to a list of ports.
// Course project for "Windows Internals & Security", team 4.
//
#pragma once

#include "kcpp.h"

extern "C" {
#pragma warning(push)
#pragma warning(disable: 4201)  // nameless struct/union
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>
}

#define PB_TAG 'klBP'

#define PB_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "[portblock] " fmt "\n", __VA_ARGS__)

EXTERN_C const GUID PB_CALLOUT_CONNECT_V4;
EXTERN_C const GUID PB_SUBLAYER;

namespace pb {

// IoCreateDevice / IoDeleteDevice
class DeviceHolder : NonCopyable {
public:
    NTSTATUS Create(_In_ PDRIVER_OBJECT DriverObject);
    PDEVICE_OBJECT Get() const { return m_device; }
    ~DeviceHolder();
private:
    PDEVICE_OBJECT m_device = nullptr;
};

// FwpsCalloutRegister0 / FwpsCalloutUnregisterById0
class CalloutRegistration : NonCopyable {
public:
    NTSTATUS Register(_In_ PDEVICE_OBJECT DeviceObject, _In_ const GUID& CalloutKey);
    ~CalloutRegistration();
private:
    UINT32 m_id = 0;
    bool   m_registered = false;
};

// FwpmEngineOpen0 (dynamic session) / FwpmEngineClose0
class EngineSession : NonCopyable {
public:
    NTSTATUS Open();
    NTSTATUS InstallConnectFilter(_In_ const GUID& CalloutKey);
    ~EngineSession();
private:
    HANDLE m_engine = nullptr;
    UINT64 m_filterId = 0;
};

class PortBlocker : NonCopyable {
public:
    NTSTATUS Start(_In_ PDRIVER_OBJECT DriverObject);
private:
    CalloutRegistration m_callout;
    EngineSession       m_engine;
    DeviceHolder        m_device;
};

// classify.cpp
void NTAPI ClassifyConnectV4(
    _In_ const FWPS_INCOMING_VALUES0* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_ const FWPS_FILTER0* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0* classifyOut);

NTSTATUS NTAPI NotifyConnectV4(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID* filterKey,
    _Inout_ const FWPS_FILTER0* filter);

LONG BlockedCount();

} // namespace pb
