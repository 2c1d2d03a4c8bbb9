/*
 * rparams.h - "rparams": a driver whose features are switched on and off
 * from its Parameters key.
 *
 *   HKLM\SYSTEM\CurrentControlSet\Services\rparams\Parameters
 *       EnableProcessLog  REG_DWORD  1
 *       EnableImageLog    REG_DWORD  1
 *       Verbose           REG_DWORD  0
 */
#ifndef RPARAMS_H
#define RPARAMS_H

#include <ntddk.h>

#define RP_TAG 'mraP'

#define RP_NT_NAME  L"\\Device\\RParams"
#define RP_DOS_NAME L"\\DosDevices\\RParams"

#define IOCTL_RP_GET_CONFIG CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8B0, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_RP_GET_STATS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8B1, METHOD_BUFFERED, FILE_READ_ACCESS)

#define RP_LOG(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "rparams: " __VA_ARGS__)
#define RP_VERBOSE(...) do { if (g_Config.Verbose) RP_LOG(__VA_ARGS__); } while (0)

typedef struct _RP_CONFIG {
    ULONG EnableProcessLog;
    ULONG EnableImageLog;
    ULONG Verbose;
} RP_CONFIG, *PRP_CONFIG;

typedef struct _RP_STATS {
    LONG ProcessEvents;
    LONG ImageEvents;
} RP_STATS;

extern RP_CONFIG g_Config;
extern RP_STATS g_Stats;

/* config.c */
VOID     RpSetDefaults(_Out_ PRP_CONFIG Config);
NTSTATUS RpReadConfig(_In_ PCUNICODE_STRING RegistryPath, _Inout_ PRP_CONFIG Config);

/* notify.c */
VOID RpProcessNotify(_In_ HANDLE ParentId, _In_ HANDLE ProcessId, _In_ BOOLEAN Create);
VOID RpImageNotify(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId, _In_ PIMAGE_INFO ImageInfo);

#endif
