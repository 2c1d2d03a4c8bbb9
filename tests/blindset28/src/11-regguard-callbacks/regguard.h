/*++
    RegGuard - denies user-mode writes/deletes/renames under protected
    registry prefixes (\Device\RegGuardCtl) and exposes counters, including
    image-load accounting, on \Device\RegGuardStat.
--*/
#pragma once

#include <ntifs.h>

#define RG_TAG_PREFIX           'pfGR'
#define RG_ALTITUDE             L"385230.5"
#define RG_MAX_PREFIXES         32
#define RG_MAX_PREFIX_BYTES     (512 * sizeof(WCHAR))
#define RG_DEVICE_COUNT         2

#define IOCTL_RG_ADD_PREFIX     CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB00, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_RG_CLEAR_PREFIXES CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB01, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_RG_GET_COUNTERS   CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB10, METHOD_BUFFERED, FILE_READ_ACCESS)

// Init stages; RgTeardown (DriverEntry failure path and unload) undoes the set ones, newest first.
#define RG_STAGE_STATE          0x00000001UL
#define RG_STAGE_DEVICES        0x00000002UL
#define RG_STAGE_REGISTRY_CB    0x00000004UL
#define RG_STAGE_IMAGE_CB       0x00000008UL

typedef enum _RG_DEVICE_ROLE {
    RgRoleControl = 0,
    RgRoleStatus  = 1
} RG_DEVICE_ROLE;

typedef struct _RG_DEVICE_EXTENSION {
    RG_DEVICE_ROLE Role;
} RG_DEVICE_EXTENSION, *PRG_DEVICE_EXTENSION;

typedef struct _RG_PREFIX {
    LIST_ENTRY     Link;
    UNICODE_STRING Path;                // buffer follows the structure
} RG_PREFIX, *PRG_PREFIX;

typedef struct _RG_COUNTERS {
    LONG  WritesDenied;
    LONG  ImagesLoaded;
    LONG  KernelImagesLoaded;
    ULONG PrefixCount;
} RG_COUNTERS, *PRG_COUNTERS;

typedef struct _RG_GLOBALS {
    ULONG          Stages;
    PDEVICE_OBJECT Devices[RG_DEVICE_COUNT];
    LARGE_INTEGER  CmCookie;

    ERESOURCE      PrefixLock;          // protects Prefixes / PrefixCount
    LIST_ENTRY     Prefixes;
    ULONG          PrefixCount;

    EX_RUNDOWN_REF Rundown;             // held by callbacks while they run

    volatile LONG  WritesDenied;
    volatile LONG  ImagesLoaded;
    volatile LONG  KernelImagesLoaded;
} RG_GLOBALS;

extern RG_GLOBALS g_Rg;

/* callbacks.c */
EX_CALLBACK_FUNCTION RgRegistryCallback;
VOID RgImageNotify(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId, _In_ PIMAGE_INFO ImageInfo);
NTSTATUS RgAddPrefix(_In_reads_bytes_(Bytes) PCWCH Path, _In_ USHORT Bytes);
VOID RgClearPrefixes(VOID);

/* dispatch.c */
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH RgDispatchCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH RgDispatchDeviceControl;
