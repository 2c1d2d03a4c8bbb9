//
// sensor.h -- kernel sensor for the endpoint agent.
//
// Collects process, image-load, thread and registry activity, filters
// handle access to protected processes, and queues events for the agent
// service, which drains them through \\.\SnSensor.
//
// Copyright (c) Sentinel Labs Endpoint Team. Internal use only.
//

#pragma once

#include <ntifs.h>
#include <ntddk.h>
#include <wdmsec.h>
#include <ntstrsafe.h>

#define SN_VERSION              "3.7.2"
#define SN_TAG                  'rsnS'
#define SN_EVENT_TAG            'vEnS'
#define SN_CONFIG_TAG           'fCnS'

#define SN_DEVICE_NAME          L"\\Device\\SnSensor"
#define SN_LINK_NAME            L"\\DosDevices\\SnSensor"
#define SN_ALTITUDE             L"385210"

#define SN_MAX_PROTECTED        8
#define SN_DEFAULT_QUEUE_DEPTH  4096

#define IOCTL_SN_GET_EVENTS     CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_SN_GET_STATS      CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA02, METHOD_BUFFERED, FILE_READ_ACCESS)

// {8E2A64B1-3C07-4DB5-A9F8-21C6E0D7B594}
DEFINE_GUID(GUID_SN_DEVCLASS,
    0x8e2a64b1, 0x3c07, 0x4db5, 0xa9, 0xf8, 0x21, 0xc6, 0xe0, 0xd7, 0xb5, 0x94);

//
// Logging
//
#define SN_LOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "[sensor] " fmt "\n", ##__VA_ARGS__)
#define SN_ERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[sensor] ERROR " fmt "\n", ##__VA_ARGS__)

//
// g_Sn.Flags
//
#define SN_FLAG_QUEUE           0x0001
#define SN_FLAG_CALLBACKS       0x0002
#define SN_FLAG_DEVICE          0x0004
#define SN_FLAG_THREADMON       0x0008

typedef enum _SN_EVENT_TYPE {
    SnEventProcessCreate = 1,
    SnEventProcessExit,
    SnEventImageLoad,
    SnEventThreadCreate,
    SnEventThreadExit,
    SnEventRegistrySetValue,
    SnEventHandleStripped
} SN_EVENT_TYPE;

typedef struct _SN_EVENT_RECORD {
    SN_EVENT_TYPE   Type;
    ULONG           ProcessId;
    ULONG           ParentOrThreadId;
    LARGE_INTEGER   Time;
    USHORT          PathLength;             // bytes
    WCHAR           Path[260];
} SN_EVENT_RECORD, *PSN_EVENT_RECORD;

typedef struct _SN_EVENT {
    LIST_ENTRY      Link;
    SN_EVENT_RECORD Record;
} SN_EVENT, *PSN_EVENT;

typedef struct _SN_QUEUE {
    KSPIN_LOCK              Lock;
    LIST_ENTRY              Head;
    ULONG                   Count;
    ULONG                   Depth;
    volatile LONG           Dropped;
    NPAGED_LOOKASIDE_LIST   Lookaside;
    BOOLEAN                 LookasideReady;
} SN_QUEUE, *PSN_QUEUE;

typedef struct _SN_CONFIG {
    ULONG           QueueDepth;
    BOOLEAN         ThreadMonitor;
    BOOLEAN         RegistryMonitor;
    BOOLEAN         ProtectAgent;
    ULONG           ProtectedCount;
    UNICODE_STRING  Protected[SN_MAX_PROTECTED];    // image file names
    PWCHAR          ProtectedBuffer;
} SN_CONFIG, *PSN_CONFIG;

typedef struct _SN_GLOBALS {
    ULONG               Flags;
    PDRIVER_OBJECT      DriverObject;
    PDEVICE_OBJECT      DeviceObject;
    UNICODE_STRING      LinkName;

    SN_CONFIG           Config;
    SN_QUEUE            Queue;

    EX_RUNDOWN_REF      CallbackRundown;

    //
    // Registrations owned by callbacks.c / threadmon.c
    //
    BOOLEAN             ProcessNotifyRegistered;
    BOOLEAN             ImageNotifyRegistered;
    PVOID               ObRegistrationHandle;
    LARGE_INTEGER       CmCookie;
    BOOLEAN             CmRegistered;
    BOOLEAN             ThreadNotifyRegistered;
    BOOLEAN             ThreadNotifyIsEx;

    HANDLE              AgentProcessId;
} SN_GLOBALS, *PSN_GLOBALS;

extern SN_GLOBALS g_Sn;

// config.c
NTSTATUS SnConfigLoad(_In_ PUNICODE_STRING RegistryPath, _Out_ PSN_CONFIG Config);
VOID     SnConfigFree(_Inout_ PSN_CONFIG Config);
BOOLEAN  SnConfigIsProtectedImage(_In_ PCUNICODE_STRING ImageName);

// queue.c
NTSTATUS SnQueueInit(_Out_ PSN_QUEUE Queue, _In_ ULONG Depth);
VOID     SnQueueFini(_Inout_ PSN_QUEUE Queue);
PSN_EVENT SnQueueAllocate(_In_ PSN_QUEUE Queue);
VOID     SnQueuePush(_In_ PSN_QUEUE Queue, _In_ PSN_EVENT Event);
ULONG    SnQueueDrain(_In_ PSN_QUEUE Queue, _Out_writes_(MaxRecords) PSN_EVENT_RECORD Records, _In_ ULONG MaxRecords);

// callbacks.c
NTSTATUS SnCallbacksInit(_Inout_ PSN_GLOBALS Globals);
VOID     SnCallbacksFini(_Inout_ PSN_GLOBALS Globals);
VOID     SnPostEvent(_In_ SN_EVENT_TYPE Type, _In_ HANDLE ProcessId, _In_ HANDLE Other, _In_opt_ PCUNICODE_STRING Path);

// threadmon.c
NTSTATUS SnThreadMonInit(_Inout_ PSN_GLOBALS Globals);
VOID     SnThreadMonFini(_Inout_ PSN_GLOBALS Globals);

// device.c
NTSTATUS SnDeviceCreate(_In_ PDRIVER_OBJECT DriverObject, _Inout_ PSN_GLOBALS Globals);
NTSTATUS SnDeviceDelete(_Inout_ PSN_GLOBALS Globals);

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH SnDispatchCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH SnDispatchDeviceControl;
