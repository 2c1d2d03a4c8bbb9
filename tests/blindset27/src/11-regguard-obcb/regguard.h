// regguard.h - RegGuard: tamper protection for the Northwind agent
// (process-handle stripping via Ob callbacks, registry write blocking via
// Cm callbacks, agent registration and event retrieval via \\.\RegGuard).
#pragma once

extern "C" {
#include <ntifs.h>
#include <wdmsec.h>
#include <ntstrsafe.h>
}

constexpr ULONG RG_TAG_STRING = 'sGgR';
constexpr ULONG RG_TAG_EVENT  = 'eGgR';
constexpr ULONG RG_MAX_EVENTS = 256;
constexpr ULONG RG_EVENT_PATH_CHARS = 200;

#define RG_DEVICE_NAME   L"\\Device\\RegGuard"
#define RG_LINK_NAME     L"\\DosDevices\\RegGuard"
#define RG_ALTITUDE      L"385201.5"

#define IOCTL_RG_SET_AGENT   CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB01, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_RG_GET_EVENTS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB02, METHOD_BUFFERED, FILE_READ_ACCESS)

struct RG_EVENT_RECORD {
    LARGE_INTEGER Time;
    ULONG         ProcessId;
    ULONG         Operation;      // REG_NOTIFY_CLASS
    WCHAR         KeyPath[RG_EVENT_PATH_CHARS];
};

struct RG_EVENT { LIST_ENTRY Link; RG_EVENT_RECORD Record; };

struct RG_GLOBALS {
    PDEVICE_OBJECT        ControlDevice;
    PVOID                 ObRegistration;
    LARGE_INTEGER         CmCookie;
    BOOLEAN               LinkCreated;
    NPAGED_LOOKASIDE_LIST EventLookaside;
    KSPIN_LOCK            EventLock;
    LIST_ENTRY            EventList;
    ULONG                 EventCount;
    UNICODE_STRING        ServiceKey;     // pool copy of the RegistryPath
    UNICODE_STRING        ProtectedKey;   // pool copy, \REGISTRY\MACHINE\...
    volatile LONG_PTR     AgentPid;       // 0 = no agent registered
};

extern RG_GLOBALS g_Rg;

// callbacks.cpp
OB_PREOP_CALLBACK_STATUS RgObPreCallback(_In_ PVOID Context, _Inout_ POB_PRE_OPERATION_INFORMATION Info);
EX_CALLBACK_FUNCTION     RgRegistryCallback;
void RgProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId, _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);

// events.cpp
void     RgEventStoreInit();
void     RgEventStoreDestroy();
void     RgRecordEvent(_In_ ULONG Operation, _In_ PCUNICODE_STRING KeyPath);
NTSTATUS RgCreateControlDevice(_In_ PDRIVER_OBJECT DriverObject);
void     RgDeleteControlDevice();
