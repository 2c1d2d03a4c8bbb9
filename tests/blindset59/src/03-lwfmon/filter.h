/*
 * lwfmon - tiny NDIS 6.30 lightweight filter that counts received frames
 * per binding and reports them through a control device.
 */
#ifndef _LWFMON_FILTER_H_
#define _LWFMON_FILTER_H_

#define NDIS630 1
#include <ndis.h>

#define LWF_TAG                 'nMwL'
#define FILTER_FRIENDLY_NAME    L"lwfmon NDIS Filter"
#define FILTER_UNIQUE_NAME      L"{3b0f5f6a-6d2e-4a70-9c12-4f2d7f0e8b41}"
#define FILTER_SERVICE_NAME     L"lwfmon"
#define LWF_DEVICE_NAME         L"\\Device\\lwfmon"
#define LWF_LINK_NAME           L"\\DosDevices\\lwfmon"

#define IOCTL_LWF_QUERY_COUNTS  CTL_CODE(FILE_DEVICE_NETWORK, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

/* ---- logging ------------------------------------------------------ */
#define LOG_ERR(...)    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "lwfmon: " __VA_ARGS__)
#define LOG_TRACE(...)  DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_TRACE_LEVEL, "lwfmon: " __VA_ARGS__)
#define LOG_ENTER()     LOG_TRACE("--> %s\n", __FUNCTION__)
#define LOG_EXIT(s)     LOG_TRACE("<-- %s 0x%08X\n", __FUNCTION__, (s))

#define CHECK_NDIS(st, what)                                    \
    if ((st) != NDIS_STATUS_SUCCESS) {                          \
        LOG_ERR("%s failed, status 0x%08X\n", (what), (st));    \
        break;                                                  \
    }

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
    volatile LONG64 RxFrames;
} LWF_MODULE, *PLWF_MODULE;

typedef struct _LWF_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    NDIS_HANDLE     FilterDriverHandle;
    NDIS_HANDLE     NdisDeviceHandle;
    PDEVICE_OBJECT  ControlDevice;
    NDIS_SPIN_LOCK  FilterListLock;
    LIST_ENTRY      FilterModuleList;
    ULONG           ModuleCount;
} LWF_GLOBALS;

typedef struct _LWF_COUNTS_OUT {
    ULONG   IfIndex;
    ULONG   Reserved;
    LONG64  RxFrames;
} LWF_COUNTS_OUT, *PLWF_COUNTS_OUT;

extern LWF_GLOBALS Globals;

/* device.c */
BOOLEAN lwfRegisterDevice(VOID);
VOID    lwfDeregisterDevice(VOID);

#endif
