#ifndef IMGGUARD_H
#define IMGGUARD_H

#include <ntifs.h>
#include <ntddk.h>
#include <ntstrsafe.h>

#define IG_TAG              'dGgI'
#define IG_DEVICE_NAME      L"\\Device\\ImgGuard"
#define IG_DOS_NAME         L"\\DosDevices\\ImgGuard"
#define IG_ALTITUDE         L"360420"

#define IG_MAX_ENTRIES      32
#define IG_NAME_CHARS       64
#define IG_MAX_ALERTS       64

#define IOCTL_IG_ADD_NAME   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x830, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_IG_CLEAR      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x831, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_IG_GET_ALERTS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x832, METHOD_BUFFERED, FILE_READ_ACCESS)

#define IgLog(...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL, "ImgGuard: " __VA_ARGS__)

typedef enum _IG_ALERT_KIND {
    IgAlertDriverLoad   = 1,
    IgAlertServiceKey   = 2
} IG_ALERT_KIND;

typedef struct _IG_ALERT {
    ULONG           Kind;
    ULONG           ProcessId;
    LARGE_INTEGER   Time;
    WCHAR           Name[IG_NAME_CHARS];
} IG_ALERT, *PIG_ALERT;

typedef struct _IG_BLOCKLIST {
    KSPIN_LOCK      Lock;
    ULONG           Count;
    WCHAR           Names[IG_MAX_ENTRIES][IG_NAME_CHARS];

    ULONG           AlertHead;
    ULONG           AlertCount;
    IG_ALERT        Alerts[IG_MAX_ALERTS];
} IG_BLOCKLIST, *PIG_BLOCKLIST;

typedef struct _IG_GLOBALS {
    PDEVICE_OBJECT  Device;
    UNICODE_STRING  DosName;
    PIG_BLOCKLIST   Blocklist;
    LARGE_INTEGER   CmCookie;
} IG_GLOBALS;

extern IG_GLOBALS g_Guard;

/* blocklist.c */
VOID     IgBlocklistInit(_Inout_ PIG_BLOCKLIST List);
BOOLEAN  IgBlocklistMatch(_In_ PCUNICODE_STRING Path, _Out_writes_(IG_NAME_CHARS) PWCHAR Matched);
NTSTATUS IgBlocklistAdd(_In_reads_bytes_(Bytes) PCWSTR Name, _In_ ULONG Bytes);
VOID     IgBlocklistClear(VOID);
VOID     IgAlertPush(_In_ IG_ALERT_KIND Kind, _In_ PCWSTR Name);
ULONG    IgAlertFetch(_Out_writes_(Max) PIG_ALERT Out, _In_ ULONG Max);

/* notify.c */
VOID IgImageNotify(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId, _In_ PIMAGE_INFO ImageInfo);
EX_CALLBACK_FUNCTION IgRegistryCallback;

#endif
