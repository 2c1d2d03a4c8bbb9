#pragma once

extern "C" {
#include <ntddk.h>
#include <kbdmou.h>
#include <ntddmou.h>
#include <wdf.h>
#include <wdmsec.h>
}

#define MT_TAG                  'parT'
#define MT_CONTROL_NAME         L"\\Device\\MouseTrap"
#define MT_CONTROL_LINK         L"\\DosDevices\\MouseTrap"

#define IOCTL_MT_SET_LOCK       CTL_CODE(FILE_DEVICE_MOUSE, 0x810, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_MT_GET_STATS      CTL_CODE(FILE_DEVICE_MOUSE, 0x811, METHOD_BUFFERED, FILE_READ_ACCESS)

#define MTDBG(fmt, ...) DbgPrint("[mousetrap] " fmt "\n", ##__VA_ARGS__)

namespace mt {

struct FilterContext {
    WDFDEVICE       Self;
    CONNECT_DATA    Upper;
    BOOLEAN         InList;
    volatile LONG   Dropped;
    volatile LONG   Passed;
};

struct Stats {
    ULONG Locked;
    ULONG Filters;
    LONG  Dropped;
    LONG  Passed;
};

struct State {
    WDFDRIVER       Driver;
    WDFCOLLECTION   Filters;
    WDFWAITLOCK     FiltersLock;
    WDFDEVICE       Control;
    volatile LONG   Locked;
    PCALLBACK_OBJECT PowerObject;
    PVOID           PowerRegistration;
};

extern State g;

// power.cpp
NTSTATUS RegisterPowerCallback();
void UnregisterPowerCallback();

// control.cpp
NTSTATUS CreateControlDevice();
void DeleteControlDevice();

// filter.cpp
EVT_WDF_DRIVER_DEVICE_ADD EvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP EvtFilterCleanup;
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL EvtInternalIoctl;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtControlIoctl;

} // namespace mt

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(mt::FilterContext, GetFilterContext)
