/*
 * regguard.h
 *
 * Keeps our own service key (Start, ImagePath, ...) from being edited while
 * the anti-cheat is running. Only GuardSvc.exe may touch it.
 */
#pragma once

#include <ntifs.h>

#define RG_TAG              'dGgR'
#define RG_ALTITUDE         L"385210"
#define RG_LAUNCHER_IMAGE   L"\\GuardSvc.exe"

#define RG_PRINT(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, lvl, "[regguard] " fmt, __VA_ARGS__)
#define RG_INFO(fmt, ...)   RG_PRINT(DPFLTR_INFO_LEVEL, fmt, __VA_ARGS__)
#define RG_WARN(fmt, ...)   RG_PRINT(DPFLTR_WARNING_LEVEL, fmt, __VA_ARGS__)

#define CHECK_STATUS(s, what)                                       \
    do {                                                            \
        if (!NT_SUCCESS(s)) {                                       \
            RG_WARN("%s failed: 0x%08X\n", what, s);                \
            goto Exit;                                              \
        }                                                           \
    } while (0)

typedef struct _RG_GLOBALS {
    PDRIVER_OBJECT  Driver;
    LARGE_INTEGER   Cookie;
    BOOLEAN         CmRegistered;
    BOOLEAN         ProcWatch;
    UNICODE_STRING  ServiceName;        /* last component of the service key */
    PVOID volatile  LauncherPid;        /* GuardSvc.exe, NULL when not running */
    volatile LONG   Blocked;
    volatile LONG   Allowed;
} RG_GLOBALS, *PRG_GLOBALS;

extern RG_GLOBALS g_Rg;

/* regfilter.c */
NTSTATUS RgStartRegistryFilter(_In_ PDRIVER_OBJECT DriverObject);
VOID     RgStopRegistryFilter(VOID);

/* procwatch.c */
NTSTATUS RgStartProcessWatch(VOID);
VOID     RgStopProcessWatch(VOID);
BOOLEAN  RgIsLauncher(_In_ HANDLE ProcessId);
