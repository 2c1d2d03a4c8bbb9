/*
 * regmon - tiny registry activity counter / Run-key blocker
 *
 * (c) hobby project, use at your own risk
 */
#pragma once

#include <ntddk.h>

#define RM_TAG              'nMgR'
#define RM_DEVICE_NAME      L"\\Device\\RegMon"
#define RM_LINK_NAME        L"\\DosDevices\\RegMon"
#define RM_ALTITUDE         L"385210"

#define RM_LOG_NONE         0x0
#define RM_LOG_BLOCKED      0x1
#define RM_LOG_ALL          0x3
#define RM_LOG_DEFAULT      RM_LOG_BLOCKED

#define IOCTL_RM_GET_COUNTERS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_RM_RELOAD_CONFIG CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define RMLOG(mask, _x_)    do { if (g_Rm.LogMask & (mask)) { DbgPrint("regmon: "); DbgPrint _x_; } } while (0)

#define CHECK_STATUS(_s, _what)                                              \
    if (!NT_SUCCESS(_s)) {                                                   \
        DbgPrint("regmon: %s failed with 0x%08X\n", (_what), (_s));          \
        goto Exit;                                                           \
    }

typedef struct _RM_COUNTERS {
    LONG SetValue;
    LONG DeleteValue;
    LONG CreateKey;
    LONG DeleteKey;
    LONG Blocked;
} RM_COUNTERS, *PRM_COUNTERS;

typedef struct _RM_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    PDEVICE_OBJECT  DeviceObject;
    UNICODE_STRING  RegistryPath;       /* service key, used for IOCTL_RM_RELOAD_CONFIG */
    LARGE_INTEGER   Cookie;
    BOOLEAN         CallbackRegistered;
    ULONG           LogMask;
    ULONG           BlockRunKeys;
    RM_COUNTERS     Counters;
} RM_GLOBALS, *PRM_GLOBALS;

extern RM_GLOBALS g_Rm;

/* regcb.c */
EX_CALLBACK_FUNCTION RmRegistryCallback;

/* config.c */
NTSTATUS RmLoadConfig(_In_ PCUNICODE_STRING RegistryPath);
