/*
 * pnpwatch.h - device interface arrival/removal recorder.
 *
 * Watches volume interfaces (and, if enabled, HID interfaces) and keeps a
 * bounded history that the inventory agent reads via \\.\PnpWatch.
 */
#ifndef PNPWATCH_H
#define PNPWATCH_H

#include <ntddk.h>
#include <ntstrsafe.h>
#include <wdmguid.h>
#include <ntddstor.h>
#include <hidclass.h>

#define PW_TAG              'hWpP'
#define PW_DEVICE_NAME      L"\\Device\\PnpWatch"
#define PW_LINK_NAME        L"\\DosDevices\\PnpWatch"
#define PW_MAX_LINK_CHARS   200

#define IOCTL_PW_GET_HISTORY CTL_CODE(FILE_DEVICE_UNKNOWN, 0x840, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PW_CLEAR       CTL_CODE(FILE_DEVICE_UNKNOWN, 0x841, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _PW_SETTINGS {
    ULONG   MaxHistory;
    BOOLEAN WatchHid;
    BOOLEAN LogToDebugger;
} PW_SETTINGS, *PPW_SETTINGS;

typedef struct _PW_WATCH {
    const char     *Name;
    ULONG           Category;       /* 0 volume, 1 hid */
    volatile LONG   Arrivals;
    volatile LONG   Removals;
} PW_WATCH, *PPW_WATCH;

typedef struct _PW_EVENT {
    LIST_ENTRY      Link;
    LARGE_INTEGER   Time;
    ULONG           Category;
    BOOLEAN         Arrival;
    WCHAR           SymbolicLink[PW_MAX_LINK_CHARS];
} PW_EVENT, *PPW_EVENT;

/* what IOCTL_PW_GET_HISTORY returns, one after the other */
typedef struct _PW_EVENT_OUT {
    LARGE_INTEGER   Time;
    ULONG           Category;
    ULONG           Arrival;
    WCHAR           SymbolicLink[PW_MAX_LINK_CHARS];
} PW_EVENT_OUT, *PPW_EVENT_OUT;

typedef struct _PW_GLOBALS {
    PDEVICE_OBJECT  Device;
    UNICODE_STRING  LinkName;
    PW_SETTINGS     Settings;

    PVOID           VolumeEntry;
    PVOID           HidEntry;
    PW_WATCH        VolumeWatch;
    PW_WATCH        HidWatch;

    FAST_MUTEX      HistoryLock;
    LIST_ENTRY      History;
    ULONG           HistoryCount;
} PW_GLOBALS, *PPW_GLOBALS;

extern PW_GLOBALS g_Pw;

/* config.c */
VOID     PwDefaultSettings(_Out_ PPW_SETTINGS Settings);
NTSTATUS PwReadSettings(_In_ PUNICODE_STRING RegistryPath, _Out_ PPW_SETTINGS Settings);

/* notify.c */
DRIVER_NOTIFICATION_CALLBACK_ROUTINE PwInterfaceNotify;
VOID  PwClearHistory(VOID);
ULONG PwCopyHistory(_Out_writes_bytes_(Bytes) PVOID Buffer, _In_ ULONG Bytes);

#endif
