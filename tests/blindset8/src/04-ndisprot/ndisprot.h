// ndisprot.h - raw-frame protocol driver ("pktio") with a control device
// that lets the capture tool open an adapter by name and read frames.
#pragma once

extern "C" {
#include <ndis.h>
#include <ntstrsafe.h>
}

#define PKTIO_TAG               'oItP'
#define PKTIO_NT_DEVICE_NAME    L"\\Device\\PktIo"
#define PKTIO_DOS_DEVICE_NAME   L"\\Global??\\PktIo"
#define PKTIO_PROTOCOL_NAME     L"PKTIO"

#define PKTIO_NDIS_MAJOR        6
#define PKTIO_NDIS_MINOR        0

#define IOCTL_PKTIO_OPEN_ADAPTER \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x200, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_PKTIO_QUERY_BINDING \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x201, METHOD_BUFFERED, FILE_READ_ACCESS)

// How far DriverEntry got; the same value drives the unwind in
// PktioTeardown, which Unload calls with InitStage::Complete.
enum class InitStage : ULONG {
    Nothing = 0,
    DeviceCreated,
    LinkCreated,
    ProtocolRegistered,
    Complete = ProtocolRegistered,
};

struct PktioBinding {
    LIST_ENTRY      Link;
    NDIS_HANDLE     BindingHandle;
    NDIS_STRING     DeviceName;
    ULONG           Flags;
    volatile LONG   RefCount;
};

struct PktioGlobals {
    PDRIVER_OBJECT  DriverObject;
    PDEVICE_OBJECT  ControlDevice;
    UNICODE_STRING  LinkName;
    NDIS_HANDLE     ProtocolHandle;
    NDIS_SPIN_LOCK  BindingsLock;
    LIST_ENTRY      Bindings;
    InitStage       Stage;
};

extern PktioGlobals g_Pktio;

// protocol.cpp
extern "C" {
SET_OPTIONS                         PktioSetOptions;
PROTOCOL_BIND_ADAPTER_EX            PktioBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX          PktioUnbindAdapter;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX   PktioOpenAdapterComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX  PktioCloseAdapterComplete;
PROTOCOL_NET_PNP_EVENT              PktioPnpEvent;
PROTOCOL_UNINSTALL                  PktioUninstall;
PROTOCOL_OID_REQUEST_COMPLETE       PktioOidRequestComplete;
PROTOCOL_STATUS_EX                  PktioStatus;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS   PktioReceiveNbls;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE PktioSendComplete;

// dispatch.cpp
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PktioCreateClose;
_Dispatch_type_(IRP_MJ_CLEANUP)
DRIVER_DISPATCH PktioCleanup;
_Dispatch_type_(IRP_MJ_READ)
DRIVER_DISPATCH PktioRead;
_Dispatch_type_(IRP_MJ_WRITE)
DRIVER_DISPATCH PktioWrite;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH PktioDeviceControl;
}
