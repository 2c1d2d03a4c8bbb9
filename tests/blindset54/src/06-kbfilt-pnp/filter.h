// filter.h - capsctl: PnP upper filter under kbdclass that turns
// CapsLock into a second Left-Ctrl. WDM on purpose (wanted to learn
// what KMDF hides), loosely after the kbfiltr layout.
#pragma once

extern "C" {
#include <ntddk.h>
#include <ntddkbd.h>
#include <kbdmou.h>
}

#define CAPS_TAG            'lCpC'

#define SC_CAPSLOCK         0x3A
#define SC_LCONTROL         0x1D

#define KLOG(fmt, ...)      KdPrint(("capsctl: " fmt "\n", __VA_ARGS__))
#define KLOG0(msg)          KdPrint(("capsctl: " msg "\n"))

namespace caps {

struct FilterExt {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Pdo;
    PDEVICE_OBJECT  Lower;
    IO_REMOVE_LOCK  RemoveLock;
    CONNECT_DATA    UpperConnect;       // kbdclass service we forward to
    BOOLEAN         Connected;
    volatile LONG   Remapped;
};

inline FilterExt* Ext(PDEVICE_OBJECT d)
{
    return static_cast<FilterExt*>(d->DeviceExtension);
}

class Filter {
public:
    static DRIVER_ADD_DEVICE AddDevice;
    static DRIVER_UNLOAD     Unload;

    static DRIVER_DISPATCH   DispatchPassThrough;
    static DRIVER_DISPATCH   DispatchPnp;
    static DRIVER_DISPATCH   DispatchPower;
    static DRIVER_DISPATCH   DispatchInternalIoctl;

    static VOID ServiceCallback(
        _In_ PDEVICE_OBJECT DeviceObject,
        _In_ PKEYBOARD_INPUT_DATA InputDataStart,
        _In_ PKEYBOARD_INPUT_DATA InputDataEnd,
        _Inout_ PULONG InputDataConsumed);

    static ULONG s_RemapFrom;
    static ULONG s_RemapTo;
    static NTSTATUS ReadSettings(_In_ PUNICODE_STRING RegistryPath);
};

} // namespace caps
