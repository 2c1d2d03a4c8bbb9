/*
 * kguard.h
 *
 * KGuard: tiny "anti-cheat" for my game project.
 *  - process notify: spots Game.exe starting / exiting
 *  - ob callbacks:   strips VM/terminate rights from handles to the game
 *  - cm callback:    keeps other processes out of HKLM\SOFTWARE\KGuardGame
 *  - \\.\KGuard:     lets the launcher query state / override the game pid
 */
#pragma once

#include <ntifs.h>

#define KG_TAG              'drGK'
#define KG_DEVICE           L"\\Device\\KGuard"
#define KG_LINK             L"\\DosDevices\\KGuard"
#define KG_OB_ALTITUDE      L"360101"
#define KG_CM_ALTITUDE      L"360102"
#define KG_GAME_IMAGE       L"\\Game.exe"
#define KG_GAME_KEY         L"\\REGISTRY\\MACHINE\\SOFTWARE\\KGuardGame"

#define IOCTL_KG_QUERY      CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KG_SET_PID    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA02, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define KG_STRIP_MASK       (0x0001 /*TERMINATE*/ | 0x0008 /*VM_OPERATION*/ | \
                             0x0010 /*VM_READ*/   | 0x0020 /*VM_WRITE*/ | 0x0002 /*CREATE_THREAD*/)

#ifdef KG_VERBOSE
#define KG_TRACE(...)       DbgPrint("[kguard] " __VA_ARGS__)
#else
#define KG_TRACE(...)       ((void)0)
#endif
#define KG_ERROR(...)       DbgPrint("[kguard] error: " __VA_ARGS__)

typedef struct _KG_QUERY {
    ULONG GamePid;
    LONG  HandlesStripped;
    LONG  RegWritesBlocked;
} KG_QUERY, *PKG_QUERY;

typedef struct _KG_GLOBALS {
    PDEVICE_OBJECT  DeviceObject;
    PVOID           ObHandle;
    LARGE_INTEGER   CmCookie;
    PVOID volatile  GamePid;
    volatile LONG   HandlesStripped;
    volatile LONG   RegWritesBlocked;
} KG_GLOBALS;

extern KG_GLOBALS g_Kg;

/* callbacks.c */
VOID     KgProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
NTSTATUS KgInstallObCallbacks(VOID);
VOID     KgRemoveObCallbacks(VOID);
NTSTATUS KgInstallRegistryFilter(_In_ PDRIVER_OBJECT DriverObject);
VOID     KgRemoveRegistryFilter(VOID);

/* dispatch.c */
DRIVER_DISPATCH KgCreateClose;
DRIVER_DISPATCH KgDeviceControl;
