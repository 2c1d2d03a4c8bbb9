#ifndef _REGGUARD_H_
#define _REGGUARD_H_

#include <ntddk.h>

/*
 * RegGuard - denies changes below one registry key (configurable).
 *
 * HKLM\System\CurrentControlSet\Services\RegGuard\Parameters
 *     ProtectedKey  REG_SZ     \REGISTRY\MACHINE\SOFTWARE\...
 *     Enabled       REG_DWORD  0/1
 */

#define RG_TAG              'dGgR'
#define RG_ALTITUDE         L"385300"
#define RG_DEVICE_NAME      L"\\Device\\RegGuard"
#define RG_LINK_NAME        L"\\DosDevices\\RegGuard"
#define RG_DEFAULT_KEY      L"\\REGISTRY\\MACHINE\\SOFTWARE\\RegGuardDemo"
#define RG_MAX_KEY_BYTES    (512 * sizeof(WCHAR))

#define IOCTL_RG_ENABLE     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x860, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_RG_SET_KEY    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x861, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_RG_GET_STATS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x862, METHOD_BUFFERED, FILE_READ_ACCESS)

#define RG_LOG(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (lvl), "RegGuard: " fmt "\n", __VA_ARGS__)
#define RG_ERR(fmt, ...)  RG_LOG(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)
#define RG_INFO(fmt, ...) RG_LOG(DPFLTR_INFO_LEVEL, fmt, __VA_ARGS__)

typedef struct _RG_STATS {
    ULONG Enabled;
    ULONG Denied;
} RG_STATS, *PRG_STATS;

typedef struct _RG_GLOBALS {
    UNICODE_STRING  ServiceKey;         /* private copy of RegistryPath */
    UNICODE_STRING  ProtectedKey;       /* guarded by Lock */
    ERESOURCE       Lock;
    LARGE_INTEGER   Cookie;
    PDEVICE_OBJECT  DeviceObject;
    volatile LONG   Enabled;
    volatile LONG   Denied;
} RG_GLOBALS, *PRG_GLOBALS;

extern RG_GLOBALS g_Rg;

/* config.c */
NTSTATUS RgCopyString(_In_ PCUNICODE_STRING Source, _Out_ PUNICODE_STRING Dest);
VOID     RgFreeString(_Inout_ PUNICODE_STRING String);
NTSTATUS RgLoadConfig(_In_ PCUNICODE_STRING ServiceKey, _Out_ PUNICODE_STRING ProtectedKey,
                      _Out_ PLONG Enabled);

/* callback.c */
EX_CALLBACK_FUNCTION RgRegistryCallback;
NTSTATUS RgReplaceProtectedKey(_In_ PCUNICODE_STRING NewKey);

#endif
