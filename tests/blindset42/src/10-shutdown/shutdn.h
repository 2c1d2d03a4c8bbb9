/*
 * shutdn.h - "lastgasp": records clean shutdowns in the service key
 */
#pragma once

#include <ntddk.h>

#define LG_TAG                  'psGL'

#define LG_VALUE_COUNT          L"ShutdownCount"
#define LG_VALUE_LAST           L"LastShutdown"
#define LG_VALUE_LABEL          L"Label"
#define LG_VALUE_VERBOSE        L"Verbose"

#define LG_DEFAULT_LABEL        L"lastgasp"

#define LG_DONE_DEVICE          0x01
#define LG_DONE_SHUTDOWN        0x02
#define LG_DONE_KEYCOPY         0x04
#define LG_DONE_CONFIG          0x08

#define LGLOG(_x_)              do { if (g_Lg.Verbose) DbgPrint _x_; } while (0)

typedef struct _LG_GLOBALS {
    ULONG           Done;           /* LG_DONE_xxx */
    PDEVICE_OBJECT  Device;
    UNICODE_STRING  ServiceKey;     /* our own NUL terminated copy */
    UNICODE_STRING  Label;          /* allocated by RtlQueryRegistryValues */
    ULONG           Verbose;
    ULONG           ShutdownCount;
} LG_GLOBALS;

extern LG_GLOBALS g_Lg;

/* regcfg.c */
NTSTATUS LgCopyServiceKey(_In_ PCUNICODE_STRING RegistryPath);
NTSTATUS LgReadConfig(VOID);
NTSTATUS LgWriteShutdownRecord(VOID);
VOID     LgFreeConfig(VOID);
