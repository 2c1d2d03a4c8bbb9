// wfpfw.h - WFP port firewall: shared declarations.
//
// Copyright (c) wfpfw authors. MIT License.

#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
#define NDIS630
#include <ndis.h>
#include <fwpsk.h>
#include <fwpmk.h>
}

#include <guiddef.h>
#include "scope_guard.h"

#define FW_TAG              'wFpW'
#define FW_DEVICE_NAME      L"\\Device\\WfpFw"
#define FW_LINK_NAME        L"\\DosDevices\\WfpFw"

#define IOCTL_WFPFW_GET_STATS   CTL_CODE(FILE_DEVICE_NETWORK, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

#define FW_LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL,  "wfpfw: " fmt "\n", ##__VA_ARGS__)
#define FW_ERR(fmt, ...) DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "wfpfw: " fmt "\n", ##__VA_ARGS__)

// {E6F1A1C2-4E0D-4B8B-A0A3-6C0F5E1B2D31}
DEFINE_GUID(FW_PROVIDER_KEY,      0xe6f1a1c2, 0x4e0d, 0x4b8b, 0xa0, 0xa3, 0x6c, 0x0f, 0x5e, 0x1b, 0x2d, 0x31);
// {E6F1A1C2-4E0D-4B8B-A0A3-6C0F5E1B2D32}
DEFINE_GUID(FW_SUBLAYER_KEY,      0xe6f1a1c2, 0x4e0d, 0x4b8b, 0xa0, 0xa3, 0x6c, 0x0f, 0x5e, 0x1b, 0x2d, 0x32);
// {E6F1A1C2-4E0D-4B8B-A0A3-6C0F5E1B2D33}
DEFINE_GUID(FW_CALLOUT_CONNECT_V4, 0xe6f1a1c2, 0x4e0d, 0x4b8b, 0xa0, 0xa3, 0x6c, 0x0f, 0x5e, 0x1b, 0x2d, 0x33);
// {E6F1A1C2-4E0D-4B8B-A0A3-6C0F5E1B2D34}
DEFINE_GUID(FW_CALLOUT_ACCEPT_V4,  0xe6f1a1c2, 0x4e0d, 0x4b8b, 0xa0, 0xa3, 0x6c, 0x0f, 0x5e, 0x1b, 0x2d, 0x34);
// {E6F1A1C2-4E0D-4B8B-A0A3-6C0F5E1B2D35}
DEFINE_GUID(FW_CALLOUT_CONNECT_V6, 0xe6f1a1c2, 0x4e0d, 0x4b8b, 0xa0, 0xa3, 0x6c, 0x0f, 0x5e, 0x1b, 0x2d, 0x35);
// {E6F1A1C2-4E0D-4B8B-A0A3-6C0F5E1B2D36}
DEFINE_GUID(FW_CALLOUT_ACCEPT_V6,  0xe6f1a1c2, 0x4e0d, 0x4b8b, 0xa0, 0xa3, 0x6c, 0x0f, 0x5e, 0x1b, 0x2d, 0x36);

namespace fw {

constexpr ULONG kMaxBlockedPorts = 16;

struct Config {
    ULONG   BlockedPortCount;
    USHORT  BlockedPorts[kMaxBlockedPorts];
    bool    LogOnly;
    bool    EnableV6;
};

struct Stats {
    volatile LONG64 Classified;
    volatile LONG64 Blocked;
};

// One row per callout. Registration and filter creation walk this table.
struct CalloutDesc {
    const GUID*             Key;
    const GUID*             Layer;
    FWPS_CALLOUT_CLASSIFY_FN3 Classify;
    const wchar_t*          Name;
    bool                    V6;
};

extern const CalloutDesc kCallouts[];
extern const ULONG kCalloutCount;

// Engine session handle (dynamic session: objects vanish on close).
class EngineHandle {
public:
    EngineHandle() = default;
    ~EngineHandle() { Close(); }

    NTSTATUS Open();
    void Close();
    HANDLE Get() const { return m_handle; }

    EngineHandle(const EngineHandle&) = delete;
    EngineHandle& operator=(const EngineHandle&) = delete;

private:
    HANDLE m_handle = nullptr;
};

// Registered runtime callouts; unregisters whatever it holds on destruction.
class CalloutSet {
public:
    CalloutSet() = default;
    ~CalloutSet() { UnregisterAll(); }

    NTSTATUS Register(_In_ PDEVICE_OBJECT DeviceObject, _In_ const Config& config);
    void UnregisterAll();

    CalloutSet(const CalloutSet&) = delete;
    CalloutSet& operator=(const CalloutSet&) = delete;

private:
    UINT32 m_ids[8] = {};
    ULONG  m_count = 0;
};

// Control device; deleted on destruction unless released to the framework.
class ControlDevice {
public:
    ControlDevice() = default;
    ~ControlDevice() { Delete(); }

    NTSTATUS Create(_In_ WDFDRIVER Driver);
    void FinishInitializing() { WdfControlFinishInitializing(m_device); }
    void Delete();
    WDFDEVICE Get() const { return m_device; }
    PDEVICE_OBJECT Wdm() const { return WdfDeviceWdmGetDeviceObject(m_device); }

    ControlDevice(const ControlDevice&) = delete;
    ControlDevice& operator=(const ControlDevice&) = delete;

private:
    WDFDEVICE m_device = nullptr;
};

// Everything DriverEntry builds. Members are destroyed in reverse order:
// engine session first (drops filters), then callouts, then the device.
struct DriverState {
    ControlDevice   Device;
    CalloutSet      Callouts;
    EngineHandle    Engine;
    Config          Cfg;
    Stats           Counters;
};

extern DriverState* g_State;

NTSTATUS LoadConfig(_In_ WDFDRIVER Driver, _Out_ Config* config);
NTSTATUS AddFilteringObjects(_In_ HANDLE engine, _In_ const Config& config);

} // namespace fw
