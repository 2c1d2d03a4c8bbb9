#pragma once
//
// lwfmon - NDIS LWF that keeps per-adapter receive statistics and exposes
// them through \\.\LwfMon. Monitoring filter: it never modifies traffic.
//
#define NDIS630 1
#include <ndis.h>
#include "scope.h"

#define LWFMON_TAG          'noMW'
#define LWFMON_NDIS_MAJOR   6
#define LWFMON_NDIS_MINOR   30

#define KLOG(fmt, ...) KdPrint(("lwfmon!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__))

namespace lwfmon {

struct Module {
    LIST_ENTRY       Link;
    NDIS_HANDLE      FilterHandle;
    NDIS_HANDLE      NblPool;        // for probe frames
    NET_IFINDEX      IfIndex;
    volatile LONG    Running;
    volatile LONG64  RxNbls;
    volatile LONG64  RxBytes;
};

struct DriverGlobals {
    NDIS_HANDLE     FilterDriver;
    NDIS_HANDLE     DeviceHandle;
    PDEVICE_OBJECT  Device;
    NdisLock        Lock;
    LIST_ENTRY      Modules;
};

extern DriverGlobals G;

// module.cpp
FILTER_ATTACH                    FilterAttach;
FILTER_DETACH                    FilterDetach;
FILTER_RESTART                   FilterRestart;
FILTER_PAUSE                     FilterPause;
FILTER_RECEIVE_NET_BUFFER_LISTS  FilterReceive;
FILTER_RETURN_NET_BUFFER_LISTS   FilterReturn;

} // namespace lwfmon
