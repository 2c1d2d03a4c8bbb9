/*
 * regcfg.h
 *
 * Control device whose behaviour comes from
 *   HKLM\SYSTEM\CurrentControlSet\Services\regcfg\Parameters
 *     MaxClients  REG_DWORD  (default 4)
 *     Verbose     REG_DWORD  (default 0)
 *     Banner      REG_SZ     (optional, echoed on open)
 */
#ifndef REGCFG_H
#define REGCFG_H

#include <ntddk.h>

#define RC_TAG              'gfCR'
#define RC_DEVICE           L"\\Device\\RegCfg"
#define RC_LINK             L"\\DosDevices\\RegCfg"
#define RC_PARAMS_SUBKEY    L"\\Parameters"

#define RC_DEFAULT_CLIENTS  4
#define RC_MAX_CLIENTS      64
#define RC_MAX_BANNER       (256 * sizeof(WCHAR))

#define DBG_TRACE(...)  do { if (g_Cfg.Verbose) DbgPrint("regcfg: " __VA_ARGS__); } while (0)
#define DBG_ERR(...)    DbgPrint("regcfg: ERROR " __VA_ARGS__)

typedef struct _RC_CONFIG {
    ULONG          MaxClients;
    ULONG          Verbose;
    UNICODE_STRING Banner;          /* Buffer from pool, may be NULL */
} RC_CONFIG, *PRC_CONFIG;

typedef struct _RC_GLOBALS {
    PDEVICE_OBJECT Device;
    UNICODE_STRING Link;
    volatile LONG  Clients;
} RC_GLOBALS;

extern RC_CONFIG  g_Cfg;
extern RC_GLOBALS g_Rc;

/* config.c */
NTSTATUS RcLoadConfig(_In_ PCUNICODE_STRING RegistryPath, _Out_ PRC_CONFIG Cfg);
VOID     RcFreeConfig(_Inout_ PRC_CONFIG Cfg);

#endif
