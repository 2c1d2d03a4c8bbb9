#pragma once

#include <ntddk.h>
#include <ntstrsafe.h>
#include <wdmguid.h>

//
// {7C3E1A52-93D4-4F0B-A8E1-2C61D5F0B9A4}
//
DEFINE_GUID(GUID_DEVINTERFACE_GIZMO_BUS,
    0x7c3e1a52, 0x93d4, 0x4f0b, 0xa8, 0xe1, 0x2c, 0x61, 0xd5, 0xf0, 0xb9, 0xa4);

#define GZ_POOL_TAG         'BziG'
#define GZ_MAX_CHILDREN     8
#define GZ_DEFAULT_CHILDREN 1
#define GZ_HW_ID            L"GizmoBus\\Gizmo\0"

#ifdef DBG
#define GzTrace(...)        DbgPrint("GizmoBus: " __VA_ARGS__)
#else
#define GzTrace(...)        ((void)0)
#endif

typedef enum { GzFdo = 1, GzPdo = 2 } GZ_DO_KIND;

// common header both extensions start with
typedef struct _GZ_COMMON {
    GZ_DO_KIND      Kind;
    PDEVICE_OBJECT  Self;
    BOOLEAN         Started;
    BOOLEAN         Removed;
} GZ_COMMON, *PGZ_COMMON;

typedef struct _GZ_FDO_EXT {
    GZ_COMMON       Common;
    PDEVICE_OBJECT  Pdo;
    PDEVICE_OBJECT  Lower;
    UNICODE_STRING  InterfaceName;
    FAST_MUTEX      ChildLock;
    LIST_ENTRY      Children;
    ULONG           ChildCount;
    ULONG           MaxChildren;
} GZ_FDO_EXT, *PGZ_FDO_EXT;

typedef struct _GZ_PDO_EXT {
    GZ_COMMON       Common;
    LIST_ENTRY      Link;
    PDEVICE_OBJECT  ParentFdo;
    ULONG           SerialNo;
} GZ_PDO_EXT, *PGZ_PDO_EXT;

typedef struct _GZ_GLOBALS {
    UNICODE_STRING  RegistryPath;
    volatile LONG   NextSerial;
} GZ_GLOBALS;

extern GZ_GLOBALS Globals;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE GzAddDevice;
DRIVER_UNLOAD     GzUnload;

_Dispatch_type_(IRP_MJ_PNP)            DRIVER_DISPATCH GzDispatchPnp;
_Dispatch_type_(IRP_MJ_POWER)          DRIVER_DISPATCH GzDispatchPower;

NTSTATUS GzFdoPnp(_In_ PGZ_FDO_EXT Fdo, _Inout_ PIRP Irp);
NTSTATUS GzPdoPnp(_In_ PGZ_PDO_EXT Pdo, _Inout_ PIRP Irp);
NTSTATUS GzCreateChildren(_In_ PGZ_FDO_EXT Fdo);
ULONG    GzQueryMaxChildren(_In_ PCUNICODE_STRING RegPath);
