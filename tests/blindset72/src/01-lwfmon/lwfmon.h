/*
 * lwfmon - tiny NDIS 6 lightweight filter that counts frames per binding.
 * Shared declarations.
 */
#pragma once

#include <ndis.h>

#define LWFMON_TAG              'nMwL'
#define LWFMON_NBL_TAG          'bMwL'
#define LWFMON_FRIENDLY_NAME    L"LwfMon NDIS Filter"
#define LWFMON_UNIQUE_NAME      L"{5cbf81bd-5055-47cd-9055-a76b2b4e2637}"
#define LWFMON_SERVICE_NAME     L"lwfmon"

#define LWFMON_NDIS_MAJOR       6
#define LWFMON_NDIS_MINOR       30

#define LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "lwfmon: " fmt "\n", __VA_ARGS__)
#define ERR(fmt, ...) DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "lwfmon!! " fmt "\n", __VA_ARGS__)

typedef enum _LWF_STATE {
    LwfDetached = 0,
    LwfPaused,
    LwfRunning,
    LwfPausing
} LWF_STATE;

typedef struct _LWF_MODULE {
    LIST_ENTRY      Link;
    NDIS_HANDLE     FilterHandle;
    NDIS_HANDLE     NblPool;
    LWF_STATE       State;
    NET_IFINDEX     IfIndex;
    volatile LONG64 RxFrames;
    volatile LONG64 TxFrames;
    WCHAR           Name[64];
} LWF_MODULE, *PLWF_MODULE;

typedef struct _LWF_GLOBALS {
    NDIS_HANDLE     DriverHandle;
    PDRIVER_OBJECT  DriverObject;
    NDIS_SPIN_LOCK  Lock;
    LIST_ENTRY      Modules;
    ULONG           ModuleCount;
} LWF_GLOBALS;

extern LWF_GLOBALS g_Lwf;

FILTER_ATTACH  LwfAttach;
FILTER_DETACH  LwfDetach;
FILTER_RESTART LwfRestart;
FILTER_PAUSE   LwfPause;
FILTER_RECEIVE_NET_BUFFER_LISTS LwfReceiveNbls;
FILTER_SEND_NET_BUFFER_LISTS    LwfSendNbls;
