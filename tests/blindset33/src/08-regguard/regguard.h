/*
 * regguard - blocks user-mode writes/deletes below protected registry
 * keys. Rules come from Services\RegGuard\Parameters\ProtectedKeys
 * (REG_MULTI_SZ) and can be edited at run time through \\.\RegGuard.
 */
#pragma once

#include <ntddk.h>

#define RG_TAG              'dGgR'
#define RG_DEVICE_NAME      L"\\Device\\RegGuard"
#define RG_LINK_NAME        L"\\??\\RegGuard"
#define RG_ALTITUDE         L"385210"
#define RG_MAX_RULES        64
#define RG_MAX_PATH         260

#define RG_DEVICE_TYPE      0x8C00
#define IOCTL_RG_ADD_RULE   CTL_CODE(RG_DEVICE_TYPE, 0x800, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_RG_CLEAR      CTL_CODE(RG_DEVICE_TYPE, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_RG_RELOAD     CTL_CODE(RG_DEVICE_TYPE, 0x802, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_RG_STATS      CTL_CODE(RG_DEVICE_TYPE, 0x803, METHOD_BUFFERED, FILE_READ_ACCESS)

#define RG_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "regguard: " fmt "\n", ##__VA_ARGS__)

/* evaluate, log and jump on failure */
#define RG_CHECK(expr, label)                                           \
    do {                                                                \
        status = (expr);                                                \
        if (!NT_SUCCESS(status)) {                                      \
            RG_LOG("%s failed: 0x%08X", #expr, status);                 \
            goto label;                                                 \
        }                                                               \
    } while (0)

typedef struct _RG_STATS {
    ULONG RuleCount;
    ULONG Denied;
} RG_STATS, *PRG_STATS;

typedef struct _RG_RULE {
    LIST_ENTRY     Link;
    UNICODE_STRING KeyPath;
    WCHAR          Buffer[ANYSIZE_ARRAY];
} RG_RULE, *PRG_RULE;

typedef struct _RG_GLOBALS {
    PDEVICE_OBJECT  DeviceObject;
    UNICODE_STRING  LinkName;
    BOOLEAN         LinkCreated;

    LARGE_INTEGER   Cookie;

    UNICODE_STRING  ServiceKey;     /* Services\RegGuard */
    ERESOURCE       RulesLock;
    LIST_ENTRY      Rules;
    ULONG           RuleCount;

    volatile LONG   Denied;
} RG_GLOBALS, *PRG_GLOBALS;

extern RG_GLOBALS g_Rg;

/* config.c */
NTSTATUS RgConfigInit(_In_ PUNICODE_STRING RegistryPath);
VOID     RgConfigCleanup(VOID);
NTSTATUS RgLoadRules(VOID);
NTSTATUS RgAddRule(_In_ PCUNICODE_STRING KeyPath);
VOID     RgFreeRulesLocked(VOID);
BOOLEAN  RgIsProtected(_In_ PCUNICODE_STRING KeyName);

/* regcb.c */
EX_CALLBACK_FUNCTION RgRegistryCallback;
