// Filter.hpp - IoctlSpy: KMDF upper filter that forwards everything to its
// local I/O target and remembers the last IOCTLs seen below it.
#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
}

namespace flt {

constexpr ULONG kTag = 'ypSI';
constexpr ULONG kHistory = 32;

struct IoctlRecord {
    ULONG    Code;
    NTSTATUS Status;
};

struct DeviceContext {
    WDFIOTARGET   Target;           // the next-lower driver
    WDFSPINLOCK   HistoryLock;
    ULONG         Next;
    IoctlRecord   History[kHistory];
    volatile LONG Failures;
    bool          InCollection;
};

struct DriverContext {
    WDFCOLLECTION Devices;          // every filter instance we created
    WDFWAITLOCK   DevicesLock;
};

} // namespace flt

// the WDF context macros paste the type name into identifiers, so they need
// plain names at global scope
typedef flt::DeviceContext SPY_DEVICE_CONTEXT;
typedef flt::DriverContext SPY_DRIVER_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(SPY_DEVICE_CONTEXT, SpyGetDeviceContext)
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(SPY_DRIVER_CONTEXT, SpyGetDriverContext)

namespace flt {

// one spelling for every context accessor
template <typename T> T* Ctx(WDFOBJECT object);
template <> inline DeviceContext* Ctx<DeviceContext>(WDFOBJECT o) { return SpyGetDeviceContext(o); }
template <> inline DriverContext* Ctx<DriverContext>(WDFOBJECT o) { return SpyGetDriverContext(o); }

class Filter {
public:
    static NTSTATUS CreateGlobals(_In_ WDFDRIVER driver);

    static EVT_WDF_DRIVER_DEVICE_ADD EvtDeviceAdd;
    static EVT_WDF_OBJECT_CONTEXT_CLEANUP EvtDriverCleanup;

private:
    static EVT_WDF_OBJECT_CONTEXT_CLEANUP EvtDeviceCleanup;
    static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtIoDeviceControl;
    static EVT_WDF_IO_QUEUE_IO_DEFAULT EvtIoDefault;

    static void SendAndForget(WDFREQUEST request, WDFIOTARGET target);
    static void Remember(DeviceContext* ctx, ULONG code, NTSTATUS status);
};

} // namespace flt
