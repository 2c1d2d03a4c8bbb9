/*
 * lwfshaper - NDIS 6 LWF that enforces a per-adapter transmit frame
 * budget (frames per second).  Frames over budget are completed back
 * to the sender with NDIS_STATUS_RESOURCES.  \\.\LwfShaper sets the budget.
 */
#ifndef _LWFSHAPER_H_
#define _LWFSHAPER_H_

#include <ndis.h>

#define SH_TAG                  'pShL'
#define SH_DRIVER_MAJOR         2
#define SH_DRIVER_MINOR         1
#define SH_DEFAULT_BUDGET       100000          /* frames per second */

#define SH_SERVICE_NAME         L"LwfShaper"
#define SH_UNIQUE_NAME          L"{4E0B7C5A-93D1-4F2A-B6C8-7D1E2F3A4B5C}"
#define SH_FRIENDLY_NAME        L"LwfShaper Transmit Budget Filter"
#define SH_DEVICE_NAME          L"\\Device\\LwfShaper"
#define SH_LINK_NAME            L"\\DosDevices\\LwfShaper"

#define IOCTL_SHAPER_SET_BUDGET CTL_CODE(FILE_DEVICE_NETWORK, 0x820, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define SHLOG(_l, _f, ...)  DbgPrintEx(DPFLTR_IHVNETWORK_ID, (_l), "lwfshaper: " _f "\n", __VA_ARGS__)

typedef enum _SH_STATE { ShDetached, ShPaused, ShRunning, ShPausing } SH_STATE;

typedef struct _SH_MODULE {
    LIST_ENTRY      Link;
    NDIS_HANDLE     FilterHandle;
    SH_STATE        State;
    NDIS_SPIN_LOCK  Lock;               /* protects the window below */
    ULONGLONG       WindowStart;        /* KeQueryInterruptTime units */
    ULONG           WindowFrames;
    LONG64          Dropped;
} SH_MODULE, *PSH_MODULE;

typedef struct _SH_GLOBALS {
    NDIS_HANDLE             FilterDriverHandle;
    NDIS_HANDLE             DeviceHandle;
    PDEVICE_OBJECT          DeviceObject;
    NDIS_SPIN_LOCK          ListLock;
    LIST_ENTRY              ModuleList;
    volatile LONG           Budget;
} SH_GLOBALS;

extern SH_GLOBALS Globals;

DRIVER_INITIALIZE                   DriverEntry;
DRIVER_UNLOAD                       ShUnload;
FILTER_ATTACH                       ShAttach;
FILTER_DETACH                       ShDetach;
FILTER_RESTART                      ShRestart;
FILTER_PAUSE                        ShPause;
FILTER_SEND_NET_BUFFER_LISTS        ShSendNbls;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE ShSendNblsComplete;

/* shaper.c */
NDIS_STATUS ShGlobalsInit(VOID);
VOID        ShGlobalsUninit(VOID);

/* control.c */
NDIS_STATUS ShControlInit(_In_ NDIS_HANDLE FilterDriverHandle);
VOID        ShControlUninit(VOID);

#endif
