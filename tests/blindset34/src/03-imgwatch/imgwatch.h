#pragma once
//
// imgwatch - research driver that logs image loads, process creation
// and remote thread creation (CreateRemoteThread style injection).
//
#include <ntddk.h>

#define IW_TAG        'wgmI'
#define IW_NAME_CHARS 260

#define IW_LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "imgwatch: " fmt "\n", __VA_ARGS__)
#define IW_ERR(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "imgwatch: ERROR " fmt "\n", __VA_ARGS__)

typedef struct _IW_CONFIG {
    ULONG LogSystemImages;      // also report kernel-mode image loads
    ULONG LogRemoteThreads;     // report threads created from another process
    ULONG ResolveFileSize;      // open the image file from a worker and log its size
} IW_CONFIG, *PIW_CONFIG;

typedef struct _IW_GLOBALS {
    PDRIVER_OBJECT DriverObject;
    IW_CONFIG      Config;
    volatile LONG  Stopping;
    volatile LONG  ImageCount;
    volatile LONG  RemoteThreadCount;
} IW_GLOBALS, *PIW_GLOBALS;

typedef struct _IW_IMAGE_WORK {
    WORK_QUEUE_ITEM Item;
    HANDLE          ProcessId;
    PVOID           ImageBase;
    SIZE_T          ImageSize;
    USHORT          NameLength;                 // bytes
    WCHAR           Name[IW_NAME_CHARS];
} IW_IMAGE_WORK, *PIW_IMAGE_WORK;

typedef NTSTATUS (*PIW_REGISTER_FN)(VOID);
typedef VOID     (*PIW_UNREGISTER_FN)(VOID);

typedef struct _IW_NOTIFY {
    PCSTR             Name;
    PIW_REGISTER_FN   Register;
    PIW_UNREGISTER_FN Unregister;
} IW_NOTIFY;

extern IW_GLOBALS g_Iw;

// config.c
VOID IwReadConfig(_In_ PUNICODE_STRING RegistryPath, _Out_ PIW_CONFIG Config);

// notify.c
NTSTATUS IwStartNotifications(VOID);
VOID     IwStopNotifications(VOID);
