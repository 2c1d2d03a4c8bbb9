#pragma once
// lwfctl - NDIS LWF with a control device that lets a user-mode tool read
// per-adapter drop counters and toggle a "drop all inbound" switch.

#include <ndis.h>
#include "trace.h"

#define LWFCTL_TAG          'tCwL'
#define LWFCTL_DEVICE       L"\\Device\\LwfCtl"
#define LWFCTL_SYMLINK      L"\\DosDevices\\LwfCtl"
#define LWFCTL_FRIENDLY     L"LwfCtl Filter"
#define LWFCTL_UNIQUE       L"{0e1b9a54-3b1e-4c35-8e8f-6a4d1b7c2f90}"
#define LWFCTL_SERVICE      L"lwfctl"

#define IOCTL_LWFCTL_SET_DROP \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_LWFCTL_GET_DROPS \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x802, METHOD_BUFFERED, FILE_READ_ACCESS)

namespace lwfctl {

struct Module {
    NDIS_HANDLE     FilterHandle;
    volatile LONG64 Dropped;
    BOOLEAN         Running;
};

class Filter {
public:
    static NDIS_STATUS Register(PDRIVER_OBJECT driver);
    static void        Deregister();

    static NDIS_HANDLE   DriverHandle;
    static volatile LONG DropInbound;
    static volatile LONG64 TotalDropped;

    static FILTER_ATTACH  Attach;
    static FILTER_DETACH  Detach;
    static FILTER_RESTART Restart;
    static FILTER_PAUSE   Pause;
    static FILTER_RECEIVE_NET_BUFFER_LISTS Receive;
};

class Control {
public:
    static NDIS_STATUS Create();
    static void        Destroy();

    static PDEVICE_OBJECT Device;
    static NDIS_HANDLE    DeviceHandle;
};

} // namespace lwfctl
