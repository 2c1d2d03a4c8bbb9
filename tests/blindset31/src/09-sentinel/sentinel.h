#pragma once
//
// sentinel.h - host activity sensor (process, image and registry events)
//
#include <ntddk.h>

#define SNT_TAG_CONFIG      'cTnS'
#define SNT_TAG_RECORD      'rTnS'
#define SNT_DEVICE_NAME     L"\\Device\\Sentinel"
#define SNT_LINK_NAME       L"\\DosDevices\\Sentinel"
#define SNT_ALTITUDE        L"360123"
#define SNT_DEFAULT_MAX_QUEUED  2048
#define SNT_PATH_CHARS          120
#define IOCTL_SNT_READ_RECORDS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB00, METHOD_BUFFERED, FILE_READ_ACCESS)

#define SNT_LOG(level, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (level), "sentinel: " fmt "\n", __VA_ARGS__)

typedef enum _SNT_RECORD_KIND {
    SntProcessStart = 1,
    SntProcessStop,
    SntImageLoad,
    SntRegistryDelete
} SNT_RECORD_KIND;

typedef struct _SNT_RECORD_DATA {
    SNT_RECORD_KIND Kind;
    ULONG           ProcessId;
    ULONG           Extra;
    LARGE_INTEGER   Time;
    WCHAR           Path[SNT_PATH_CHARS];
} SNT_RECORD_DATA, *PSNT_RECORD_DATA;

typedef struct _SNT_RECORD {
    LIST_ENTRY      Link;
    SNT_RECORD_DATA Data;
} SNT_RECORD, *PSNT_RECORD;

typedef struct _SNT_GLOBALS {
    PDRIVER_OBJECT        DriverObject;
    PCUNICODE_STRING      RegistryPathAtEntry;   // valid only during DriverEntry
    UNICODE_STRING        ServiceKey;
    ULONG                 MaxQueued;
    NPAGED_LOOKASIDE_LIST RecordPool;
    KSPIN_LOCK            QueueLock;
    LIST_ENTRY            Queue;
    ULONG                 QueuedCount;
    volatile LONG         Dropped;
    PDEVICE_OBJECT        ControlDevice;
    LARGE_INTEGER         RegistryCookie;
    ULONG                 StepsCompleted;
} SNT_GLOBALS;

extern SNT_GLOBALS g_Snt;

typedef NTSTATUS SNT_STEP_INIT(VOID);
typedef VOID     SNT_STEP_TEARDOWN(VOID);

typedef struct _SNT_STEP {
    PCSTR              Name;
    SNT_STEP_INIT*     Init;
    SNT_STEP_TEARDOWN* Teardown;
} SNT_STEP;

// steps.c
SNT_STEP_INIT     SntConfigInit, SntPoolInit, SntQueueInit, SntDeviceInit, SntLinkInit,
                  SntProcessNotifyInit, SntImageNotifyInit, SntRegistryInit;
SNT_STEP_TEARDOWN SntConfigTeardown, SntPoolTeardown, SntQueueTeardown, SntDeviceTeardown,
                  SntLinkTeardown, SntProcessNotifyTeardown, SntImageNotifyTeardown,
                  SntRegistryTeardown;

// records.c
PSNT_RECORD SntAllocRecord(_In_ SNT_RECORD_KIND Kind, _In_ HANDLE ProcessId);
VOID        SntSetRecordPath(_Inout_ PSNT_RECORD Record, _In_opt_ PCUNICODE_STRING Path);
VOID        SntQueueRecord(_In_ PSNT_RECORD Record);
ULONG       SntDequeueRecords(_Out_writes_(Max) PSNT_RECORD_DATA Out, _In_ ULONG Max);
VOID        SntDrainQueue(VOID);

// callbacks.c
VOID SntProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                      _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);
VOID SntImageNotify(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId,
                    _In_ PIMAGE_INFO ImageInfo);
EX_CALLBACK_FUNCTION SntRegistryCallback;
