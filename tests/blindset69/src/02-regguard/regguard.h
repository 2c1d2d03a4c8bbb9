#ifndef _REGGUARD_H_
#define _REGGUARD_H_

#include <ntifs.h>

#define RG_TAG              'dGgR'
#define RG_ALTITUDE         L"385210"
#define RG_MAX_PROTECTED    32

#define RGLOG(...)  KdPrint(("regguard: " __VA_ARGS__))

typedef struct _RG_PROTECTED_KEY {
    LIST_ENTRY      Link;
    UNICODE_STRING  Path;          /* points into the same allocation */
} RG_PROTECTED_KEY, *PRG_PROTECTED_KEY;

typedef struct _RG_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    UNICODE_STRING  ServiceKey;     /* our service key, used to re-read config */
    LARGE_INTEGER   Cookie;
    BOOLEAN         Registered;
    EX_PUSH_LOCK    Lock;
    LIST_ENTRY      Protected;
    ULONG           ProtectedCount;
    volatile LONG   Blocked;
} RG_GLOBALS;

extern RG_GLOBALS g_Rg;

/* config.c */
NTSTATUS RgLoadConfig(VOID);
VOID     RgFreeConfig(VOID);
BOOLEAN  RgIsProtected(PCUNICODE_STRING KeyPath);

/* callback.c */
EX_CALLBACK_FUNCTION RgRegistryCallback;

#endif
