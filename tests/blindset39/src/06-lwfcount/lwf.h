#ifndef _LWF_H_
#define _LWF_H_

#define NDIS630 1
#include <ndis.h>

#define LWF_TAG                 'tCwL'
#define LWF_NDIS_MAJOR          6
#define LWF_NDIS_MINOR          30
#define LWF_DRIVER_MAJOR        1
#define LWF_DRIVER_MINOR        2

#define LWF_FRIENDLY_NAME       L"LwfCount NDIS Filter"
/* must match FilterClass/Unique id in the INF */
#define LWF_UNIQUE_NAME         L"{7E1E2B53-21B3-4C4A-9A0D-5B0C3E1F8A41}"
#define LWF_SERVICE_NAME        L"LwfCount"

#define DEBUGP(lvl, ...)        do { if ((lvl) <= g_DebugLevel) DbgPrint("LwfCount: " __VA_ARGS__); } while (0)
#define DL_ERROR    0
#define DL_INFO     1
#define DL_TRACE    2

typedef enum _LWF_STATE {
    LwfDetached = 0,
    LwfPaused,
    LwfRunning,
    LwfPausing
} LWF_STATE;

typedef struct _LWF_MODULE {
    LIST_ENTRY      Link;
    NDIS_HANDLE     FilterHandle;
    NET_IFINDEX     IfIndex;
    LWF_STATE       State;

    volatile LONG64 TxFrames;
    volatile LONG64 RxFrames;
} LWF_MODULE, *PLWF_MODULE;

extern ULONG       g_DebugLevel;
extern NDIS_HANDLE g_FilterDriverHandle;
extern LIST_ENTRY  g_ModuleList;
extern NDIS_SPIN_LOCK g_ModuleListLock;

/* datapath.c */
FILTER_SEND_NET_BUFFER_LISTS           LwfSendNetBufferLists;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE  LwfSendNetBufferListsComplete;
FILTER_RECEIVE_NET_BUFFER_LISTS        LwfReceiveNetBufferLists;
FILTER_RETURN_NET_BUFFER_LISTS         LwfReturnNetBufferLists;

#endif
