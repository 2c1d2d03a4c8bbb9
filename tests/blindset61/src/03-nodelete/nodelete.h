/*
 * nodelete.h
 *
 * NoDelete: refuses deletes/renames of files with protected extensions
 * (default: .kdbx .wallet .pem) on local volumes. Config lives under the
 * service key, extra extensions can be pushed from nodelctl over the port.
 */
#ifndef _NODELETE_H_
#define _NODELETE_H_

#include <fltKernel.h>

#define ND_TAG              'leDN'
#define ND_PORT_NAME        L"\\NoDeletePort"
#define ND_MAX_EXT          16
#define ND_EXT_CCH          16

#define ND_DBG(fmt, ...)    DbgPrint("NoDelete: " fmt "\n", __VA_ARGS__)

#define CHECK_STATUS(s, what)                                           \
    if (!NT_SUCCESS(s)) {                                               \
        ND_DBG("%s failed with 0x%08X (%s:%d)", what, s, __FILE__, __LINE__); \
        return s;                                                       \
    }

typedef struct _ND_EXTENSION {
    USHORT Length;                  /* bytes, no terminator */
    WCHAR  Buffer[ND_EXT_CCH];
} ND_EXTENSION, *PND_EXTENSION;

typedef struct _ND_CONFIG {
    ULONG        Count;
    ND_EXTENSION Ext[ND_MAX_EXT];
} ND_CONFIG, *PND_CONFIG;

typedef struct _ND_GLOBALS {
    PFLT_FILTER     Filter;
    PFLT_PORT       ServerPort;
    PFLT_PORT       ClientPort;
    PND_CONFIG      Config;
    UNICODE_STRING  ServiceKey;
    BOOLEAN         ProtectRemovable;
    FAST_MUTEX      ConfigLock;
} ND_GLOBALS;

extern ND_GLOBALS g_Nd;

/* config.c */
NTSTATUS NdLoadConfig(_In_ PUNICODE_STRING RegistryPath);
VOID     NdFreeConfig(VOID);
BOOLEAN  NdIsProtected(_In_ PCUNICODE_STRING Extension);
BOOLEAN  NdReadServiceFlag(_In_ PCWSTR ValueName, _In_ BOOLEAN Default);
NTSTATUS NdAddExtension(_In_reads_bytes_(Length) PCWSTR Ext, _In_ USHORT Length);

#endif
