#ifndef VOLWATCH_H
#define VOLWATCH_H

#include <ntddk.h>

#define VW_TAG              'hcWV'
#define VW_DEVICE_NAME      L"\\Device\\VolWatch"
#define VW_LINK_NAME        L"\\DosDevices\\VolWatch"
#define VW_DEFAULT_TARGET   L"\\Device\\HarddiskVolume3"
#define VW_DEFAULT_ATTEMPTS 8

#define IOCTL_VW_QUERY CTL_CODE(FILE_DEVICE_UNKNOWN, 0x870, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _VW_PARAMS {
    UNICODE_STRING TargetName;      /* pool-allocated */
    ULONG MaxAttempts;
} VW_PARAMS, *PVW_PARAMS;

typedef struct _VW_QUERY_OUTPUT {
    BOOLEAN TargetFound;
    ULONG Attempts;
    ULONG TargetDeviceType;
} VW_QUERY_OUTPUT, *PVW_QUERY_OUTPUT;

typedef struct _VW_REINIT_CONTEXT {
    PUNICODE_STRING RegistryPath;
    ULONG Attempts;
} VW_REINIT_CONTEXT, *PVW_REINIT_CONTEXT;

typedef struct _VW_GLOBALS {
    PDEVICE_OBJECT Control;
    UNICODE_STRING RegistryPath;    /* private copy */
    FAST_MUTEX Lock;
    VW_PARAMS Params;
    PFILE_OBJECT TargetFile;
    PDEVICE_OBJECT TargetDevice;
    ULONG Attempts;
} VW_GLOBALS;

extern VW_GLOBALS g_Vw;

/* config.c */
NTSTATUS CfgReadParameters(_In_ PCUNICODE_STRING RegistryPath, _Out_ PVW_PARAMS Params);
NTSTATUS CfgDefaults(_Out_ PVW_PARAMS Params);
VOID CfgFree(_Inout_ PVW_PARAMS Params);

#endif
