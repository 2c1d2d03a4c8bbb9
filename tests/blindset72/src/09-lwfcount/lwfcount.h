#pragma once
// lwfcount - NDIS LWF that counts rx/tx NBLs per binding and exposes them
// through an NDIS-managed control device.

#include <ndis.h>

#define LC_TAG        'tCcL'
#define LC_NBL_TAG    'bNcL'
#define LC_DEVICE     L"\\Device\\LwfCount"
#define LC_SYMLINK    L"\\DosDevices\\LwfCount"

#define LC_LOG(fmt, ...) KdPrint(("lwfcount: " fmt "\n", __VA_ARGS__))

#define IOCTL_LC_QUERY \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _LC_QUERY_OUT {
    ULONG   Modules;
    LONG64  Rx;
    LONG64  Tx;
} LC_QUERY_OUT;

namespace lc {

struct Module {
    LIST_ENTRY      Link;
    NDIS_HANDLE     FilterHandle;
    NDIS_HANDLE     NblPool;
    volatile LONG64 Rx;
    volatile LONG64 Tx;
};

class Driver {
public:
    static NTSTATUS Init(PDRIVER_OBJECT drv);
    static void     Shutdown();

    static NDIS_HANDLE    FilterDriverHandle;
    static NDIS_HANDLE    DeviceHandle;
    static PDEVICE_OBJECT Device;
    static NDIS_SPIN_LOCK Lock;
    static LIST_ENTRY     Modules;
    static ULONG          ModuleCount;

private:
    static NDIS_STATUS RegisterFilter(PDRIVER_OBJECT drv);
    static NDIS_STATUS RegisterDevice();
};

FILTER_ATTACH  Attach;
FILTER_DETACH  Detach;
FILTER_RESTART Restart;
FILTER_PAUSE   Pause;
FILTER_SEND_NET_BUFFER_LISTS    Send;
FILTER_RECEIVE_NET_BUFFER_LISTS Receive;
DRIVER_DISPATCH                 DeviceDispatch;

} // namespace lc
